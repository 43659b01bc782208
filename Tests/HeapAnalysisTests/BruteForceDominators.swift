@testable import HeapGraph

/// Domination by its definition, for small graphs: `d` dominates `x` when `x` cannot be reached from the roots once
/// `d` is removed. Nothing here uses the dominator tree under test.
struct BruteForceDominators {
    let n: Int
    let shallow: [UInt64]          // index 1...n
    /// dominated[d]: the nodes `d` dominates, itself included (empty for unreachable `d`).
    let dominated: [Set<UInt32>]
    let reachable: Set<UInt32>

    init(n: Int, shallow: [UInt32], edges: [(UInt32, UInt32)], roots: [UInt32]) {
        self.n = n
        self.shallow = [0] + shallow.map(UInt64.init)
        var out = [[UInt32]](repeating: [], count: n + 1)
        for (a, b) in edges { out[Int(a)].append(b) }
        func reach(without removed: UInt32?) -> Set<UInt32> {
            var seen = Set<UInt32>()
            var stack = roots.filter { $0 != removed }
            while let v = stack.popLast() {
                guard seen.insert(v).inserted else { continue }
                for w in out[Int(v)] where w != removed && !seen.contains(w) { stack.append(w) }
            }
            return seen
        }
        let all = reach(without: nil)
        reachable = all
        var dom = [Set<UInt32>](repeating: [], count: n + 1)
        for d in 1...n where all.contains(UInt32(d)) {
            dom[d] = all.subtracting(reach(without: UInt32(d)))
        }
        dominated = dom
    }

    /// The immediate dominator of `x` (nil: only the roots dominate it): its strict dominator that dominates least.
    func idom(_ x: UInt32) -> UInt32? {
        var best: UInt32?
        for d in 1...n where d != Int(x) && dominated[d].contains(x) {
            if best == nil || dominated[d].count < dominated[Int(best!)].count { best = UInt32(d) }
        }
        return best
    }

    func retained(_ d: UInt32) -> UInt64 { bytes(dominated[Int(d)]) }

    /// Bytes of the union of what the nodes of `set` dominate.
    func unionRetained(_ set: some Sequence<UInt32>) -> UInt64 {
        var u = Set<UInt32>()
        for d in set { u.formUnion(dominated[Int(d)]) }
        return bytes(u)
    }

    func bytes(_ s: Set<UInt32>) -> UInt64 { s.reduce(0) { $0 + shallow[Int($1)] } }
}

/// A reproducible pseudo-random generator (SplitMix64) for the brute-force graphs.
struct SplitMix {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
