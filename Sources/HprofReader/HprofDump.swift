import DumpInput
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
    let model: HprofObjectModel

    init(index: HeapIndex, threads: [JavaThread], model: HprofObjectModel) {
        self.index = index
        self.threads = threads
        self.model = model
    }

    public static func load(_ file: MappedFile, extraWarnings: [String] = [],
                            progress: ProgressSink? = nil) throws(DumpError) -> HprofDump {
        var clock = PhaseClock()
        var timings: [PhaseTiming] = []
        let header = try HprofHeader(file)
        var scan = HprofScan(file: file, header: header)
        progress?.phase("reading", 0)
        scan.run(progress: progress)
        file.releaseAll()
        timings.append(clock.lap("scan"))
        MemoryTrace.note("after scan")
        if progress?.isCancelled == true { throw DumpError(file: file.path, "cancelled") }

        let graal = scan.classes.contains { $0.id & 1 == 1 } && header.idSize == 8
        let compressed: Bool
        if header.idSize == 4 {
            compressed = false
        } else if graal {
            compressed = false
        } else if scan.compressedVotes + scan.uncompressedVotes > 0 {
            compressed = scan.compressedVotes >= scan.uncompressedVotes
        } else {
            compressed = true
        }
        let conventional = ShallowSizeModel(idSize: header.idSize, compressedOops: compressed,
                                            trustsClassDumpSizes: graal)
        var classModel = ClassModel(scan: scan, sizes: conventional)
        progress?.phase("reading", 0.45)
        var objects = ObjectPass(scan: scan, model: classModel)
        let lookup = IDLookup(ids: objects.ids)
        timings.append(clock.lap("objects"))
        MemoryTrace.note("after objects")
        if progress?.isCancelled == true { throw DumpError(file: file.path, "cancelled") }

        progress?.phase("resolving", 0)
        let layout = LayoutInference(ids: objects.ids, classOf: objects.classOf, raw: objects.shallow, lookup: lookup,
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
            edges = try EdgePass(scan: scan, model: classModel, lookup: lookup, nodeCount: nodeCount)
        } catch {
            throw DumpError(file: file.path, error.description)
        }
        timings.append(clock.lap("resolve"))
        MemoryTrace.note("after resolve")

        var warnings = extraWarnings + scan.warnings
        if objects.unknownClassRefs > 0 {
            warnings.append("\(objects.unknownClassRefs) object(s) name a class id with no CLASS_DUMP; listed as <unknown class>")
        }
        if edges.dangling > 0 {
            warnings.append("\(edges.dangling) reference(s) point to ids that are not in the dump; ignored")
        }
        if lookup.hasDuplicates {
            warnings.append("some object ids occur twice; only the first occurrence can be looked up by id")
        }
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
        if graal {
            warnings.append("GraalVM native image dump: image-heap objects are JNI-global roots")
        }
        let graph: HeapGraph
        do {
            graph = try HeapGraph(objectIDs: objects.ids, classOf: objects.classOf, shallow32: objects.shallow,
                                  largeShallow: objects.largeShallow, outStart: edges.outStart,
                                  outEdges: edges.outEdges, roots: roots, classes: classModel.classTable(),
                                  lookup: lookup)
        } catch {
            throw DumpError(file: file.path, error.description)
        }
        timings.append(clock.lap("graph"))
        MemoryTrace.note("after graph")
        file.adviseRandom()

        let objectModel = HprofObjectModel(scan: scan, classes: classModel, sizes: sizes, graph: graph)
        var facts: [(key: String, value: String)] = [
            ("idSize", "\(header.idSize)"),
            ("compressedOops", "\(sizes.compressedOops)"),
        ]
        facts += layout.facts
        if graal { facts.append(("producer", "GraalVM native image")) }
        if header.version == "1.0.3" { facts.append(("producer", "Android")) }
        facts.append(("dumped", HprofDump.utcString(millis: header.timestampMillis)))
        facts.append(("gcRootRecords", "\(roots.count)"))
        let info = DumpInfo(format: "hprof", version: "JAVA PROFILE \(header.version)", path: file.path,
                            fileBytes: file.count, facts: facts, warnings: warnings)
        let index = HeapIndex(graph: graph, details: objectModel, info: info, readerTimings: timings, progress: progress)
        let threads = JavaThread.collect(scan: scan, graph: graph, model: objectModel)
        return HprofDump(index: index, threads: threads, model: objectModel)
    }
}

extension HprofDump {
    /// `2026-11-21 21:00:12 UTC` from milliseconds since the epoch.
    static func utcString(millis: UInt64) -> String {
        var t = time_t(millis / 1000)
        var tm = tm()
        guard gmtime_r(&t, &tm) != nil else { return "\(millis) ms" }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday)) \(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) UTC"
    }
}
