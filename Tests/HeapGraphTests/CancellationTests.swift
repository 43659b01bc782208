import DumpProgress
import Testing
@testable import HeapGraph

/// The dominator pass and the index stop with `LoadCancelled` when the sink says so, at any callback.
@Suite struct DominatorCancellationTests {
    static func chain(_ n: Int) throws -> HeapGraph {
        var start = ContiguousArray<UInt32>(repeating: 0, count: n + 2)
        var out = ContiguousArray<UInt32>()
        out.reserveCapacity(n)
        for v in 1...n {
            if v < n { out.append(UInt32(v + 1)) }
            start[v + 1] = UInt32(out.count)
        }
        return try HeapGraph(objectIDs: ContiguousArray((0...n).map { UInt64($0) }),
                             classOf: ContiguousArray(repeating: 0, count: n + 1),
                             shallow32: ContiguousArray(repeating: 16, count: n + 1), outStart: start, outEdges: out,
                             roots: [GCRoot(node: 1, kind: .stickyClass)], classes: ClassTable(names: ["Node"]))
    }

    static func sink(cancellingAfter limit: Int, seen: Locked<Int>) -> ProgressSink {
        ProgressSink(report: { _, _ in seen.withLock { $0 += 1 } },
                     cancelled: { seen.withLock { $0 } >= limit })
    }

    @Test func indexCancelledAfterEachCallback() throws {
        let g = try Self.chain(1000)
        let info = DumpInfo(format: DumpFormat(id: "test", shortName: "test", displayName: "test", expectation: "a test"), version: "", path: "", fileBytes: 0)
        let seen = Locked(0)
        let full = try HeapIndex(graph: g, details: NoDetails(), info: info,
                                 progress: Self.sink(cancellingAfter: .max, seen: seen))
        #expect(full.reachableObjects == 1000)
        let total = seen.withLock { $0 }
        #expect(total == 6, "dominators 0, 0.3, 0.7, 1; retained 0; histogram 1")
        for limit in 1...total {
            #expect(throws: LoadCancelled.self, "after \(limit) of \(total) callbacks") {
                _ = try HeapIndex(graph: g, details: NoDetails(), info: info,
                                  progress: Self.sink(cancellingAfter: limit, seen: Locked(0)))
            }
        }
    }

    @Test func dominatorsStopInsideTheDepthFirstSearch() throws {
        // More nodes than the check interval: a sink cancelled from the start stops the DFS before it reports 0.3.
        let g = try Self.chain(DominatorScratch.checkMask + 10)
        let seen = Locked(0)
        #expect(throws: LoadCancelled.self) {
            _ = try Dominators(graph: g, progress: Self.sink(cancellingAfter: 0, seen: seen))
        }
        #expect(seen.withLock { $0 } == 0)
    }

    @Test func uncancelledSinkChangesNothing() throws {
        let g = try Self.chain(5000)
        let plain = try Dominators(graph: g)
        let watched = try Dominators(graph: g, progress: Self.sink(cancellingAfter: .max, seen: Locked(0)))
        #expect(plain.idom == watched.idom)
        #expect(plain.preorder == watched.preorder)
    }
}
