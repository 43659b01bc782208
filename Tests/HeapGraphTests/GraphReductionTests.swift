import Testing
@testable import HeapGraph

/// `HeapGraph.init`'s checks and `totalShallow`, which run as reductions on both cores, against plain loops over
/// graphs big enough to be cut in two halves.
@Suite struct GraphReductionTests {
    /// A chain 1 → 2 → … → n with pseudo-random classes and sizes; every 1000th size needs 64 bits.
    static func arrays(_ n: Int) -> (classOf: ContiguousArray<UInt32>, shallow: ContiguousArray<UInt32>,
                                     large: [UInt32: UInt64], outStart: ContiguousArray<UInt32>,
                                     outEdges: ContiguousArray<UInt32>) {
        var classOf = ContiguousArray<UInt32>(repeating: 0, count: n + 1)
        var shallow = ContiguousArray<UInt32>(repeating: 0, count: n + 1)
        var large: [UInt32: UInt64] = [:]
        for v in 1...n {
            classOf[v] = UInt32(v * 7 % 5)
            shallow[v] = UInt32(16 + v % 97 * 8)
            if v % 1000 == 0 {
                shallow[v] = .max
                large[UInt32(v)] = UInt64(v) << 33
            }
        }
        let outStart = ContiguousArray([0, 0] + (1..<n).map { UInt32($0) } + [UInt32(n - 1)])
        let outEdges = ContiguousArray((2...n).map { Edge.make(UInt32($0), weak: $0 % 3 == 0) })
        return (classOf, shallow, large, outStart, outEdges)
    }

    static func graph(_ a: ReturnType, classes: Int = 5) throws -> HeapGraph {
        try HeapGraph(objectIDs: ContiguousArray((0..<a.classOf.count).map { UInt64($0) * 16 }), classOf: a.classOf,
                      shallow32: a.shallow, largeShallow: a.large, outStart: a.outStart, outEdges: a.outEdges,
                      roots: [GCRoot(node: 1, kind: .jniGlobal)],
                      classes: ClassTable(names: (0..<classes).map { "C\($0)" }))
    }
    typealias ReturnType = (classOf: ContiguousArray<UInt32>, shallow: ContiguousArray<UInt32>,
                            large: [UInt32: UInt64], outStart: ContiguousArray<UInt32>,
                            outEdges: ContiguousArray<UInt32>)

    @Test func totalShallowMatchesAPlainSum() throws {
        var a = Self.arrays(300_001)
        a.shallow[5] = .max   // marked, but with no 64-bit entry: counts as UInt32.max, as `shallowSize` says
        a.large[7] = 1 << 40  // an entry for a node that is not marked: ignored, as `shallowSize` ignores it
        let g = try Self.graph(a)
        var plain: UInt64 = 0
        for v in 1..<a.classOf.count {
            plain &+= a.shallow[v] == .max ? (a.large[UInt32(v)] ?? UInt64(UInt32.max)) : UInt64(a.shallow[v])
        }
        #expect(g.totalShallow() == plain)
        #expect(g.totalShallow() > UInt64(UInt32.max))
    }

    @Test func firstBadClassIndexIsNamed() throws {
        var a = Self.arrays(300_001)
        a.classOf[250_000] = 9
        a.classOf[260_000] = 8
        #expect(throws: HeapGraph.BuildError.self) { try Self.graph(a) }
        do { _ = try Self.graph(a) } catch { #expect(String(describing: error) == "inconsistent graph: class index 9 out of range") }
    }

    @Test func firstBadEdgeTargetIsNamed() throws {
        var a = Self.arrays(300_001)
        a.outEdges[200_000] = Edge.make(400_000, weak: true)
        a.outEdges[280_000] = 0
        do {
            _ = try Self.graph(a)
            Issue.record("no error")
        } catch {
            #expect(String(describing: error) == "inconsistent graph: edge target 400000 out of range")
        }
        a.outEdges[200_000] = Edge.make(3, weak: false)
        do {
            _ = try Self.graph(a)
            Issue.record("no error")
        } catch {
            #expect(String(describing: error) == "inconsistent graph: edge target 0 out of range")
        }
        a.outEdges[280_000] = Edge.make(300_001, weak: false)
        #expect(try Self.graph(a).edgeCount == 300_000)
    }
}
