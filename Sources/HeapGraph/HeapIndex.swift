import DumpProgress

/// Everything an analysis or a screen needs about one dump: the graph, its dominator tree with retained sizes, the
/// class histogram, the format's details, and what went wrong while reading.
public final class HeapIndex: Sendable {
    public let graph: HeapGraph
    public let tree: DominatorTree
    public let histogram: ClassHistogram
    public let details: any GraphDetails
    public let info: DumpInfo
    /// Seconds per phase, reader phases first (`read`, `resolve`, …) then `dominators`, `retained`, `histogram`.
    public let timings: [PhaseTiming]
    /// Bytes of all objects, reachable or not.
    public let shallowBytes: UInt64

    /// `storage`: where the dominator computation's arrays live (see `ArrayStorage`).
    public init(graph: HeapGraph, details: any GraphDetails, info: DumpInfo, readerTimings: [PhaseTiming] = [],
                progress: ProgressSink? = nil, storage: ArrayStorage = .memory) throws(LoadCancelled) {
        self.graph = graph
        self.details = details
        self.info = info
        shallowBytes = info.shallowBytes ?? graph.totalShallow()
        var timings = readerTimings
        var clock = PhaseClock()
        progress?.phase("dominators", 0)
        let spill = GraphSpill.plan(graph: graph, storage: storage)
        spill?.spillBefore()
        let doms = try DominatorScratch.compute(graph: graph, progress: progress, storage: storage, spill: spill)
        timings.append(clock.lap("dominators"))
        progress?.phase("retained", 0)
        // The class histogram is summed by the retained-size walk itself (no second walk of the tree).
        let (tree, tallies) = DominatorTree.withClassTallies(graph: graph, result: doms, storage: storage,
                                                             skipEmpty: !info.countsEmptyObjects)
        self.tree = tree
        timings.append(clock.lap("retained"))
        MemoryTrace.note("after retained")
        try progress?.checkCancelled()
        histogram = ClassHistogram(tallies: tallies)
        spill?.doneWithNodeColumns()
        timings.append(clock.lap("histogram"))
        MemoryTrace.note("after histogram")
        progress?.phase("histogram", 1)
        try progress?.checkCancelled()
        self.timings = timings
    }

    /// A restored index (see `HeapIndex.restore`).
    init(graph: HeapGraph, tree: DominatorTree, histogram: ClassHistogram, details: any GraphDetails, info: DumpInfo,
         timings: [PhaseTiming], shallowBytes: UInt64) {
        self.graph = graph
        self.tree = tree
        self.histogram = histogram
        self.details = details
        self.info = info
        self.timings = timings
        self.shallowBytes = shallowBytes
    }

    // MARK: - Totals

    public var objectCount: Int { graph.objectCount }
    /// Bytes reachable from the GC roots: the super-root's retained size.
    public var reachableBytes: UInt64 { tree.retained[0] }
    public var reachableObjects: Int { tree.reachableCount - 1 }
    public var unreachableObjects: Int { objectCount - reachableObjects }
    public var unreachableBytes: UInt64 { shallowBytes &- reachableBytes }

    /// The largest dominator-tree nodes under `node` (the super-root by default).
    public func topDominators(under node: UInt32 = HeapGraph.superRoot, limit: Int) -> [UInt32] {
        tree.children(of: node, limit: limit)
    }
}

/// Facts about the file that the reader found: shown in headers and `summary`.
public struct DumpInfo: Sendable {
    /// The kind of dump (its JSON name is `format.id`: `hprof`, `v8`, `hana`).
    public var format: DumpFormat
    /// `JAVA PROFILE 1.0.2`, `Node 20 heap snapshot`, …
    public var version: String
    public var path: String
    public var fileBytes: Int
    /// Key facts in display order (`idSize` → `8`, `compressedOops` → `true`, …).
    public var facts: [(key: String, value: String)]
    public var warnings: [String]
    /// When the format defines total shallow bytes differently from the sum over nodes.
    public var shallowBytes: UInt64?
    /// Whether objects of size 0 count in the class histogram (DevTools leaves them out of its Summary).
    public var countsEmptyObjects = true

    public init(format: DumpFormat, version: String, path: String, fileBytes: Int,
                facts: [(key: String, value: String)] = [], warnings: [String] = [], shallowBytes: UInt64? = nil) {
        self.format = format
        self.version = version
        self.path = path
        self.fileBytes = fileBytes
        self.facts = facts
        self.warnings = warnings
        self.shallowBytes = shallowBytes
    }
}
