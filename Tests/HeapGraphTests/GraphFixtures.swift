@testable import HeapGraph

/// Builds small graphs for tests: nodes 1...n, edges as (from, to, weak), roots, shallow sizes, classes.
struct TestGraph {
    var n: Int
    var edges: [(UInt32, UInt32, Bool)] = []
    var roots: [UInt32] = []
    var shallow: [UInt32]
    var classOf: [UInt32]
    var classNames: [String] = ["A", "B", "C"]

    init(n: Int) {
        self.n = n
        shallow = Array(repeating: 10, count: n + 1)
        classOf = Array(repeating: 0, count: n + 1)
    }

    func build() throws -> HeapGraph {
        var start = ContiguousArray<UInt32>(repeating: 0, count: n + 2)
        var out = ContiguousArray<UInt32>()
        let sorted = edges.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        var k = 0
        for v in 1...max(n, 1) where v <= n {
            while k < sorted.count && sorted[k].0 == UInt32(v) {
                out.append(Edge.make(sorted[k].1, weak: sorted[k].2))
                k += 1
            }
            start[v + 1] = UInt32(out.count)
        }
        return try HeapGraph(
            objectIDs: ContiguousArray((0...n).map { UInt64($0) * 16 }),
            classOf: ContiguousArray(classOf), shallow32: ContiguousArray(shallow), outStart: start, outEdges: out,
            roots: roots.map { GCRoot(node: $0, kind: .other) }, classes: ClassTable(names: classNames))
    }
}

/// Deterministic random numbers (SplitMix64) so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Dominators by definition: d dominates v when v cannot be reached from the super-root without passing d.
enum BruteForce {
    static func reachable(_ g: HeapGraph, removing removed: UInt32?) -> Set<UInt32> {
        var seen: Set<UInt32> = [0]
        var stack: [UInt32] = [0]
        while let v = stack.popLast() {
            for raw in g.successors(v) where !Edge.isWeak(raw) {
                let w = Edge.target(raw)
                if w != removed && !seen.contains(w) {
                    seen.insert(w)
                    stack.append(w)
                }
            }
        }
        return seen
    }

    /// For each reachable node: the set of its strict dominators.
    static func dominators(_ g: HeapGraph) -> [UInt32: Set<UInt32>] {
        let all = reachable(g, removing: nil)
        var doms: [UInt32: Set<UInt32>] = [:]
        for v in all { doms[v] = v == 0 ? [] : [0] }
        for d in all where d != 0 {
            let without = reachable(g, removing: d)
            for v in all where v != d && !without.contains(v) { doms[v]!.insert(d) }
        }
        return doms
    }

    /// The immediate dominator: the strict dominator that all other strict dominators dominate.
    static func idoms(_ g: HeapGraph) -> [UInt32: UInt32] {
        let doms = dominators(g)
        var out: [UInt32: UInt32] = [:]
        for (v, ds) in doms where v != 0 {
            out[v] = ds.max { doms[$0]!.count < doms[$1]!.count }!
        }
        return out
    }

    static func retained(_ g: HeapGraph) -> [UInt32: UInt64] {
        let doms = dominators(g)
        var out: [UInt32: UInt64] = [:]
        for v in doms.keys where v != 0 {
            out[v] = doms.filter { $0.key == v || $0.value.contains(v) }.keys.reduce(0) { $0 + g.shallowSize($1) }
        }
        return out
    }
}
