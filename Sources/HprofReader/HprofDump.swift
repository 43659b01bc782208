import DumpInput
import DumpProgress
#if canImport(Glibc)
import Glibc
#endif
import HeapGraph

/// A Java heap dump (HPROF: HotSpot 1.0.1/1.0.2, Android 1.0.3, GraalVM native image) read into the graph index.
///
/// Three sequential passes over the mapped file: pass 0 walks the records (names, classes, traces, roots, slices),
/// pass 1 gives every object its id and class (sizes follow once `LayoutInference` has read the JVM's object layout
/// off the addresses), pass 2 resolves references into CSR edges. Passes 1
/// and 2 run on all cores, slice groups in parallel; pages already read are released as they go.
public final class HprofDump: Sendable {
    public let index: HeapIndex
    public let threads: [JavaThread]
    /// How many heap dumps the file holds (the JDK 6/7 HPROF agent appends one per request) and which one was read
    /// (1-based).
    public let dumpCount: Int
    public let dumpNumber: Int
    /// Bytes of heap-dump records in each dump of the file, in file order.
    public let dumpHeapBytes: [Int]
    /// HotSpot's CDS archived-heap roots arrays (JVM-internal `Object[]`s that hold the archived class mirrors), as
    /// recognised by the references to undumped mirrors they hold.
    public let archivedRootsArrays: [UInt32]
    let model: HprofObjectModel
    /// What the first pass found that the persisted index keeps (see HprofIndexExtras.swift).
    let tables: HprofScanTables?

    init(index: HeapIndex, threads: [JavaThread], model: HprofObjectModel, dumpCount: Int = 1, dumpNumber: Int = 1,
         dumpHeapBytes: [Int] = [], archivedRootsArrays: [UInt32] = [], tables: HprofScanTables? = nil) {
        self.index = index
        self.tables = tables
        self.threads = threads
        self.model = model
        self.dumpCount = dumpCount
        self.dumpNumber = dumpNumber
        self.dumpHeapBytes = dumpHeapBytes
        self.archivedRootsArrays = archivedRootsArrays
    }

    /// Reads heap dump number `dump` (1-based; nil: the first, as MAT and VisualVM do) of the file.
    public static func load(_ file: MappedFile, dump: Int? = nil, extraWarnings: [String] = [],
                            progress: ProgressSink? = nil) throws(DumpError) -> HprofDump {
        var clock = PhaseClock()
        var timings: [PhaseTiming] = []
        let header = try HprofHeader(file)
        let wanted = dump ?? 1
        let (scan, dumpWarnings) = try HprofDump.scan(file, header: header, dump: dump, progress: progress)
        timings.append(clock.lap("scan"))
        MemoryTrace.note("after scan")
        if progress?.isCancelled == true { throw DumpError.cancelled(file: file.path) }
        let (storage, storageNote) = try HprofDump.storage(file: file, header: header, scan: scan, progress: progress)

        let graal = scan.classes.contains { $0.id & 1 == 1 } && header.idSize == 8
        let compressed = HprofDump.compressedOops(header: header, scan: scan, graal: graal)
        let conventional = ShallowSizeModel(idSize: header.idSize, compressedOops: compressed,
                                            trustsClassDumpSizes: graal)
        var classModel = ClassModel(scan: scan, sizes: conventional)
        // Out of core, a phase of its own follows the out-of-core note (which would otherwise seem to take this time).
        progress?.phase(storage.isOutOfCore ? "reading objects" : "reading", 0.45)
        var objects = ObjectPass(scan: scan, model: classModel, storage: storage)
        let lookup = IDLookup(ids: objects.ids.column, storage: storage)
        timings.append(clock.lap("objects"))
        MemoryTrace.note("after objects")
        if progress?.isCancelled == true { throw DumpError.cancelled(file: file.path) }

        progress?.phase("resolving", 0)
        let layout = LayoutInference(ids: objects.ids.column, classOf: objects.classOf.column,
                                     raw: objects.shallow.column, lookup: lookup,
                                     model: classModel, fallback: conventional)
        let sizes = layout.sizes
        if layout.inferred {
            classModel.setSizes(sizes, measured: layout.instanceSizes, classInstance: layout.classInstanceSize,
                                mirrors: layout.mirrorSizes)
        }
        objects.applySizes(sizes, model: classModel)
        timings.append(clock.lap("layout"))
        let nodeCount = objects.ids.count
        let edges: EdgePass
        do {
            edges = try EdgePass(scan: scan, model: classModel, lookup: lookup, nodeCount: nodeCount, storage: storage)
        } catch {
            throw DumpError(file: file.path, error.description)
        }
        timings.append(clock.lap("resolve"))
        MemoryTrace.note("after resolve")

        var warnings = extraWarnings + dumpWarnings + scan.warnings + (storageNote.map { [$0] } ?? [])
        if objects.unknownClassRefs > 0 {
            warnings.append("\(objects.unknownClassRefs) object(s) name a class id with no CLASS_DUMP; listed as <unknown class>")
        }
        if lookup.hasDuplicates {
            warnings.append("some object ids occur twice; only the first occurrence can be looked up by id")
        }
        var roots = HprofDump.roots(scan: scan, lookup: lookup, warnings: &warnings)
        if graal {
            warnings.append("GraalVM native image dump: image-heap objects are JNI-global roots")
        }
        let pendingFinalization = FinalizerRoots.pending(
            classOf: objects.classOf.column, outStart: edges.outStart.column, outEdges: edges.outEdges.column,
            roots: roots,
            isFinalizer: FinalizerRoots.finalizerClasses(names: classModel.names, superIndex: classModel.superIndex))
        for node in pendingFinalization { roots.append(GCRoot(node: node, kind: .finalizing)) }
        let graph: HeapGraph
        do {
            graph = try HeapGraph(objectIDs: objects.ids.column, classOf: objects.classOf.column,
                                  shallow32: objects.shallow.column, largeShallow: objects.largeShallow,
                                  outStart: edges.outStart.column, outEdges: edges.outEdges.column, roots: roots,
                                  classes: classModel.classTable(), lookup: lookup, storage: storage)
        } catch {
            throw DumpError(file: file.path, error.description)
        }
        let dangling = DanglingReferences.classify(from: edges.danglingFrom, total: edges.dangling, graph: graph)
        warnings += dangling.warnings
        timings.append(clock.lap("graph"))
        MemoryTrace.note("after graph")
        file.adviseRandom()

        let objectModel = HprofObjectModel(scan: scan, checkpoints: objects.checkpoints, classes: classModel, sizes: sizes,
                                           graph: graph)
        let facts = HprofDump.facts(header: header, scan: scan, wanted: wanted, sizes: sizes, layout: layout,
                                    graal: graal, rootRecords: roots.count - pendingFinalization.count,
                                    pendingFinalization: pendingFinalization.count, dangling: dangling.facts)
        let info = DumpInfo(format: .hprof, version: "JAVA PROFILE \(header.version)", path: file.path,
                            fileBytes: file.count, facts: facts, warnings: warnings)
        let index: HeapIndex
        do {
            index = try HeapIndex(graph: graph, details: objectModel, info: info, readerTimings: timings,
                                  progress: progress, storage: storage)
        } catch {
            throw DumpError.cancelled(file: file.path)
        }
        let threads = JavaThread.collect(scan: scan, graph: graph, model: objectModel)
        return HprofDump(index: index, threads: threads, model: objectModel, dumpCount: max(scan.dumpCount, 1),
                         dumpNumber: wanted, dumpHeapBytes: scan.dumpHeapBytes,
                         archivedRootsArrays: dangling.archivedRootsArrays,
                         tables: HprofScanTables(scan: scan, compressedOops: compressed, graal: graal, layout: layout))
    }
}

extension HprofDump {
    /// Pass 0 over the whole file (it also counts the dumps), then the check that dump number `dump` exists.
    static func scan(_ file: MappedFile, header: HprofHeader, dump: Int?,
                     progress: ProgressSink?) throws(DumpError) -> (HprofScan, warnings: [String]) {
        let wanted = dump ?? 1
        var scan = HprofScan(file: file, header: header, selectedDump: wanted - 1)
        progress?.phase("reading", 0)
        scan.run(progress: progress)
        file.releaseAll()
        if wanted < 1 || wanted > max(scan.dumpCount, 1) {
            throw DumpError(file: file.path, offset: file.count, MultipleDumps.outOfRange(wanted, count: scan.dumpCount))
        }
        var warnings: [String] = []
        if scan.dumpCount > 1 {
            warnings.append(MultipleDumps.warning(read: wanted, count: scan.dumpCount, chosen: dump != nil))
        }
        return (scan, warnings)
    }

    /// Where the index's big arrays go: in memory, or out of core when the estimate exceeds the budget (see
    /// MemoryLimit.swift in DumpInput), with the warning that says so and why (also shown on the loading screen).
    static func storage(file: MappedFile, header: HprofHeader, scan: HprofScan,
                        progress: ProgressSink?) throws(DumpError) -> (ArrayStorage, note: String?) {
        let heapBytes = scan.slices.reduce(0) { $0 + ($1.end - $1.start) }
        let need = HprofDump.memoryEstimate(objects: scan.objectCount + scan.classes.count, heapBytes: heapBytes,
                                            referenceBytes: scan.referenceBytes, idSize: header.idSize)
        let plan = try MemoryBudget.plan(needed: need.bytes, file: file.path,
                                         what: "the index of \(scan.objectCount) objects and ~\(need.edges) references")
        guard plan.outOfCore, let reason = plan.reason else { return (.memory, nil) }
        let (storage, caveat) = ArrayStorage.probeOutOfCore()
        progress?.phase(plan.shortReason ?? "out of core", 1)
        let place = storage.directory.map {
            "its arrays in mapped temporary files in \($0), pages the kernel can write back and drop"
        }
        return (storage, "index built out of core (" + [place, caveat].compactMap { $0 }.joined(separator: "; ")
                    + "): " + reason)
    }

    /// Compressed oops: never with 4-byte ids or on GraalVM; otherwise as the adjacent objects voted in pass 0
    /// (ties and no votes: compressed, the JVM's default below 32 GB).
    static func compressedOops(header: HprofHeader, scan: HprofScan, graal: Bool) -> Bool {
        if header.idSize == 4 || graal { return false }
        if scan.compressedVotes + scan.uncompressedVotes > 0 { return scan.compressedVotes >= scan.uncompressedVotes }
        return true
    }

    /// The GC roots whose ids name an object; the others are counted in one warning.
    static func roots(scan: HprofScan, lookup: IDLookup, warnings: inout [String]) -> [GCRoot] {
        var roots: [GCRoot] = []
        roots.reserveCapacity(scan.roots.count)
        var danglingRoots = 0
        for r in scan.roots {
            if let node = lookup.node(for: r.id) {
                roots.append(GCRoot(node: node, kind: r.kind, thread: r.thread, frame: r.frame))
            } else {
                danglingRoots += 1
            }
        }
        if danglingRoots > 0 {
            warnings.append("\(danglingRoots) GC root record(s) name ids that are not in the dump; ignored")
        }
        return roots
    }

    /// The facts `summary` and the explorer's header show, in display order.
    static func facts(header: HprofHeader, scan: HprofScan, wanted: Int, sizes: ShallowSizeModel,
                      layout: LayoutInference, graal: Bool, rootRecords: Int, pendingFinalization n: Int,
                      dangling: [(key: String, value: String)]) -> [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = []
        // First, so that the explorer's title bar shows it.
        if scan.dumpCount > 1 { facts.append(("dump", MultipleDumps.fact(read: wanted, count: scan.dumpCount))) }
        facts += [
            ("idSize", "\(header.idSize)"),
            ("compressedOops", "\(sizes.compressedOops)"),
        ]
        facts += layout.facts
        if graal { facts.append(("producer", "GraalVM native image")) }
        if header.version == "1.0.3" { facts.append(("producer", "Android")) }
        facts.append(("dumped", HprofDump.utcString(millis: header.timestampMillis)))
        facts.append(("gcRootRecords", "\(rootRecords)"))
        if n > 0 {
            facts.append(("pendingFinalization", n == 1
                ? "1 object held only by its java.lang.ref.Finalizer: a GC root of kind Finalizer"
                : "\(n) objects held only by their java.lang.ref.Finalizer: GC roots of kind Finalizer"))
        }
        return facts + dangling
    }

    /// What building the index will allocate beyond this point (about), from the counts the scan found. References
    /// are only counted in pass 2: every object has one to its class, and the other references are estimated as
    /// 45% of the ids that the data bytes of instance and object-array records could hold (primitive fields and
    /// nulls take the rest; measured 41% and 45% on two LeakDemo dumps). Bytes per object and per reference are measured: the smallest
    /// `ulimit -v` under which the index still builds, less the virtual size at this point (see the README).
    static func memoryEstimate(objects: Int, heapBytes: Int, referenceBytes: Int, idSize: Int)
        -> (bytes: Int, edges: Int) {
        let edges = objects + referenceBytes / max(idSize, 1) * referencePercent / 100
        return (objects * bytesPerObject + edges * bytesPerReference, edges)
    }
    static let bytesPerObject = 72
    static let referencePercent = 45
    static let bytesPerReference = 12

    /// `2026-11-21 21:00:12 UTC` from milliseconds since the epoch.
    static func utcString(millis: UInt64) -> String {
        var t = time_t(millis / 1000)
        var tm = tm()
        guard gmtime_r(&t, &tm) != nil else { return "\(millis) ms" }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday)) \(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) UTC"
    }
}
