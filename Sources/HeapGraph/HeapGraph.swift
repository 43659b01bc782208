/// The format-neutral object graph: compact per-node arrays indexed by a 32-bit node id, outgoing and incoming
/// edges in CSR form, classes, and GC roots hanging off a virtual super-root (node 0).
///
/// Readers fill the arrays (nodes `1..<nodeCount`, edges in node order) and hand them to `init`; the graph builds
/// the incoming edges when they are first needed. Nothing here knows a dump format or touches a file.
public final class HeapGraph: Sendable {
    /// The virtual super-root: its successors are the GC roots.
    public static let superRoot: UInt32 = 0
    /// Marks "no node" in node-valued arrays (the idom of the super-root and of unreachable nodes).
    public static let none: UInt32 = .max

    /// Number of nodes including the super-root.
    public let nodeCount: Int
    /// Per node: the id the format gives it (HPROF address, V8 node id); 0 for the super-root.
    public let objectIDs: Column<UInt64>
    /// Per node: its class index into `classes`.
    public let classOf: Column<UInt32>
    /// Per node: shallow size in bytes; `UInt32.max` means "look in `largeShallow`".
    public let shallow32: Column<UInt32>
    public let largeShallow: [UInt32: UInt64]
    /// CSR of outgoing edges: the edges of node `n` are `outEdges[outStart[n]..<outStart[n+1]]` (see `Edge`).
    /// The super-root's successors are not stored here but in `rootNodes`.
    public let outStart: Column<UInt32>
    public let outEdges: Column<UInt32>
    /// CSR of incoming edges (sources, with `Edge.weakBit` on weak ones); root nodes list the super-root. Built on
    /// first use (see `PendingIncomingEdges`): the dominator step has them built beside its DFS.
    public var inStart: Column<UInt32> { published.value.start }
    public var inEdges: Column<UInt32> { published.value.edges }
    private let incoming: PendingIncomingEdges
    /// `incoming`'s columns once built, read without its lock (see `PublishedIncomingEdges`).
    private let published: PublishedIncomingEdges
    /// Distinct nodes that are GC roots: the successors of the super-root.
    public let rootNodes: Column<UInt32>
    /// Every root record, sorted by node (a node can be a root for several reasons).
    public let roots: [GCRoot]
    public let classes: ClassTable
    /// Finds a node by its format id.
    public let lookup: IDLookup

    public enum BuildError: Error, CustomStringConvertible {
        case tooManyNodes(Int)
        case tooManyEdges(Int)
        case inconsistent(String)

        public var description: String {
            switch self {
            case .tooManyNodes(let n): return "\(n) objects exceed the index limit of \(Edge.maxNodes - 1)"
            case .tooManyEdges(let n): return "\(n) references exceed the index limit of \(UInt32.max)"
            case .inconsistent(let s): return "inconsistent graph: \(s)"
            }
        }
    }

    /// Builds the graph. Arrays have `nodeCount` entries (index 0 is the super-root, its values are ignored),
    /// `outStart` has `nodeCount + 1` entries with `outStart[0] == outStart[1] == 0`.
    public convenience init(objectIDs: ContiguousArray<UInt64>,
                            classOf: ContiguousArray<UInt32>,
                            shallow32: ContiguousArray<UInt32>,
                            largeShallow: [UInt32: UInt64] = [:],
                            outStart: ContiguousArray<UInt32>,
                            outEdges: ContiguousArray<UInt32>,
                            roots: [GCRoot],
                            classes: ClassTable,
                            lookup: IDLookup? = nil,
                            storage: ArrayStorage = .memory) throws(BuildError) {
        try self.init(objectIDs: Column(objectIDs), classOf: Column(classOf), shallow32: Column(shallow32),
                      largeShallow: largeShallow, outStart: Column(outStart), outEdges: Column(outEdges),
                      roots: roots, classes: classes, lookup: lookup, storage: storage)
    }

    /// The same from columns (a graph rebuilt from another one's arrays shares them).
    public init(objectIDs: Column<UInt64>,
                classOf: Column<UInt32>,
                shallow32: Column<UInt32>,
                largeShallow: [UInt32: UInt64] = [:],
                outStart: Column<UInt32>,
                outEdges: Column<UInt32>,
                roots: [GCRoot],
                classes: ClassTable,
                lookup: IDLookup? = nil,
                storage: ArrayStorage = .memory) throws(BuildError) {
        let n = objectIDs.count
        guard n >= 1 else { throw .inconsistent("no super-root") }
        guard n <= Edge.maxNodes else { throw .tooManyNodes(n - 1) }
        guard classOf.count == n, shallow32.count == n, outStart.count == n + 1 else {
            throw .inconsistent("per-node arrays differ in length")
        }
        guard outStart[0] == 0, outStart[1] == 0, Int(outStart[n]) == outEdges.count else {
            throw .inconsistent("edge offsets do not match the edge array")
        }
        let classCount = UInt32(classes.count)
        if GraphReductions.largestClass(classOf) >= classCount {
            for c in classOf.dropFirst() where c >= classCount {
                throw .inconsistent("class index \(c) out of range")
            }
        }
        let targets = GraphReductions.targetRange(outEdges)
        if !outEdges.isEmpty && (targets.min == 0 || Int(targets.max) >= n) {
            for raw in outEdges where Edge.target(raw) == 0 || Int(Edge.target(raw)) >= n {
                throw .inconsistent("edge target \(Edge.target(raw)) out of range")
            }
        }
        let sortedRoots = roots.filter { $0.node != 0 && Int($0.node) < n }.sorted {
            ($0.node, $0.kind.rawValue) < ($1.node, $1.kind.rawValue)
        }
        var distinct = ContiguousArray<UInt32>()
        distinct.reserveCapacity(sortedRoots.count)
        for r in sortedRoots where distinct.last != r.node { distinct.append(r.node) }
        guard outEdges.count + distinct.count <= Int(UInt32.max) else {
            throw .tooManyEdges(outEdges.count + distinct.count)
        }

        self.nodeCount = n
        self.objectIDs = objectIDs
        self.classOf = classOf
        self.shallow32 = shallow32
        self.largeShallow = largeShallow
        self.outStart = outStart
        self.outEdges = outEdges
        self.roots = sortedRoots
        self.rootNodes = Column(distinct)
        self.classes = classes
        self.lookup = lookup ?? IDLookup(ids: objectIDs, storage: storage)
        self.incoming = PendingIncomingEdges(.init(nodeCount: n, outStart: outStart, outEdges: outEdges,
                                                   rootNodes: distinct, storage: storage))
        self.published = PublishedIncomingEdges(incoming)
    }

    /// Starts building the incoming edges on another thread, on one core (see `PendingIncomingEdges`).
    func startBuildingIncomingEdges() { incoming.startInBackground() }
    /// Builds the incoming edges in the calling thread, on one core (see `PendingIncomingEdges.buildOnThisThread`).
    func buildIncomingEdgesOnThisThread() { incoming.buildOnThisThread() }

    /// A restored graph (see `HeapIndex.restore`): the arrays were checked when this graph was first built.
    init(restoring objectIDs: Column<UInt64>, classOf: Column<UInt32>, shallow32: Column<UInt32>,
         largeShallow: [UInt32: UInt64], outStart: Column<UInt32>, outEdges: Column<UInt32>, inStart: Column<UInt32>,
         inEdges: Column<UInt32>, rootNodes: Column<UInt32>, roots: [GCRoot], classes: ClassTable, lookup: IDLookup) {
        nodeCount = objectIDs.count
        self.objectIDs = objectIDs
        self.classOf = classOf
        self.shallow32 = shallow32
        self.largeShallow = largeShallow
        self.outStart = outStart
        self.outEdges = outEdges
        self.incoming = PendingIncomingEdges(built: (inStart, inEdges))
        self.published = PublishedIncomingEdges(incoming)
        self.rootNodes = rootNodes
        self.roots = roots
        self.classes = classes
        self.lookup = lookup
    }

    // MARK: - Accessors

    /// Number of objects (the super-root excluded).
    public var objectCount: Int { nodeCount - 1 }

    public var edgeCount: Int { outEdges.count }

    @inlinable
    public func shallowSize(_ node: UInt32) -> UInt64 {
        let s = shallow32[Int(node)]
        return s == .max ? (largeShallow[node] ?? UInt64(s)) : UInt64(s)
    }

    @inlinable
    public func className(_ node: UInt32) -> String { classes[classOf[Int(node)]] }

    /// Outgoing edges of `node` as raw values (target plus weak bit); the super-root's are its root nodes.
    public func successors(_ node: UInt32) -> Column<UInt32>.SubSequence {
        if node == HeapGraph.superRoot { return rootNodes[...] }
        return outEdges[Int(outStart[Int(node)])..<Int(outStart[Int(node) + 1])]
    }

    /// Incoming edges of `node` as raw values (source plus weak bit).
    public func predecessors(_ node: UInt32) -> Column<UInt32>.SubSequence {
        let (inStart, inEdges) = published.value
        return inEdges[Int(inStart[Int(node)])..<Int(inStart[Int(node) + 1])]
    }

    /// The root records of `node` (empty when it is not a GC root).
    public func rootRecords(of node: UInt32) -> ArraySlice<GCRoot> {
        var lo = 0, hi = roots.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if roots[mid].node < node { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < roots.count && roots[end].node == node { end += 1 }
        return roots[lo..<end]
    }

    public func isRoot(_ node: UInt32) -> Bool { !rootRecords(of: node).isEmpty }

    /// The node with format id `id`, if any.
    public func node(forID id: UInt64) -> UInt32? { lookup.node(for: id) }

    /// Total shallow bytes of all objects.
    public func totalShallow() -> UInt64 {
        GraphReductions.shallowSum(shallow32, large: largeShallow)
    }
}
