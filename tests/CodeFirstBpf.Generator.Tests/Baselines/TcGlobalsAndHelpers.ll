; ModuleID = "TcGlobalsAndHelpers"
source_filename = "TcGlobalsAndHelpers"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@Limit = dso_local global i32 100, section ".rodata", align 4, !dbg !10
@Seen = dso_local global i64 zeroinitializer, section ".bss", align 8, !dbg !13
@__fmt_0 = internal constant [8 x i8] c"mark %d\00", section ".rodata", align 1
@LICENSE = dso_local global [4 x i8] c"GPL\00", section "license", align 1, !dbg !63
@llvm.compiler.used = appending global [4 x ptr] [ptr @Limit, ptr @Seen, ptr @Mark, ptr @LICENSE], section "llvm.metadata"

define dso_local i32 @Mark(ptr noundef %a.ctx) #0 section "tc" !dbg !39 {
entry:
  %t0 = alloca ptr, align 8
  call void @llvm.dbg.value(metadata ptr %a.ctx, metadata !42, metadata !DIExpression()), !dbg !44
  store ptr %a.ctx, ptr %t0, align 8, !dbg !44
  %t1 = atomicrmw add ptr @Seen, i64 1 seq_cst, align 8, !dbg !45
  %t2 = add i64 %t1, 1, !dbg !45
  %t3 = load ptr, ptr %t0, align 8, !dbg !46
  %t4 = getelementptr inbounds i8, ptr %t3, i64 8, !dbg !46
  %t5 = load i32, ptr %t4, align 4, !dbg !46
  %t6 = load ptr, ptr %t0, align 8, !dbg !46
  %t7 = load i32, ptr %t6, align 4, !dbg !46
  %t8 = call i32 @Scale(i32 noundef %t7, i32 noundef 3), !dbg !46
  %t9 = add i32 %t5, %t8, !dbg !46
  store i32 %t9, ptr %t4, align 4, !dbg !46
  %t10 = load ptr, ptr %t0, align 8, !dbg !47
  %t11 = getelementptr inbounds i8, ptr %t10, i64 32, !dbg !47
  %t12 = load ptr, ptr %t0, align 8, !dbg !47
  %t13 = getelementptr inbounds i8, ptr %t12, i64 8, !dbg !47
  %t14 = load i32, ptr %t13, align 4, !dbg !47
  %t15 = load volatile i32, ptr @Limit, align 4, !dbg !47
  %t16 = icmp ult i32 %t14, %t15, !dbg !47
  %t17 = select i1 %t16, i32 %t14, i32 %t15, !dbg !47
  store i32 %t17, ptr %t11, align 4, !dbg !47
  %t18 = load ptr, ptr %t0, align 8, !dbg !48
  %t19 = getelementptr inbounds i8, ptr %t18, i64 8, !dbg !48
  %t20 = load i32, ptr %t19, align 4, !dbg !48
  %t21 = zext i32 %t20 to i64, !dbg !48
  %t22 = call i64 inttoptr (i64 6 to ptr)(ptr @__fmt_0, i32 8, i64 %t21), !dbg !48
  %t23 = load ptr, ptr %t0, align 8, !dbg !49
  %t24 = getelementptr inbounds i8, ptr %t23, i64 8, !dbg !49
  %t25 = load i32, ptr %t24, align 4, !dbg !49
  %t26 = load volatile i32, ptr @Limit, align 4, !dbg !49
  %t27 = icmp ugt i32 %t25, %t26, !dbg !49
  br i1 %t27, label %cond.true, label %cond.false, !dbg !49
cond.true:
  br label %cond.end, !dbg !49
cond.false:
  br label %cond.end, !dbg !49
cond.end:
  %t28 = phi i32 [ 2, %cond.true ], [ 0, %cond.false ], !dbg !49
  br label %return, !dbg !49
return:
  ret i32 %t28
}

define internal i32 @Scale(i32 noundef %a.v, i32 noundef %a.by) #2 !dbg !50 {
entry:
  %t0 = alloca i32, align 4
  %t1 = alloca i32, align 4
  call void @llvm.dbg.value(metadata i32 %a.v, metadata !53, metadata !DIExpression()), !dbg !56
  call void @llvm.dbg.value(metadata i32 %a.by, metadata !54, metadata !DIExpression()), !dbg !56
  store i32 %a.v, ptr %t0, align 4, !dbg !56
  store i32 %a.by, ptr %t1, align 4, !dbg !56
  %t2 = load i32, ptr %t0, align 4, !dbg !57
  %t3 = load i32, ptr %t1, align 4, !dbg !57
  %t4 = call i32 asm "", "=r,0"(i32 %t3) #3, !dbg !57
  %t5 = udiv i32 %t2, %t4, !dbg !57
  %t6 = load i32, ptr %t0, align 4, !dbg !57
  %t7 = load i32, ptr %t1, align 4, !dbg !57
  %t8 = call i32 asm "", "=r,0"(i32 %t7) #3, !dbg !57
  %t9 = urem i32 %t6, %t8, !dbg !57
  %t10 = add i32 %t5, %t9, !dbg !57
  br label %return, !dbg !57
return:
  ret i32 %t10
}

declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg)
declare void @llvm.dbg.value(metadata, metadata, metadata)
declare i16 @llvm.bswap.i16(i16)
declare i32 @llvm.bswap.i32(i32)
declare i64 @llvm.bswap.i64(i64)

attributes #0 = { nounwind "frame-pointer"="all" }
attributes #1 = { alwaysinline nounwind "frame-pointer"="all" }
attributes #2 = { noinline nounwind "frame-pointer"="all" }
attributes #3 = { nounwind readnone }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3, !4, !5}
!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "CodeFirstBpf", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !64, splitDebugInlining: false, nameTableKind: None)
!1 = !DIFile(filename: "/src/proj/Program.cs", directory: "", source: "using System; using System.Threading; using System.Runtime.CompilerServices; using System.Runtime.InteropServices; using CodeFirstBpf; using CodeFirstBpf.Net;\0Apublic static unsafe partial class TcGlobalsAndHelpers\0A{\0A    [Config] static readonly uint Limit = 100;\0A    static ulong Seen;\0A    const string Format = \22mark \22 + \22%d\22;\0A\0A    [MethodImpl(MethodImplOptions.NoInlining)]\0A    static uint Scale(uint v, uint by) => v / by + v % by;\0A\0A    [Tc]\0A    public static TcAction Mark(TcContext ctx)\0A    {\0A        Interlocked.Add(ref Seen, 1);\0A        ctx.Mark += Scale(ctx.Len, 3);\0A        ctx.Priority = Math.Min(ctx.Mark, Limit);\0A        Bpf.Printk(Format, ctx.Mark);\0A        return ctx.Mark > Limit ? TcAction.Shot : TcAction.Ok;\0A    }\0A}")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 1, !"wchar_size", i32 4}
!5 = !{i32 7, !"frame-pointer", i32 2}
!6 = !DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)
!7 = !DIDerivedType(tag: DW_TAG_volatile_type, baseType: !6)
!8 = !DIDerivedType(tag: DW_TAG_const_type, baseType: !7)
!9 = distinct !DIGlobalVariable(name: "Limit", scope: !0, file: !1, line: 4, type: !8, isLocal: false, isDefinition: true)
!10 = !DIGlobalVariableExpression(var: !9, expr: !DIExpression())
!11 = !DIBasicType(name: "unsigned long long", size: 64, encoding: DW_ATE_unsigned)
!12 = distinct !DIGlobalVariable(name: "Seen", scope: !0, file: !1, line: 5, type: !11, isLocal: false, isDefinition: true)
!13 = !DIGlobalVariableExpression(var: !12, expr: !DIExpression())
!14 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "__sk_buff", file: !1, size: 1536, elements: !36)
!15 = !DIDerivedType(tag: DW_TAG_member, name: "len", scope: !14, file: !1, baseType: !6, size: 32, offset: 0)
!16 = !DIDerivedType(tag: DW_TAG_member, name: "pkt_type", scope: !14, file: !1, baseType: !6, size: 32, offset: 32)
!17 = !DIDerivedType(tag: DW_TAG_member, name: "mark", scope: !14, file: !1, baseType: !6, size: 32, offset: 64)
!18 = !DIDerivedType(tag: DW_TAG_member, name: "queue_mapping", scope: !14, file: !1, baseType: !6, size: 32, offset: 96)
!19 = !DIDerivedType(tag: DW_TAG_member, name: "protocol", scope: !14, file: !1, baseType: !6, size: 32, offset: 128)
!20 = !DIDerivedType(tag: DW_TAG_member, name: "vlan_present", scope: !14, file: !1, baseType: !6, size: 32, offset: 160)
!21 = !DIDerivedType(tag: DW_TAG_member, name: "vlan_tci", scope: !14, file: !1, baseType: !6, size: 32, offset: 192)
!22 = !DIDerivedType(tag: DW_TAG_member, name: "vlan_proto", scope: !14, file: !1, baseType: !6, size: 32, offset: 224)
!23 = !DIDerivedType(tag: DW_TAG_member, name: "priority", scope: !14, file: !1, baseType: !6, size: 32, offset: 256)
!24 = !DIDerivedType(tag: DW_TAG_member, name: "ingress_ifindex", scope: !14, file: !1, baseType: !6, size: 32, offset: 288)
!25 = !DIDerivedType(tag: DW_TAG_member, name: "ifindex", scope: !14, file: !1, baseType: !6, size: 32, offset: 320)
!26 = !DIDerivedType(tag: DW_TAG_member, name: "tc_index", scope: !14, file: !1, baseType: !6, size: 32, offset: 352)
!27 = !DISubrange(count: 5)
!28 = !{!27}
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !6, size: 160, elements: !28)
!30 = !DIDerivedType(tag: DW_TAG_member, name: "cb", scope: !14, file: !1, baseType: !29, size: 160, offset: 384)
!31 = !DIDerivedType(tag: DW_TAG_member, name: "hash", scope: !14, file: !1, baseType: !6, size: 32, offset: 544)
!32 = !DIDerivedType(tag: DW_TAG_member, name: "tc_classid", scope: !14, file: !1, baseType: !6, size: 32, offset: 576)
!33 = !DIDerivedType(tag: DW_TAG_member, name: "data", scope: !14, file: !1, baseType: !6, size: 32, offset: 608)
!34 = !DIDerivedType(tag: DW_TAG_member, name: "data_end", scope: !14, file: !1, baseType: !6, size: 32, offset: 640)
!35 = !DIDerivedType(tag: DW_TAG_member, name: "data_meta", scope: !14, file: !1, baseType: !6, size: 32, offset: 1120)
!36 = !{!15, !16, !17, !18, !19, !20, !21, !22, !23, !24, !25, !26, !30, !31, !32, !33, !34, !35}
!37 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !14, size: 64)
!38 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!39 = distinct !DISubprogram(name: "Mark", scope: !1, file: !1, line: 11, type: !41, scopeLine: 11, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !43)
!40 = !{!38, !37}
!41 = !DISubroutineType(types: !40)
!42 = !DILocalVariable(name: "ctx", arg: 1, scope: !39, file: !1, line: 11, type: !37)
!43 = !{!42}
!44 = !DILocation(line: 11, column: 1, scope: !39)
!45 = !DILocation(line: 14, column: 9, scope: !39)
!46 = !DILocation(line: 15, column: 9, scope: !39)
!47 = !DILocation(line: 16, column: 9, scope: !39)
!48 = !DILocation(line: 17, column: 9, scope: !39)
!49 = !DILocation(line: 18, column: 9, scope: !39)
!50 = distinct !DISubprogram(name: "Scale", scope: !1, file: !1, line: 8, type: !52, scopeLine: 8, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !55)
!51 = !{!6, !6, !6}
!52 = !DISubroutineType(types: !51)
!53 = !DILocalVariable(name: "v", arg: 1, scope: !50, file: !1, line: 8, type: !6)
!54 = !DILocalVariable(name: "by", arg: 2, scope: !50, file: !1, line: 8, type: !6)
!55 = !{!53, !54}
!56 = !DILocation(line: 8, column: 1, scope: !50)
!57 = !DILocation(line: 9, column: 43, scope: !50)
!58 = !DIBasicType(name: "char", size: 8, encoding: DW_ATE_signed)
!59 = !DISubrange(count: 4)
!60 = !{!59}
!61 = !DICompositeType(tag: DW_TAG_array_type, baseType: !58, size: 32, elements: !60)
!62 = distinct !DIGlobalVariable(name: "LICENSE", scope: !0, file: !1, line: 2, type: !61, isLocal: false, isDefinition: true)
!63 = !DIGlobalVariableExpression(var: !62, expr: !DIExpression())
!64 = !{!10, !13, !63}
!65 = !{}
