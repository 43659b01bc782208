import Testing
import DumpInput
import DumpKit
import HeapGraph
@testable import V8Reader

/// The committed samples written by `SampleDumps/generators/v8_leak.js` (node 20): the planted leaks must be the top
/// retainers of their kind, reachable from the global object. Expected numbers were cross-checked node by node against
/// `SampleDumps/generators/v8_devtools_reference.js` (an independent implementation of DevTools' rules, run with node
/// on the same files).
@Suite struct SampleSnapshotTests {
    /// The child of `parent` (by outgoing edge name) — the same walk a user does from the global object.
    static func child(_ s: V8Snapshot, _ parent: UInt32, _ edge: String) -> UInt32? {
        s.details.fields(of: parent).first { $0.name == edge }?.target
    }

    static func app(_ s: V8Snapshot) throws -> UInt32 {
        let global = try #require(s.index.graph.rootNodes.first { s.index.graph.className($0) == "global" })
        return try #require(child(s, global, "leakyApp"))
    }

    @Test func loadsThroughDumpLoaderWithDevToolsNumbers() throws {
        let dump = try DumpLoader.load(path: Fixture.repoRoot + "/SampleDumps/v8/leak-2.heapsnapshot")
        #expect(dump.format == .v8)
        let s = try #require(dump.extras(V8Snapshot.self))
        let idx = s.index
        #expect(idx.info.format.id == "v8")
        #expect(idx.objectCount == 99_389)
        #expect(idx.graph.edgeCount == 329_589)
        #expect(idx.info.warnings.isEmpty)
        // Totals and the leaking app match the DevTools-rules reference (v8_devtools_reference.js) exactly.
        #expect(idx.reachableBytes == 7_316_687)
        #expect(idx.unreachableObjects == 0)
        let app = try Self.app(s)
        #expect(idx.graph.className(app) == "LeakyApp")
        #expect(idx.tree.retained[Int(app)] == 4_327_352)
        let summary = Dictionary(uniqueKeysWithValues: s.devToolsSummary().map { ($0.className, $0) })
        #expect(summary["LeakyEntry"]?.count == 5000)
        #expect(summary["LeakyEntry"]?.retained == 1_648_000)
        #expect(summary["Array"]?.retained == 2_722_104)
        #expect(summary["(array)"]?.count == 120)
        #expect(summary["(array)"]?.retained == 323_968)
        #expect(summary["system / JSArrayBufferData"]?.selfSize == 1_034_613)
        #expect(summary["LeakyApp"]?.distance == 2)
    }

    @Test func theGrowingMapIsTheTopMapAndPathsStartAtTheGlobalObject() throws {
        let s = try Fixture.sample("leak-2.heapsnapshot")
        let idx = s.index
        let app = try Self.app(s)
        let cache = try #require(Self.child(s, app, "cache"))
        #expect(idx.graph.className(cache) == "Map")
        #expect(idx.tree.retained[Int(cache)] == 1_997_928)
        #expect(idx.tree.idom[Int(cache)] == app)
        let maps = (1..<idx.graph.nodeCount).map { UInt32($0) }.filter { idx.graph.className($0) == "Map" }
        #expect(maps.max { idx.tree.retained[Int($0)] < idx.tree.retained[Int($1)] } == cache)
        let path = try #require(s.retainerPaths(to: cache).first)
        #expect(path.map { idx.graph.className($0) } == ["global", "LeakyApp", "Map"])
        #expect(idx.details.referenceName(from: path[0], to: path[1]) == "leakyApp")
        #expect(idx.details.referenceName(from: path[1], to: path[2]) == "cache")
        #expect(s.distance(cache) == 3)
    }

    @Test func plantedLeaksOfEachKind() throws {
        let s = try Fixture.sample("leak-2.heapsnapshot")
        let idx = s.index
        let app = try Self.app(s)
        // Closures capturing 40 KB arrays: 25 handlers, each retaining its array.
        let handlers = try #require(Self.child(s, app, "handlers"))
        #expect(idx.tree.retained[Int(handlers)] == 1_004_192)
        let handlerFns = idx.details.fields(of: handlers).compactMap(\.target).filter {
            idx.graph.className($0) == "Function"
        }
        #expect(handlerFns.count == 25)
        for f in handlerFns { #expect(idx.tree.retained[Int(f)] >= 40_000) }
        // Sessions with 4 KB Buffers in the growing history array.
        let history = try #require(Self.child(s, app, "history"))
        #expect(idx.tree.retained[Int(history)] == 1_099_128)
        #expect(idx.tree.retained[Int(history)] > 250 * 4096)
        // The detached subtrees kept for "undo": 300 TreeNodes, retained by the undo array only.
        let undo = try #require(Self.child(s, app, "undo"))
        let undoTrees = idx.details.fields(of: undo).compactMap(\.target).filter {
            idx.graph.className($0) == "TreeNode"
        }
        #expect(undoTrees.count == 2)
        #expect(undoTrees.allSatisfy { idx.tree.idom[Int($0)] == undo })
        // Listeners never removed: 100 arrow functions on the emitter's 'tick' list keep their widgets.
        let widgets = (1..<idx.graph.nodeCount).filter { idx.graph.className(UInt32($0)) == "Widget" }
        #expect(widgets.count == 200)
        // Paths to a widget start at the global object.
        let w = UInt32(widgets[0])
        #expect(s.retainerPaths(to: w).first.map { idx.graph.className($0[0]) } == "global")
    }

    @Test func nodeIDsMatchAcrossSnapshotsOfOneProcess() throws {
        let a = try Fixture.sample("leak-1.heapsnapshot")
        let b = try Fixture.sample("leak-2.heapsnapshot")
        let appA = try Self.app(a), appB = try Self.app(b)
        #expect(a.nodeID(appA) == b.nodeID(appB))
        let cacheA = try #require(Self.child(a, appA, "cache")), cacheB = try #require(Self.child(b, appB, "cache"))
        #expect(a.nodeID(cacheA) == b.nodeID(cacheB))
        #expect(a.index.tree.retained[Int(cacheA)] < b.index.tree.retained[Int(cacheB)])
        #expect(a.index.details.idString(appA) == "@\(a.nodeID(appA))")
        let summaryA = Dictionary(uniqueKeysWithValues: a.devToolsSummary().map { ($0.className, $0.count) })
        #expect(summaryA["LeakyEntry"] == 2000)
    }
}
