import Dispatch
import DumpProgress
import Testing
@testable import HeapGraph

/// `predecessors` reads the incoming edges without a lock once they are published (`PublishedIncomingEdges`): many
/// threads racing the first build (on the spot, or in the background) must all read exactly the in-edges collected
/// by brute force from the out-edges. Run it under the thread sanitizer: `swift test --sanitize=thread --filter
/// PublishedIncomingEdgesTests`.
@Suite struct PublishedIncomingEdgesTests {
    static func graph(seed: UInt64, n: Int) throws -> (HeapGraph, [[UInt32]]) {
        var rng = SplitMix(state: seed)
        var start = ContiguousArray<UInt32>(repeating: 0, count: n + 2)
        var out = ContiguousArray<UInt32>()
        var brute = [[UInt32]](repeating: [], count: n + 1)
        let roots: [UInt32] = [1, UInt32(n / 2), UInt32(n)]
        for r in roots { brute[Int(r)].append(0) }
        for v in 1...n {
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                let t = UInt32.random(in: 1...UInt32(n), using: &rng)
                out.append(t)
                brute[Int(t)].append(UInt32(v))
            }
            start[v + 1] = UInt32(out.count)
        }
        let g = try HeapGraph(objectIDs: ContiguousArray((0...n).map { UInt64($0) }),
                              classOf: ContiguousArray(repeating: 0, count: n + 1),
                              shallow32: ContiguousArray(repeating: 16, count: n + 1), outStart: start, outEdges: out,
                              roots: roots.map { GCRoot(node: $0, kind: .stickyClass) }, classes: ClassTable(names: ["Node"]))
        return (g, brute)
    }

    @Test(arguments: [false, true]) func readersRacingTheFirstBuild(background: Bool) throws {
        let n = 20_000
        for seed in 1...8 {
            let (g, brute) = try Self.graph(seed: UInt64(seed), n: n)
            if background { g.startBuildingIncomingEdges() }
            let mismatches = Locked(0)
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                var bad = 0
                // Each worker starts at a different node, so they do not all wait on the same first call.
                for k in 0..<n {
                    let t = 1 + (k + worker * n / 4) % n
                    if !g.predecessors(UInt32(t)).elementsEqual(brute[t]) { bad += 1 }
                }
                if g.inEdges.count != g.outEdges.count + 3 || g.inStart.count != n + 2 { bad += 1 }
                mismatches.withLock { $0 += bad }
            }
            #expect(mismatches.withLock { $0 } == 0, "seed \(seed), background \(background)")
        }
    }
}
