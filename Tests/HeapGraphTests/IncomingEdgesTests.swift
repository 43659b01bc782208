import Testing
@testable import HeapGraph

/// The in-edges are built on both cores once a graph has a million edges; they must equal the in-edges collected by
/// brute force from the out-edges (per target: the super-root first, then sources ascending, weak bits kept).
@Suite struct IncomingEdgesTests {
    @Test func parallelInEdgesEqualBruteForce() throws {
        let n = 200_000
        var rng = SplitMix(state: 7)
        var start = ContiguousArray<UInt32>(repeating: 0, count: n + 2)
        var out = ContiguousArray<UInt32>()
        var brute = [[UInt32]](repeating: [], count: n + 1)
        let roots: [UInt32] = [1, 5, 150_000, 199_999]
        for r in roots { brute[Int(r)].append(0) }
        for v in 1...n {
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                let t = UInt32.random(in: 1...UInt32(n), using: &rng)
                let weak = Int.random(in: 0..<10, using: &rng) == 0
                out.append(weak ? t | Edge.weakBit : t)
                brute[Int(t)].append(UInt32(v) | (weak ? Edge.weakBit : 0))
            }
            start[v + 1] = UInt32(out.count)
        }
        #expect(out.count >= IncomingEdges.parallelFrom, "large enough for the two-core path")
        let g = try HeapGraph(objectIDs: ContiguousArray((0...n).map { UInt64($0) }),
                              classOf: ContiguousArray(repeating: 0, count: n + 1),
                              shallow32: ContiguousArray(repeating: 16, count: n + 1), outStart: start, outEdges: out,
                              roots: roots.map { GCRoot(node: $0, kind: .stickyClass) }, classes: ClassTable(names: ["Node"]))
        var mismatches = 0
        for t in 1...n where Array(g.predecessors(UInt32(t))) != brute[t] { mismatches += 1 }
        #expect(mismatches == 0)
        #expect(g.inEdges.count == out.count + roots.count)
    }
}
