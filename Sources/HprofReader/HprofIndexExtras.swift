import DumpProgress
import DumpInput
import HeapGraph

/// The tables of the first pass over an HPROF file that the object screen, the threads screen and the class model
/// need besides the graph: kept with the dump so that the persisted index can hold them, and restored from it into
/// a scan result so that the class model, the object model and the threads are rebuilt by the same code as on a
/// first open (they read the few records they need back from the mapped dump).
struct HprofScanTables: Sendable {
    var classes: [ClassRecord]
    var classNameIDs: [UInt64: UInt64]
    var classSerials: [UInt32: UInt64]
    var utf8: [UInt64: (offset: Int, length: Int)]
    var frames: [UInt64: FrameRecord]
    var traces: [UInt32: TraceRecord]
    var threadObjects: [ThreadObjectRecord]
    var slices: [HeapSlice]
    var dumpCount: Int
    var dumpHeapBytes: [Int]
    var compressedOops: Bool
    var graal: Bool
    /// The layout LayoutInference read off the addresses (sizes, and when inferred what ClassModel.setSizes took).
    var sizes: ShallowSizeModel
    var inferred: Bool
    var instanceSizes: [Int]
    var classInstanceSize: Int?
    var mirrorSizes: [Int]

    init(scan: HprofScan, compressedOops: Bool, graal: Bool, layout: LayoutInference) {
        classes = scan.classes
        classNameIDs = scan.classNameIDs
        classSerials = scan.classSerials
        utf8 = scan.utf8
        frames = scan.frames
        traces = scan.traces
        threadObjects = scan.threadObjects
        slices = scan.slices
        dumpCount = scan.dumpCount
        dumpHeapBytes = scan.dumpHeapBytes
        self.compressedOops = compressedOops
        self.graal = graal
        sizes = layout.sizes
        inferred = layout.inferred
        instanceSizes = layout.instanceSizes
        classInstanceSize = layout.classInstanceSize
        mirrorSizes = layout.mirrorSizes
    }

    func encode() -> IndexEncoder {
        var e = IndexEncoder()
        e.int(classes.count)
        for c in classes {
            e.u64(c.id); e.int(c.offset); e.u64(c.superID); e.u64(c.loaderID); e.u64(c.signersID)
            e.u64(c.protectionDomainID); e.u32(c.instanceSize)
        }
        e.int(classNameIDs.count)
        for (k, v) in classNameIDs.sorted(by: { $0.key < $1.key }) { e.u64(k); e.u64(v) }
        e.int(classSerials.count)
        for (k, v) in classSerials.sorted(by: { $0.key < $1.key }) { e.u32(k); e.u64(v) }
        e.int(utf8.count)
        for (k, v) in utf8.sorted(by: { $0.key < $1.key }) { e.u64(k); e.int(v.offset); e.int(v.length) }
        e.int(frames.count)
        for (k, f) in frames.sorted(by: { $0.key < $1.key }) {
            e.u64(k); e.u64(f.methodNameID); e.u64(f.signatureID); e.u64(f.sourceFileID); e.u32(f.classSerial)
            e.i32(f.line)
        }
        e.int(traces.count)
        for (k, t) in traces.sorted(by: { $0.key < $1.key }) {
            e.u32(k); e.u32(t.threadSerial); e.int(t.frameIDs.count)
            for f in t.frameIDs { e.u64(f) }
        }
        e.int(threadObjects.count)
        for t in threadObjects { e.u64(t.objectID); e.u32(t.threadSerial); e.u32(t.traceSerial) }
        e.int(slices.count)
        for s in slices { e.int(s.start); e.int(s.end); e.int(s.firstObject); e.int(s.objectCount) }
        e.int(dumpCount)
        e.int(dumpHeapBytes.count)
        for b in dumpHeapBytes { e.int(b) }
        e.bool(compressedOops)
        e.bool(graal)
        e.int(sizes.idSize); e.bool(sizes.compressedOops); e.bool(sizes.trustsClassDumpSizes)
        e.int(sizes.headerSize); e.int(sizes.referenceSize); e.int(sizes.alignment)
        e.int(sizes.arrayBase.count)
        for b in sizes.arrayBase { e.int(b) }
        e.bool(inferred)
        e.int(instanceSizes.count)
        for v in instanceSizes { e.int(v) }
        e.bool(classInstanceSize != nil)
        e.int(classInstanceSize ?? 0)
        e.int(mirrorSizes.count)
        for v in mirrorSizes { e.int(v) }
        return e
    }

    /// Decodes the tables; every file offset is checked against the dump's size before anything reads there.
    init(decoding d: inout IndexDecoder, fileBytes: Int, allowTrailing: Bool = false) throws(IndexFormatError) {
        func offset(_ v: Int, _ length: Int = 0) throws(IndexFormatError) -> Int {
            guard v >= 0, length >= 0, v <= fileBytes, length <= fileBytes - v else {
                throw IndexFormatError("x.hprof: file offset \(v) outside the dump")
            }
            return v
        }
        classes = []
        for _ in 0..<(try d.count(minBytes: 52)) {
            classes.append(ClassRecord(id: try d.u64(), offset: try offset(try d.int()), superID: try d.u64(),
                                       loaderID: try d.u64(), signersID: try d.u64(),
                                       protectionDomainID: try d.u64(), instanceSize: try d.u32()))
        }
        classNameIDs = [:]
        for _ in 0..<(try d.count(minBytes: 16)) { let k = try d.u64(); classNameIDs[k] = try d.u64() }
        classSerials = [:]
        for _ in 0..<(try d.count(minBytes: 12)) { let k = try d.u32(); classSerials[k] = try d.u64() }
        let utf8Count = try d.count(minBytes: 24)
        utf8 = Dictionary(minimumCapacity: utf8Count)
        for _ in 0..<utf8Count {
            let k = try d.u64()
            let at = try d.int(), length = try d.int()
            utf8[k] = (try offset(at, length), length)
        }
        frames = [:]
        for _ in 0..<(try d.count(minBytes: 36)) {
            let k = try d.u64()
            frames[k] = FrameRecord(methodNameID: try d.u64(), signatureID: try d.u64(), sourceFileID: try d.u64(),
                                    classSerial: try d.u32(), line: try d.i32())
        }
        traces = [:]
        for _ in 0..<(try d.count(minBytes: 16)) {
            let k = try d.u32()
            let thread = try d.u32()
            var ids: [UInt64] = []
            for _ in 0..<(try d.count(minBytes: 8)) { ids.append(try d.u64()) }
            traces[k] = TraceRecord(threadSerial: thread, frameIDs: ids)
        }
        threadObjects = []
        for _ in 0..<(try d.count(minBytes: 16)) {
            threadObjects.append(ThreadObjectRecord(objectID: try d.u64(), threadSerial: try d.u32(),
                                                    traceSerial: try d.u32()))
        }
        slices = []
        for _ in 0..<(try d.count(minBytes: 32)) {
            let start = try offset(try d.int()), end = try offset(try d.int())
            guard start <= end else { throw IndexFormatError("x.hprof: slice ends before it starts") }
            let first = try d.int(), count = try d.int()
            guard first >= 0, count >= 0 else { throw IndexFormatError("x.hprof: bad slice") }
            slices.append(HeapSlice(start: start, end: end, firstObject: first, objectCount: count))
        }
        dumpCount = try d.int()
        dumpHeapBytes = []
        for _ in 0..<(try d.count(minBytes: 8)) { dumpHeapBytes.append(try d.int()) }
        compressedOops = try d.bool()
        graal = try d.bool()
        sizes = ShallowSizeModel(idSize: try d.int(), compressedOops: try d.bool(), trustsClassDumpSizes: try d.bool())
        sizes.headerSize = try d.int()
        sizes.referenceSize = try d.int()
        sizes.alignment = try d.int()
        let bases = try d.count(minBytes: 8)
        guard bases == ShallowSizeModel.ArrayKind.count, sizes.alignment > 0,
              sizes.alignment & (sizes.alignment - 1) == 0 else {
            throw IndexFormatError("x.hprof: bad object layout")
        }
        sizes.arrayBase = []
        for _ in 0..<bases { sizes.arrayBase.append(try d.int()) }
        inferred = try d.bool()
        instanceSizes = []
        for _ in 0..<(try d.count(minBytes: 8)) { instanceSizes.append(try d.int()) }
        let hasClassInstance = try d.bool()
        let classInstance = try d.int()
        classInstanceSize = hasClassInstance ? classInstance : nil
        mirrorSizes = []
        for _ in 0..<(try d.count(minBytes: 8)) { mirrorSizes.append(try d.int()) }
        if !allowTrailing { try d.requireEnd() }
    }
}

extension HprofDump {
    /// Sections of the persisted index for this dump (the format-neutral index plus `x.hprof` and the record
    /// checkpoints `x.hprof.records`); nil when the dump was not read by `load` (nothing to persist).
    public func persist(into s: inout IndexSections) -> Bool {
        guard let tables else { return false }
        index.persist(into: &s)
        var e = tables.encode()
        e.int(dumpNumber)
        e.int(archivedRootsArrays.count)
        for a in archivedRootsArrays { e.u32(a) }
        s.add("x.hprof", e)
        s.add("x.hprof.records", model.checkpoints.deltas)
        return true
    }

    /// Restores dump `dumpNumber` of `file` from a verified index.
    public static func restore(_ file: MappedFile, from r: IndexSectionReader, timings: [PhaseTiming])
        throws(IndexFormatError) -> HprofDump {
        var d = try r.decoder("x.hprof")
        let header: HprofHeader
        do { header = try HprofHeader(file) } catch { throw IndexFormatError(error.description) }
        // The tables, then the dump number and the archived roots arrays.
        let tables = try HprofScanTables(decoding: &d, fileBytes: file.count, allowTrailing: true)
        let dumpNumber = try d.int()
        var archived: [UInt32] = []
        for _ in 0..<(try d.count(minBytes: 4)) { archived.append(try d.u32()) }
        try d.requireEnd()
        guard dumpNumber >= 1 else { throw IndexFormatError("x.hprof: bad dump number") }
        let objects = RecordCheckpoints.objects(in: tables.slices)
        let checkpoints = RecordCheckpoints(try r.column("x.hprof.records",
                                                         count: RecordCheckpoints.count(objects: objects)))

        var scan = HprofScan(file: file, header: header, selectedDump: dumpNumber - 1)
        scan.classes = tables.classes
        scan.classNameIDs = tables.classNameIDs
        scan.classSerials = tables.classSerials
        scan.utf8 = tables.utf8
        scan.frames = tables.frames
        scan.traces = tables.traces
        scan.threadObjects = tables.threadObjects
        scan.slices = tables.slices
        scan.dumpCount = tables.dumpCount
        scan.dumpHeapBytes = tables.dumpHeapBytes
        // As on a first open: the class model with the conventional layout, then the inferred one.
        let conventional = ShallowSizeModel(idSize: header.idSize, compressedOops: tables.compressedOops,
                                            trustsClassDumpSizes: tables.graal)
        var classModel = ClassModel(scan: scan, sizes: conventional)
        let sizes = tables.sizes
        if tables.inferred {
            guard tables.instanceSizes.count == classModel.names.count,
                  tables.mirrorSizes.isEmpty || tables.mirrorSizes.count >= classModel.recordCount else {
                throw IndexFormatError("x.hprof: layout does not match the classes")
            }
            classModel.setSizes(sizes, measured: tables.instanceSizes, classInstance: tables.classInstanceSize,
                                mirrors: tables.mirrorSizes)
        }
        nonisolated(unsafe) var objectModel: HprofObjectModel?
        let index = try HeapIndex.restore(from: r, path: file.path, format: .hprof, timings: timings) {
            (graph: HeapGraph) throws(IndexFormatError) -> any GraphDetails in
            guard classModel.recordCount < graph.nodeCount, 1 + classModel.recordCount + objects == graph.nodeCount,
                  archived.allSatisfy({ Int($0) < graph.nodeCount }) else {
                throw IndexFormatError("x.hprof: class records do not match the graph")
            }
            let m = HprofObjectModel(scan: scan, checkpoints: checkpoints, classes: classModel, sizes: sizes,
                                     graph: graph)
            objectModel = m
            return m
        }
        guard let model = objectModel else { throw IndexFormatError("x.hprof: no object model") }
        let threads = JavaThread.collect(scan: scan, graph: index.graph, model: model)
        return HprofDump(index: index, threads: threads, model: model, dumpCount: max(tables.dumpCount, 1),
                         dumpNumber: dumpNumber, dumpHeapBytes: tables.dumpHeapBytes,
                         archivedRootsArrays: archived, tables: tables)
    }
}
