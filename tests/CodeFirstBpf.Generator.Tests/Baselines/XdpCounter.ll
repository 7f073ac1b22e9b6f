; ModuleID = "XdpCounter"
source_filename = "XdpCounter"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@Packets = dso_local global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !26
@BySource = dso_local global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !38
@LICENSE = dso_local global [4 x i8] c"GPL\00", section "license", align 1, !dbg !75
@llvm.compiler.used = appending global [4 x ptr] [ptr @Packets, ptr @BySource, ptr @Count, ptr @LICENSE], section "llvm.metadata"

define dso_local i32 @Count(ptr noundef %a.ctx) #0 section "xdp" !dbg !48 {
entry:
  %t0 = alloca ptr, align 8
  %t1 = alloca ptr, align 8
  %t2 = alloca i32, align 4
  %t9 = alloca ptr, align 8
  %t23 = alloca ptr, align 8
  %t32 = alloca i64, align 8
  call void @llvm.dbg.value(metadata ptr %a.ctx, metadata !51, metadata !DIExpression()), !dbg !53
  store ptr %a.ctx, ptr %t0, align 8, !dbg !53
  store i32 0, ptr %t2, align 4, !dbg !54
  %t3 = call ptr inttoptr (i64 1 to ptr)(ptr @Packets, ptr %t2), !dbg !54
  store ptr %t3, ptr %t1, align 8, !dbg !54
  %t4 = load ptr, ptr %t1, align 8, !dbg !55
  %t5 = icmp ne ptr %t4, null, !dbg !55
  br i1 %t5, label %if.then, label %if.end, !dbg !55
if.then:
  %t6 = load ptr, ptr %t1, align 8, !dbg !56
  %t7 = load i64, ptr %t6, align 8, !alias.scope !61, !noalias !60, !dbg !56
  %t8 = add i64 %t7, 1, !dbg !56
  store i64 %t8, ptr %t6, align 8, !alias.scope !61, !noalias !60, !dbg !56
  br label %if.end, !dbg !56
if.end:
  %t10 = load ptr, ptr %t0, align 8, !dbg !62
  %t11 = load i32, ptr %t10, align 4, !invariant.load !77, !dbg !62
  %t12 = zext i32 %t11 to i64, !dbg !62
  %t13 = inttoptr i64 %t12 to ptr, !dbg !62
  %t14 = getelementptr inbounds i8, ptr %t13, i64 14, !dbg !62
  store ptr %t14, ptr %t9, align 8, !dbg !62
  %t15 = load ptr, ptr %t9, align 8, !dbg !63
  %t16 = getelementptr inbounds i8, ptr %t15, i64 20, !dbg !63
  %t17 = load ptr, ptr %t0, align 8, !dbg !63
  %t18 = getelementptr inbounds i8, ptr %t17, i64 4, !dbg !63
  %t19 = load i32, ptr %t18, align 4, !invariant.load !77, !dbg !63
  %t20 = zext i32 %t19 to i64, !dbg !63
  %t21 = inttoptr i64 %t20 to ptr, !dbg !63
  %t22 = icmp ugt ptr %t16, %t21, !dbg !63
  br i1 %t22, label %if.then.1, label %if.end.1, !dbg !63
if.then.1:
  br label %return, !dbg !64
if.end.1:
  %t24 = load ptr, ptr %t9, align 8, !dbg !65
  %t25 = getelementptr inbounds i8, ptr %t24, i64 12, !dbg !65
  %t26 = call ptr inttoptr (i64 1 to ptr)(ptr @BySource, ptr %t25), !dbg !65
  store ptr %t26, ptr %t23, align 8, !dbg !65
  %t27 = load ptr, ptr %t23, align 8, !dbg !66
  %t28 = icmp ne ptr %t27, null, !dbg !66
  br i1 %t28, label %if.then.2, label %if.else, !dbg !66
if.then.2:
  %t29 = load ptr, ptr %t23, align 8, !dbg !67
  %t30 = atomicrmw add ptr %t29, i64 1 seq_cst, align 8, !dbg !67
  %t31 = add i64 %t30, 1, !dbg !67
  br label %if.end.2, !dbg !67
if.else:
  store i64 1, ptr %t32, align 8, !dbg !68
  %t33 = load ptr, ptr %t9, align 8, !dbg !68
  %t34 = getelementptr inbounds i8, ptr %t33, i64 12, !dbg !68
  %t35 = call i64 inttoptr (i64 2 to ptr)(ptr @BySource, ptr %t34, ptr %t32, i64 0), !dbg !68
  br label %if.end.2, !dbg !68
if.end.2:
  %t36 = load ptr, ptr %t9, align 8, !dbg !69
  %t37 = getelementptr inbounds i8, ptr %t36, i64 9, !dbg !69
  %t38 = load i8, ptr %t37, align 1, !alias.scope !60, !noalias !61, !dbg !69
  %t39 = zext i8 %t38 to i32, !dbg !69
  %t40 = icmp eq i32 %t39, 1, !dbg !69
  br i1 %t40, label %cond.true, label %cond.false, !dbg !69
cond.true:
  br label %cond.end, !dbg !69
cond.false:
  br label %cond.end, !dbg !69
cond.end:
  %t41 = phi i32 [ 1, %cond.true ], [ 2, %cond.false ], !dbg !69
  br label %return, !dbg !69
return:
  %t42 = phi i32 [ 2, %if.then.1 ], [ %t41, %cond.end ]
  ret i32 %t42
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
!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "CodeFirstBpf", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !76, splitDebugInlining: false, nameTableKind: None)
!1 = !DIFile(filename: "/src/proj/Program.cs", directory: "", source: "using System; using System.Threading; using System.Runtime.CompilerServices; using System.Runtime.InteropServices; using CodeFirstBpf; using CodeFirstBpf.Net;\0Apublic static unsafe partial class XdpCounter\0A{\0A    static readonly PerCpuArrayMap<ulong> Packets = new(maxEntries: 1);\0A    static readonly HashMap<uint, ulong> BySource = new(maxEntries: 1024);\0A\0A    [Xdp]\0A    public static XdpAction Count(XdpContext ctx)\0A    {\0A        ulong* n = Packets.Lookup(0);\0A        if (n != null) (*n)++;\0A        var ip = (IPv4Header*)(ctx.Data + 14);\0A        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;\0A        ulong* s = BySource.Lookup(ip->SourceAddress);\0A        if (s != null) Interlocked.Increment(ref *s);\0A        else BySource.Update(ip->SourceAddress, 1);\0A        return ip->Protocol == IpProtocol.Icmp ? XdpAction.Drop : XdpAction.Pass;\0A    }\0A}")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 1, !"wchar_size", i32 4}
!5 = !{i32 7, !"frame-pointer", i32 2}
!6 = distinct !DICompositeType(tag: DW_TAG_structure_type, file: !1, line: 4, size: 256, elements: !24)
!7 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!8 = !DISubrange(count: 6)
!9 = !{!8}
!10 = !DICompositeType(tag: DW_TAG_array_type, baseType: !7, size: 192, elements: !9)
!11 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !10, size: 64)
!12 = !DIDerivedType(tag: DW_TAG_member, name: "type", scope: !6, file: !1, line: 4, baseType: !11, size: 64, offset: 0)
!13 = !DISubrange(count: 1)
!14 = !{!13}
!15 = !DICompositeType(tag: DW_TAG_array_type, baseType: !7, size: 32, elements: !14)
!16 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !15, size: 64)
!17 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", scope: !6, file: !1, line: 4, baseType: !16, size: 64, offset: 64)
!18 = !DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)
!19 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !18, size: 64)
!20 = !DIDerivedType(tag: DW_TAG_member, name: "key", scope: !6, file: !1, line: 4, baseType: !19, size: 64, offset: 128)
!21 = !DIBasicType(name: "unsigned long long", size: 64, encoding: DW_ATE_unsigned)
!22 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !21, size: 64)
!23 = !DIDerivedType(tag: DW_TAG_member, name: "value", scope: !6, file: !1, line: 4, baseType: !22, size: 64, offset: 192)
!24 = !{!12, !17, !20, !23}
!25 = distinct !DIGlobalVariable(name: "Packets", scope: !0, file: !1, line: 4, type: !6, isLocal: false, isDefinition: true)
!26 = !DIGlobalVariableExpression(var: !25, expr: !DIExpression())
!27 = distinct !DICompositeType(tag: DW_TAG_structure_type, file: !1, line: 5, size: 256, elements: !36)
!28 = !DIDerivedType(tag: DW_TAG_member, name: "type", scope: !27, file: !1, line: 5, baseType: !16, size: 64, offset: 0)
!29 = !DISubrange(count: 1024)
!30 = !{!29}
!31 = !DICompositeType(tag: DW_TAG_array_type, baseType: !7, size: 32768, elements: !30)
!32 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !31, size: 64)
!33 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", scope: !27, file: !1, line: 5, baseType: !32, size: 64, offset: 64)
!34 = !DIDerivedType(tag: DW_TAG_member, name: "key", scope: !27, file: !1, line: 5, baseType: !19, size: 64, offset: 128)
!35 = !DIDerivedType(tag: DW_TAG_member, name: "value", scope: !27, file: !1, line: 5, baseType: !22, size: 64, offset: 192)
!36 = !{!28, !33, !34, !35}
!37 = distinct !DIGlobalVariable(name: "BySource", scope: !0, file: !1, line: 5, type: !27, isLocal: false, isDefinition: true)
!38 = !DIGlobalVariableExpression(var: !37, expr: !DIExpression())
!39 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "xdp_md", file: !1, size: 192, elements: !46)
!40 = !DIDerivedType(tag: DW_TAG_member, name: "data", scope: !39, file: !1, baseType: !18, size: 32, offset: 0)
!41 = !DIDerivedType(tag: DW_TAG_member, name: "data_end", scope: !39, file: !1, baseType: !18, size: 32, offset: 32)
!42 = !DIDerivedType(tag: DW_TAG_member, name: "data_meta", scope: !39, file: !1, baseType: !18, size: 32, offset: 64)
!43 = !DIDerivedType(tag: DW_TAG_member, name: "ingress_ifindex", scope: !39, file: !1, baseType: !18, size: 32, offset: 96)
!44 = !DIDerivedType(tag: DW_TAG_member, name: "rx_queue_index", scope: !39, file: !1, baseType: !18, size: 32, offset: 128)
!45 = !DIDerivedType(tag: DW_TAG_member, name: "egress_ifindex", scope: !39, file: !1, baseType: !18, size: 32, offset: 160)
!46 = !{!40, !41, !42, !43, !44, !45}
!47 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !39, size: 64)
!48 = distinct !DISubprogram(name: "Count", scope: !1, file: !1, line: 7, type: !50, scopeLine: 7, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !52)
!49 = !{!7, !47}
!50 = !DISubroutineType(types: !49)
!51 = !DILocalVariable(name: "ctx", arg: 1, scope: !48, file: !1, line: 7, type: !47)
!52 = !{!51}
!53 = !DILocation(line: 7, column: 1, scope: !48)
!54 = !DILocation(line: 10, column: 9, scope: !48)
!55 = !DILocation(line: 11, column: 9, scope: !48)
!56 = !DILocation(line: 11, column: 24, scope: !48)
!57 = distinct !{!57, !"CodeFirstBpf memory"}
!58 = distinct !{!58, !57, !"packet"}
!59 = distinct !{!59, !57, !"map value"}
!60 = !{!58}
!61 = !{!59}
!62 = !DILocation(line: 12, column: 9, scope: !48)
!63 = !DILocation(line: 13, column: 9, scope: !48)
!64 = !DILocation(line: 13, column: 35, scope: !48)
!65 = !DILocation(line: 14, column: 9, scope: !48)
!66 = !DILocation(line: 15, column: 9, scope: !48)
!67 = !DILocation(line: 15, column: 24, scope: !48)
!68 = !DILocation(line: 16, column: 14, scope: !48)
!69 = !DILocation(line: 17, column: 9, scope: !48)
!70 = !DIBasicType(name: "char", size: 8, encoding: DW_ATE_signed)
!71 = !DISubrange(count: 4)
!72 = !{!71}
!73 = !DICompositeType(tag: DW_TAG_array_type, baseType: !70, size: 32, elements: !72)
!74 = distinct !DIGlobalVariable(name: "LICENSE", scope: !0, file: !1, line: 2, type: !73, isLocal: false, isDefinition: true)
!75 = !DIGlobalVariableExpression(var: !74, expr: !DIExpression())
!76 = !{!26, !38, !75}
!77 = !{}
