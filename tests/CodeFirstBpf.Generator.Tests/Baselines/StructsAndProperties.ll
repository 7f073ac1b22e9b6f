; ModuleID = "StructsAndProperties"
source_filename = "StructsAndProperties"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@Flows = dso_local global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !29
@LICENSE = dso_local global [4 x i8] c"GPL\00", section "license", align 1, !dbg !78
@llvm.compiler.used = appending global [3 x ptr] [ptr @Flows, ptr @Track, ptr @LICENSE], section "llvm.metadata"

define dso_local i32 @Track(ptr noundef %a.ctx) #0 section "xdp" !dbg !39 {
entry:
  %t0 = alloca ptr, align 8
  %t1 = alloca [8 x i8], align 4
  %t17 = alloca ptr, align 8
  %t18 = alloca i32, align 4
  %t36 = alloca i32, align 4
  %t37 = alloca i32, align 4
  call void @llvm.dbg.value(metadata ptr %a.ctx, metadata !42, metadata !DIExpression()), !dbg !44
  store ptr %a.ctx, ptr %t0, align 8, !dbg !44
  call void @llvm.memset.p0.i64(ptr align 4 %t1, i8 0, i64 8, i1 false), !dbg !45
  %t2 = load ptr, ptr %t0, align 8, !dbg !45
  %t3 = getelementptr inbounds i8, ptr %t2, i64 4, !dbg !45
  %t4 = load i32, ptr %t3, align 4, !invariant.load !80, !dbg !45
  %t5 = zext i32 %t4 to i64, !dbg !45
  %t6 = inttoptr i64 %t5 to ptr, !dbg !45
  %t7 = ptrtoint ptr %t6 to i64, !dbg !45
  %t8 = load ptr, ptr %t0, align 8, !dbg !45
  %t9 = load i32, ptr %t8, align 4, !invariant.load !80, !dbg !45
  %t10 = zext i32 %t9 to i64, !dbg !45
  %t11 = inttoptr i64 %t10 to ptr, !dbg !45
  %t12 = ptrtoint ptr %t11 to i64, !dbg !45
  %t13 = sub i64 %t7, %t12, !dbg !45
  %t14 = call i64 @llvm.bpf.passthrough.i64.i64(i32 0, i64 %t13), !dbg !45
  %t15 = trunc i64 %t14 to i32, !dbg !45
  %t16 = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %t15), !dbg !45
  call void @Flow__ctor(ptr noundef %t1, i32 noundef %t16), !dbg !45
  %t19 = load ptr, ptr %t0, align 8, !dbg !46
  %t20 = getelementptr inbounds i8, ptr %t19, i64 16, !dbg !46
  %t21 = load i32, ptr %t20, align 4, !dbg !46
  %t22 = and i32 %t21, 3, !dbg !46
  store i32 %t22, ptr %t18, align 4, !dbg !46
  %t23 = call ptr inttoptr (i64 1 to ptr)(ptr @Flows, ptr %t18), !dbg !46
  store ptr %t23, ptr %t17, align 8, !dbg !46
  %t24 = load ptr, ptr %t17, align 8, !dbg !47
  %t25 = icmp eq ptr %t24, null, !dbg !47
  br i1 %t25, label %if.then, label %if.end, !dbg !47
if.then:
  br label %return, !dbg !48
if.end:
  %t26 = load ptr, ptr %t17, align 8, !dbg !49
  %t27 = load i32, ptr %t26, align 4, !alias.scope !54, !noalias !53, !dbg !49
  %t28 = load i32, ptr %t1, align 4, !dbg !49
  %t29 = add i32 %t27, %t28, !dbg !49
  store i32 %t29, ptr %t26, align 4, !alias.scope !54, !noalias !53, !dbg !49
  %t30 = load ptr, ptr %t17, align 8, !dbg !55
  %t31 = getelementptr inbounds i8, ptr %t30, i64 4, !dbg !55
  %t32 = load i32, ptr %t31, align 4, !dbg !55
  %t33 = getelementptr inbounds i8, ptr %t1, i64 4, !dbg !55
  %t34 = load i32, ptr %t33, align 4, !dbg !55
  %t35 = add i32 %t32, %t34, !dbg !55
  store i32 %t35, ptr %t31, align 4, !dbg !55
  %t38 = load ptr, ptr %t17, align 8, !dbg !56
  %t39 = call i32 @Flow__get_Average(ptr noundef %t38), !dbg !56
  %t40 = call i32 @Flow__get_Average(ptr noundef %t1), !dbg !56
  store i32 %t39, ptr %t36, align 4, !dbg !56
  store i32 %t40, ptr %t37, align 4, !dbg !56
  %t41 = load i32, ptr %t36, align 4, !dbg !57
  %t42 = load i32, ptr %t37, align 4, !dbg !57
  %t43 = icmp ugt i32 %t41, %t42, !dbg !57
  br i1 %t43, label %cond.true, label %cond.false, !dbg !57
cond.true:
  br label %cond.end, !dbg !57
cond.false:
  br label %cond.end, !dbg !57
cond.end:
  %t44 = phi i32 [ 1, %cond.true ], [ 2, %cond.false ], !dbg !57
  br label %return, !dbg !57
return:
  %t45 = phi i32 [ 2, %if.then ], [ %t44, %cond.end ]
  ret i32 %t45
}

define internal void @Flow__ctor(ptr noundef %a.this, i32 noundef %a.bytes) #1 !dbg !59 {
entry:
  %t0 = alloca i32, align 4
  call void @llvm.dbg.value(metadata ptr %a.this, metadata !62, metadata !DIExpression()), !dbg !65
  call void @llvm.dbg.value(metadata i32 %a.bytes, metadata !63, metadata !DIExpression()), !dbg !65
  store i32 %a.bytes, ptr %t0, align 4, !dbg !65
  store i32 1, ptr %a.this, align 4, !dbg !66
  %t1 = getelementptr inbounds i8, ptr %a.this, i64 4, !dbg !67
  %t2 = load i32, ptr %t0, align 4, !dbg !67
  store i32 %t2, ptr %t1, align 4, !dbg !67
  br label %return, !dbg !67
return:
  ret void
}

define internal i32 @Flow__get_Average(ptr noundef %a.this) #1 !dbg !68 {
entry:
  call void @llvm.dbg.value(metadata ptr %a.this, metadata !71, metadata !DIExpression()), !dbg !73
  %t0 = load i32, ptr %a.this, align 4, !dbg !74
  %t1 = icmp eq i32 %t0, 0, !dbg !74
  br i1 %t1, label %cond.true, label %cond.false, !dbg !74
cond.true:
  br label %cond.end, !dbg !74
cond.false:
  %t2 = getelementptr inbounds i8, ptr %a.this, i64 4, !dbg !74
  %t3 = load i32, ptr %t2, align 4, !dbg !74
  %t4 = load i32, ptr %a.this, align 4, !dbg !74
  %t5 = call i32 asm "", "=r,0"(i32 %t4) #3, !dbg !74
  %t6 = udiv i32 %t3, %t5, !dbg !74
  br label %cond.end, !dbg !74
cond.end:
  %t7 = phi i32 [ 0, %cond.true ], [ %t6, %cond.false ], !dbg !74
  br label %return, !dbg !74
return:
  ret i32 %t7
}

declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg)
declare void @llvm.dbg.value(metadata, metadata, metadata)
declare i16 @llvm.bswap.i16(i16)
declare i32 @llvm.bswap.i32(i32)
declare i64 @llvm.bswap.i64(i64)
declare i32 @llvm.bpf.passthrough.i32.i32(i32, i32)
declare i64 @llvm.bpf.passthrough.i64.i64(i32, i64)

attributes #0 = { nounwind "frame-pointer"="all" }
attributes #1 = { alwaysinline nounwind "frame-pointer"="all" }
attributes #2 = { noinline nounwind "frame-pointer"="all" }
attributes #3 = { nounwind readnone }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3, !4, !5}
!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "CodeFirstBpf", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !79, splitDebugInlining: false, nameTableKind: None)
!1 = !DIFile(filename: "/src/proj/Program.cs", directory: "", source: "using System; using System.Threading; using System.Runtime.CompilerServices; using System.Runtime.InteropServices; using CodeFirstBpf; using CodeFirstBpf.Net;\0Apublic struct Flow\0A{\0A    public uint Packets = 1;\0A    public uint Bytes { get; set; }\0A    public Flow(uint bytes) { Bytes = bytes; }\0A    public readonly uint Average => Packets == 0 ? 0 : Bytes / Packets;\0A}\0A\0Apublic static unsafe partial class StructsAndProperties\0A{\0A    static readonly ArrayMap<Flow> Flows = new(4);\0A\0A    [Xdp]\0A    public static XdpAction Track(XdpContext ctx)\0A    {\0A        var f = new Flow((uint)(ctx.DataEnd - ctx.Data));\0A        Flow* slot = Flows.Lookup(ctx.RxQueueIndex & 3);\0A        if (slot == null) return XdpAction.Pass;\0A        slot->Packets += f.Packets;\0A        slot->Bytes += f.Bytes;\0A        (uint a, uint b) = (slot->Average, f.Average);\0A        return a > b ? XdpAction.Drop : XdpAction.Pass;\0A    }\0A}")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 1, !"wchar_size", i32 4}
!5 = !{i32 7, !"frame-pointer", i32 2}
!6 = distinct !DICompositeType(tag: DW_TAG_structure_type, file: !1, line: 12, size: 256, elements: !27)
!7 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!8 = !DISubrange(count: 2)
!9 = !{!8}
!10 = !DICompositeType(tag: DW_TAG_array_type, baseType: !7, size: 64, elements: !9)
!11 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !10, size: 64)
!12 = !DIDerivedType(tag: DW_TAG_member, name: "type", scope: !6, file: !1, line: 12, baseType: !11, size: 64, offset: 0)
!13 = !DISubrange(count: 4)
!14 = !{!13}
!15 = !DICompositeType(tag: DW_TAG_array_type, baseType: !7, size: 128, elements: !14)
!16 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !15, size: 64)
!17 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", scope: !6, file: !1, line: 12, baseType: !16, size: 64, offset: 64)
!18 = !DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)
!19 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !18, size: 64)
!20 = !DIDerivedType(tag: DW_TAG_member, name: "key", scope: !6, file: !1, line: 12, baseType: !19, size: 64, offset: 128)
!21 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "Flow", file: !1, size: 64, elements: !24)
!22 = !DIDerivedType(tag: DW_TAG_member, name: "Packets", scope: !21, file: !1, baseType: !18, size: 32, offset: 0)
!23 = !DIDerivedType(tag: DW_TAG_member, name: "Bytes", scope: !21, file: !1, baseType: !18, size: 32, offset: 32)
!24 = !{!22, !23}
!25 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !21, size: 64)
!26 = !DIDerivedType(tag: DW_TAG_member, name: "value", scope: !6, file: !1, line: 12, baseType: !25, size: 64, offset: 192)
!27 = !{!12, !17, !20, !26}
!28 = distinct !DIGlobalVariable(name: "Flows", scope: !0, file: !1, line: 12, type: !6, isLocal: false, isDefinition: true)
!29 = !DIGlobalVariableExpression(var: !28, expr: !DIExpression())
!30 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "xdp_md", file: !1, size: 192, elements: !37)
!31 = !DIDerivedType(tag: DW_TAG_member, name: "data", scope: !30, file: !1, baseType: !18, size: 32, offset: 0)
!32 = !DIDerivedType(tag: DW_TAG_member, name: "data_end", scope: !30, file: !1, baseType: !18, size: 32, offset: 32)
!33 = !DIDerivedType(tag: DW_TAG_member, name: "data_meta", scope: !30, file: !1, baseType: !18, size: 32, offset: 64)
!34 = !DIDerivedType(tag: DW_TAG_member, name: "ingress_ifindex", scope: !30, file: !1, baseType: !18, size: 32, offset: 96)
!35 = !DIDerivedType(tag: DW_TAG_member, name: "rx_queue_index", scope: !30, file: !1, baseType: !18, size: 32, offset: 128)
!36 = !DIDerivedType(tag: DW_TAG_member, name: "egress_ifindex", scope: !30, file: !1, baseType: !18, size: 32, offset: 160)
!37 = !{!31, !32, !33, !34, !35, !36}
!38 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !30, size: 64)
!39 = distinct !DISubprogram(name: "Track", scope: !1, file: !1, line: 14, type: !41, scopeLine: 14, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !43)
!40 = !{!7, !38}
!41 = !DISubroutineType(types: !40)
!42 = !DILocalVariable(name: "ctx", arg: 1, scope: !39, file: !1, line: 14, type: !38)
!43 = !{!42}
!44 = !DILocation(line: 14, column: 1, scope: !39)
!45 = !DILocation(line: 17, column: 9, scope: !39)
!46 = !DILocation(line: 18, column: 9, scope: !39)
!47 = !DILocation(line: 19, column: 9, scope: !39)
!48 = !DILocation(line: 19, column: 27, scope: !39)
!49 = !DILocation(line: 20, column: 9, scope: !39)
!50 = distinct !{!50, !"CodeFirstBpf memory"}
!51 = distinct !{!51, !50, !"packet"}
!52 = distinct !{!52, !50, !"map value"}
!53 = !{!51}
!54 = !{!52}
!55 = !DILocation(line: 21, column: 9, scope: !39)
!56 = !DILocation(line: 22, column: 9, scope: !39)
!57 = !DILocation(line: 23, column: 9, scope: !39)
!58 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64)
!59 = distinct !DISubprogram(name: "Flow__ctor", scope: !1, file: !1, line: 6, type: !61, scopeLine: 6, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !64)
!60 = !{null, !58, !18}
!61 = !DISubroutineType(types: !60)
!62 = !DILocalVariable(name: "this", arg: 1, scope: !59, file: !1, line: 6, type: !58)
!63 = !DILocalVariable(name: "bytes", arg: 2, scope: !59, file: !1, line: 6, type: !18)
!64 = !{!62, !63}
!65 = !DILocation(line: 6, column: 1, scope: !59)
!66 = !DILocation(line: 4, column: 27, scope: !59)
!67 = !DILocation(line: 6, column: 31, scope: !59)
!68 = distinct !DISubprogram(name: "Flow__get_Average", scope: !1, file: !1, line: 7, type: !70, scopeLine: 7, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !72)
!69 = !{!18, !58}
!70 = !DISubroutineType(types: !69)
!71 = !DILocalVariable(name: "this", arg: 1, scope: !68, file: !1, line: 7, type: !58)
!72 = !{!71}
!73 = !DILocation(line: 7, column: 1, scope: !68)
!74 = !DILocation(line: 7, column: 37, scope: !68)
!75 = !DIBasicType(name: "char", size: 8, encoding: DW_ATE_signed)
!76 = !DICompositeType(tag: DW_TAG_array_type, baseType: !75, size: 32, elements: !14)
!77 = distinct !DIGlobalVariable(name: "LICENSE", scope: !0, file: !1, line: 10, type: !76, isLocal: false, isDefinition: true)
!78 = !DIGlobalVariableExpression(var: !77, expr: !DIExpression())
!79 = !{!29, !78}
!80 = !{}
