#if canImport(Glibc)
import Glibc
#endif
import DumpProgress

/// When and what the first index build spills (see `Spill`): a big graph built in anonymous memory has its finished
/// columns spilled during the dominator computation (in three groups: the first on both cores before the working
/// arrays are allocated, the others beside the single-threaded DFS and semidominators), and each
/// column is dropped from the resident set again once the step that reads it is done:
/// - the DFS reads the out-edges (dropped after it), the semidominators the in-edges (dropped after them);
/// - the tree build and the histogram read the shallow sizes and the classes (dropped after the histogram);
/// - the object ids and the id lookup are not read at all until a screen or the index file wants them.
/// Nothing happens out of core (those arrays are file mappings already) or for graphs under `spillFrom` bytes; an
/// array that cannot be spilled (no temporary file, no space) simply stays. HDX_FORCE_SPILL=1 spills any graph
/// (tests), HDX_NO_SPILL=1 none.
final class GraphSpill: Sendable {
    /// Graphs whose columns hold fewer bytes stay as they are.
    static let spillFrom = 256 << 20

    let graph: HeapGraph
    let directory: String
    private let spilled = Locked(0)

    private init(graph: HeapGraph, directory: String) {
        self.graph = graph
        self.directory = directory
    }

    /// The spill plan for `graph`, or nil when it should stay as it is.
    static func plan(graph: HeapGraph, storage: ArrayStorage) -> GraphSpill? {
        #if os(Linux)
        guard !storage.isOutOfCore, getenv("HDX_NO_SPILL") == nil else { return nil }
        let spill = GraphSpill(graph: graph, directory: ArrayStorage.temporaryDirectory)
        guard Spill.forced || spill.totalBytes >= spillFrom else { return nil }
        return spill
        #else
        return nil
        #endif
    }

    /// The columns in the three groups spilled at three points: before the dominator computation on both cores
    /// (what neither the DFS nor the semidominators read: the object ids and the id lookup on one core, the classes
    /// and shallow sizes on the other), in the DFS step by the first core done with its part (the DFS, or the
    /// incoming edges) (the out-edges, which the other part may still read: spilled pages read back from the page
    /// cache), and during the
    /// semidominators (the in-edges, which they read likewise). The in-edges are only named in the last group, so
    /// that asking for the others does not build them.
    private var beforeGroups: [[UnsafeRawBufferPointer]] {
        let g = graph
        var lookup = [raw(g.objectIDs), raw(g.lookup.bucketStart)]
        if let order = g.lookup.order { lookup.append(raw(order)) }
        return [lookup, [raw(g.classOf), raw(g.shallow32)]]
    }
    private var dfsGroup: [UnsafeRawBufferPointer] { [raw(graph.outEdges), raw(graph.outStart)] }
    private var semiGroup: [UnsafeRawBufferPointer] { [raw(graph.inEdges), raw(graph.inStart)] }

    private func raw<T>(_ c: Column<T>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: c.base, count: c.count * MemoryLayout<T>.stride)
    }

    /// The bytes the spill would cover; the in-edges counted as the out-edges plus the root edges (their exact
    /// size), without building them.
    private var totalBytes: Int {
        let known = (beforeGroups.joined() + dfsGroup).reduce(0) { $0 + $1.count }
        let incoming = (graph.nodeCount + 1 + graph.outEdges.count + graph.rootNodes.count) * 4
        return known + incoming
    }

    /// Spills the first group, on both cores (before the dominator computation allocates its arrays).
    func spillBefore() {
        BothCores.run({ self.spill(self.beforeGroups[0]) }, { self.spill(self.beforeGroups[1]) })
        MemoryTrace.note("spilled \(bytesSpilled) bytes of the graph to \(directory)")
    }

    /// Whether a core has taken on the out-edges' spill.
    private let outEdgesTaken = Locked(false)

    /// Spills the out-edges, once: the first of the two cores to be done with its part of the DFS step (the DFS, or
    /// the incoming edges) does it; the other's call returns at once.
    @Sendable func spillOutEdgesOnce() {
        let first = outEdgesTaken.withLock { taken in
            defer { taken = true }
            return !taken
        }
        if first { spill(dfsGroup) }
    }

    /// Spills the in-edges (to run beside the semidominators, which read them as they go).
    @Sendable func spillDuringSemidominators() { spill(semiGroup) }

    private func spill(_ list: [UnsafeRawBufferPointer]) {
        var n = 0
        for r in list where r.count > 0 { n += Spill.spill(r, directory: directory) }
        spilled.withLock { $0 += n }
    }

    /// Runs `body` here while `beside` runs on the other core (`body` alone without `beside`).
    static func run(_ body: @escaping () throws(LoadCancelled) -> Void,
                    beside: (@Sendable () -> Void)?) throws(LoadCancelled) {
        guard let beside else { return try body() }
        let outcome = Outcome(body)
        BothCores.run({ outcome.run() }, beside)
        if let failure = outcome.failure { throw failure }
    }

    /// Bytes now in temporary files (the disk space the spill needs).
    var bytesSpilled: Int { spilled.withLock { $0 } }

    func doneWithOutEdges() { Spill.drop(graph.outEdges, graph.outStart) }
    func doneWithInEdges() { Spill.drop(graph.inEdges, graph.inStart) }
    func doneWithNodeColumns() {
        Spill.drop(graph.classOf, graph.shallow32)
        Spill.drop(graph.objectIDs)
    }
}

/// A body run on another thread and its error (written by that thread before `BothCores.run` returns).
private final class Outcome: @unchecked Sendable {
    // @unchecked: `failure` is written once by the thread that runs `body`, read after both threads joined.
    private let body: () throws(LoadCancelled) -> Void
    private(set) var failure: LoadCancelled?

    init(_ body: @escaping () throws(LoadCancelled) -> Void) { self.body = body }

    func run() {
        do throws(LoadCancelled) { try body() } catch { failure = error }
    }
}
