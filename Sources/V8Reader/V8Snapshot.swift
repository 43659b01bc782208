#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput
import DumpProgress
import HeapGraph

/// A V8 `.heapsnapshot` (Node, Chrome, Deno, Electron…) read into the graph index with DevTools' semantics, so that
/// retained sizes, shallow sizes and class names match Chrome's Memory panel.
///
/// Mapping onto HeapGraph: V8 node ordinal `i` is graph node `i + 1`; `objectIDs` are the V8 node ids (shown as
/// `@id`); edges DevTools leaves out of dominators carry `Edge.weakBit`. The GC roots are the V8 root, its children
/// (`(GC roots)`, the global object / Window, `(Document DOM trees)`, …) and, as kind `.unreachable`, the nodes whose
/// only retainers are weak (DevTools hangs those under the root too). The dominator tree is DevTools' tree with the
/// super-root standing in for the V8 root.
public final class V8Snapshot: Sendable {
    public let index: HeapIndex
    /// Node names, edge names and types, read back from the file on demand.
    public let details: V8Details
    public let meta: SnapshotMeta
    /// The V8 root node (graph number).
    public let rootNode: UInt32
    /// Number of Blink DOM nodes that are detached (after propagation; Node's natives flagged detached do not count).
    public let detachedNodeCount: Int
    /// The DOM nodes the snapshot holds (none in Node.js snapshots).
    public let dom: DOMCensus
    let file: MappedFile
    let facts: EdgeFacts
    private let retainers: Locked<RetainerIndex?>
    /// Where arrays computed on first use go (out of core when the index was built so).
    let storage: ArrayStorage
    /// Per class, the Summary's distance (`classDistances()`), computed on first use.
    let classDistanceCache = Locked<ContiguousArray<Int32>?>(nil)

    init(index: HeapIndex, details: V8Details, meta: SnapshotMeta, rootNode: UInt32, detachedNodeCount: Int,
         file: MappedFile, facts: EdgeFacts, retainers: RetainerIndex? = nil, dom: DOMCensus = DOMCensus(),
         storage: ArrayStorage = .memory) {
        self.index = index
        self.details = details
        self.meta = meta
        self.rootNode = rootNode
        self.detachedNodeCount = detachedNodeCount
        self.dom = dom
        self.file = file
        self.facts = facts
        self.retainers = Locked(retainers)
        self.storage = storage
    }

    public static func load(_ file: MappedFile, extraWarnings: [String] = [],
                            progress: ProgressSink? = nil) throws(DumpError) -> V8Snapshot {
        try SnapshotLoader.load(file, extraWarnings: extraWarnings, progress: progress)
    }

    // MARK: - Per node (for screens and comparisons)

    public var graph: HeapGraph { index.graph }

    /// The V8 node id (what DevTools shows as `@id`); stable across snapshots of one process.
    public func nodeID(_ node: UInt32) -> UInt64 { index.graph.objectIDs[Int(node)] }

    /// Self size as DevTools shows it (after moving owned internal arrays' sizes to their owner).
    public func selfSize(_ node: UInt32) -> UInt64 { index.graph.shallowSize(node) }

    public func typeName(_ node: UInt32) -> String { details.typeName(node) }

    /// Whether DevTools marks the node detached (detachedness 2, propagated from the embedder's marks).
    public func isDetached(_ node: UInt32) -> Bool { details.detachedness(node) == 2 }

    public func name(_ node: UInt32) -> String? { details.rawName(node) }

    // MARK: - Distances and retainer paths (computed on first use)

    var retainerIndex: RetainerIndex {
        retainers.get {
            RetainerIndex(graph: index.graph, root: rootNode, facts: facts, storage: storage) { [details, meta] node in
                let t = details.typeIndex(node)
                if t != meta.synthetic { return true }
                guard let nm = details.nameIndex(node) else { return false }
                return details.strings.tag(nm) == .documentDOMTrees
            }
        }
    }

    /// DevTools' distance: 1 for user roots (global / Window), ≥ 100,000,000 for objects only the system reaches,
    /// `nil` when unreachable.
    public func distance(_ node: UInt32) -> Int? {
        guard node != HeapGraph.superRoot, Int(node) < index.graph.nodeCount else { return nil }
        let d = retainerIndex.distance[Int(node)]
        return d == RetainerIndex.noDistance ? nil : Int(d)
    }

    /// Paths from the global object (or other user roots; for system objects a child of the root) to `node`,
    /// root side first, in the order DevTools' Retainers view shows them. Weak edges are never used.
    public func retainerPaths(to node: UInt32, max: Int = 5) -> [[UInt32]] {
        retainerIndex.paths(to: node, max: max, graph: index.graph, root: rootNode, facts: facts)
    }
}

extension V8Snapshot {
    /// What loading allocates per node and per edge beyond the header (about; measured as the smallest `ulimit -v`
    /// under which the index still builds, less the virtual size when the header has been read; see the README).
    static let bytesPerNode = 64
    static let bytesPerEdge = 16
}
