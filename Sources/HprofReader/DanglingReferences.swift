import DumpProgress
import HeapGraph

/// References whose target id has no record in the dump, sorted into what HotSpot leaves out by design and what is
/// abnormal.
///
/// HotSpot writes a class mirror (`java.lang.Class` instance) only as the CLASS_DUMP of a loaded class and skips
/// every other `java.lang.Class` instance in its object walk (`HeapObjectDumper::do_object`: "skip classes as these
/// emitted as HPROF_GC_CLASS_DUMP records"; only primitive-type mirrors are written as instances). With class data
/// sharing (CDS, on by default since JDK 12) the archived heap holds a mirror for every archived class, loaded or
/// not, and the archived-heap roots array (`HeapShared::roots()`, an `Object[]` held by a JNI global handle and by no
/// object) keeps them. The mirrors of classes this JVM has not loaded are in the heap (`jcmd GC.class_histogram`
/// counts them as `java.lang.Class`) but in no record: every ordinary G1 dump of JDK 17+ has several hundred such
/// references, all from that one array. They are a fact about the dump, not a defect; anything else is a warning.
enum DanglingReferences {
    struct Verdict {
        var facts: [(key: String, value: String)] = []
        var warnings: [String] = []
        /// The archived-heap roots arrays found (JVM-internal objects, not application data).
        var archivedRootsArrays: [UInt32] = []
    }

    /// `from`: per referring node, its dangling references; `total`: all of them (also references from objects of
    /// unknown class).
    static func classify(from: [UInt32: Int], total: Int, graph: HeapGraph) -> Verdict {
        var verdict = Verdict()
        guard total > 0 else { return verdict }
        var archived = 0
        var archivedArrays: [UInt32] = []
        var other: [String: Int] = [:]
        let candidates = from.keys.filter { looksLikeArchivedRootsArray($0, graph: graph) }
        let referred = referred(Set(candidates), edges: graph.outEdges)
        for (node, n) in from {
            if candidates.contains(node) && !referred.contains(node) {
                archived += n
                archivedArrays.append(node)
            } else {
                other[graph.classes[graph.classOf[Int(node)]], default: 0] += n
            }
        }
        verdict.archivedRootsArrays = archivedArrays.sorted()
        if archived > 0 {
            let ids = archivedArrays.sorted().map { "0x" + String(graph.objectIDs[Int($0)], radix: 16) }
            verdict.facts.append(("undumpedClassMirrors",
                "\(archived) references from the CDS archived-heap roots array (Object[] \(ids.joined(separator: ", ")), "
                + "a JNI global) name java.lang.Class mirrors of archived classes this JVM has not loaded: "
                + "HotSpot dumps class mirrors only as CLASS_DUMP records of loaded classes, so these are in the heap "
                + "but not in the dump"))
        }
        let rest = total - archived
        if rest > 0 {
            let named = other.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
                .map { "\($0.key) \($0.value)" }
            let fromText = named.isEmpty ? "" : " (referrers: " + named.joined(separator: ", ")
                + (other.count > 3 ? ", …" : "") + ")"
            verdict.warnings.append("\(rest) reference(s) point to ids that are not in the dump\(fromText); ignored")
        }
        return verdict
    }

    /// The archived-heap roots array as HotSpot dumps it: an `Object[]` that is a JNI-global root and that no object
    /// refers to. This checks the first two; `referred` the third.
    static func looksLikeArchivedRootsArray(_ node: UInt32, graph: HeapGraph) -> Bool {
        guard graph.classes[graph.classOf[Int(node)]] == "java.lang.Object[]" else { return false }
        return graph.rootRecords(of: node).contains { $0.kind == .jniGlobal }
    }

    /// Those of `nodes` that some object refers to: one pass over the outgoing edges, cut per core, rather than the
    /// incoming edges (asking for them here would build them all before the dominator step, which builds them beside
    /// its search on the other core).
    static func referred(_ nodes: Set<UInt32>, edges: Column<UInt32>) -> Set<UInt32> {
        guard let lo = nodes.min(), let hi = nodes.max(), !edges.isEmpty else { return [] }
        let parts = max(1, min(ParallelSlices.workerCount, edges.count / (1 << 16)))
        var found = [Set<UInt32>](repeating: [], count: parts)
        found.withUnsafeMutableBufferPointer { fp in
            let out = SharedBuffer(pointer: fp)
            ParallelSlices.run(parts) { k in
                let range = (edges.count * k / parts)..<(edges.count * (k + 1) / parts)
                var local: Set<UInt32> = []
                edges.withUnsafeBufferPointer(range) { p in
                    for raw in p {
                        let t = Edge.target(raw)
                        if t >= lo && t <= hi && nodes.contains(t) { local.insert(t) }
                    }
                }
                out.pointer[k] = local
            }
        }
        return found.reduce(into: []) { $0.formUnion($1) }
    }
}
