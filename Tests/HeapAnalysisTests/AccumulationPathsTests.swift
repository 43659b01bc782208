import Foundation
import Testing
import DumpKit
import GeneratedDumps
@testable import HeapAnalysis
import HeapGraph

/// Paths to the accumulation point on a dump the JDK writes at test time (SampleDumps/generators/java/
/// AccumulationDemo.java): one 16 MiB list held by two statics and a thread local (and a WeakReference, which is no
/// way in). Checked against the program's own facts and a brute force: from every hold point, a forward
/// breadth-first search over strong references that passes through no other hold point.
@Suite(.serialized) struct AccumulationPathsTests {
    static func demoDump() throws -> LoadedDump? {
        try GeneratedDumps.java("AccumulationDemo", notChecked: "paths to the accumulation point")
    }

    /// Forward distance from hold point `from` to `to` over strong edges: the first step leaves `from` through a
    /// hold edge (a static field, or any edge of a root), and no later object is a hold point for the edge it is
    /// left through (nil: no such path).
    static func distance(_ g: HeapGraph, from: UInt32, to: UInt32, isHold: (UInt32, UInt32) -> Bool) -> Int? {
        var dist = [Int32](repeating: -1, count: g.nodeCount)
        dist[Int(from)] = 0
        var queue = [from]
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            if v == to { return Int(dist[Int(v)]) }
            for raw in g.successors(v) where !Edge.isWeak(raw) {
                let u = Edge.target(raw)
                if dist[Int(u)] >= 0 || isHold(v, u) != (v == from) { continue }
                dist[Int(u)] = dist[Int(v)] + 1
                queue.append(u)
            }
        }
        return nil
    }

    @Test func twoStaticsAndAThreadLocal() throws {
        guard let dump = try Self.demoDump() else { return }
        let idx = dump.index
        let g = idx.graph
        let shared = try CollectionContentsTests.staticField(dump, "AccumulationDemo$HolderA", "STORE")
        #expect(try CollectionContentsTests.staticField(dump, "AccumulationDemo$HolderB", "MIRROR") == shared)
        let suspect = try #require(LeakSuspects.find(in: idx).first { $0.node == shared })
        // The list's elementData holds the 64 arrays: it is where the memory piles up.
        let acc = suspect.accumulationPoint
        #expect(idx.details.displayClassName(acc) == "java.lang.Object[]")
        let classObjects = StaticHoldings.classObjects(g)
        let found = AccumulationPaths.find(in: idx, to: acc, classObjects: classObjects)
        #expect(found.complete && found.found == 3 && found.paths.count == 3 && found.more == 0)

        let holders = found.paths.map { AccumulationPaths.holder(of: $0, index: idx, classObjects: classObjects) }
        #expect(holders.contains("static field AccumulationDemo$HolderA.STORE"))
        #expect(holders.contains("static field AccumulationDemo$HolderB.MIRROR"))
        let thread = try #require(found.paths.first { !classObjects.contains($0[0]) })
        #expect(idx.details.displayClassName(thread[0]) == "java.lang.Thread")
        #expect(g.rootRecords(of: thread[0]).contains { $0.kind == .threadObject })
        #expect(thread.contains { idx.details.displayClassName($0) == "java.lang.ThreadLocal$ThreadLocalMap$Entry" })

        // Every path is made of strong references, ends at the accumulation point and is as short as the brute
        // force finds from its hold point; shortest first.
        let isHold: (UInt32, UInt32) -> Bool = { u, v in
            AccumulationPaths.isHold(u, over: v, index: idx, classObjects: classObjects)
        }
        for p in found.paths {
            #expect(p.last == acc)
            for k in 0..<(p.count - 1) {
                #expect(g.successors(p[k]).contains { !Edge.isWeak($0) && Edge.target($0) == p[k + 1] })
            }
            #expect(Self.distance(g, from: p[0], to: acc, isHold: isHold) == p.count - 1)
        }
        #expect(found.paths.map(\.count) == found.paths.map(\.count).sorted())

        // Brute force over every object: the hold points that reach the accumulation point are these three.
        var reaching: [UInt32] = []
        for v in 1..<UInt32(g.nodeCount) where v != acc {
            let starts = g.successors(v).contains { !Edge.isWeak($0) && isHold(v, Edge.target($0)) }
            if starts && Self.distance(g, from: v, to: acc, isHold: isHold) != nil { reaching.append(v) }
        }
        #expect(Set(reaching) == Set(found.paths.map { $0[0] }))

        // Merged from the accumulation point outward: the Object[] and the list carry all three paths, then they
        // part.
        #expect(found.tree.pathCount[0] == 3 && found.tree.children[0].count == 1)
        let list = found.tree.children[0][0]
        #expect(found.tree.nodes[list] == shared && found.tree.pathCount[list] == 3)
        #expect(found.tree.children[list].count == 3)

        // Bounded: two kept, one more.
        let two = AccumulationPaths.find(in: idx, to: acc, limit: 2, classObjects: classObjects)
        #expect(two.paths.count == 2 && two.found == 3 && two.more == 1 && two.paths == Array(found.paths.prefix(2)))
        // A budget too small to see them all says so.
        let cut = AccumulationPaths.find(in: idx, to: acc, budget: 1, classObjects: classObjects)
        #expect(!cut.complete)
    }
}
