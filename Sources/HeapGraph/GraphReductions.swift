/// Loops of `HeapGraph` over every node or edge, as reductions on both cores. The checks `init` makes: the largest
/// class index and the smallest and largest edge target (only when one is out of range is the first offender looked
/// up, for the error message, in order, as a plain loop would have found it); the sum of the shallow sizes.
enum GraphReductions {
    /// Below this many elements one core does it all.
    static let minimumHalf = 1 << 16

    /// The largest class index of nodes `1...` (0 when there are none).
    static func largestClass(_ classOf: Column<UInt32>) -> UInt32 {
        guard classOf.count > 1 else { return 0 }
        return halves(1..<classOf.count, zero: UInt32(0), combine: { max($0, $1) }) { range in
            classOf.withUnsafeBufferPointer(range) { p in
                var m: UInt32 = 0
                for c in p { m = max(m, c) }
                return m
            }
        }
    }

    /// The smallest and largest target of `edges` (`(.max, 0)` when there are none).
    static func targetRange(_ edges: Column<UInt32>) -> (min: UInt32, max: UInt32) {
        guard !edges.isEmpty else { return (.max, 0) }
        let zero: (min: UInt32, max: UInt32) = (.max, 0)
        return halves(0..<edges.count, zero: zero, combine: { (min($0.min, $1.min), max($0.max, $1.max)) }) { range in
            edges.withUnsafeBufferPointer(range) { p in
                var lo = UInt32.max, hi: UInt32 = 0
                for raw in p {
                    let t = Edge.target(raw)
                    lo = min(lo, t)
                    hi = max(hi, t)
                }
                return (lo, hi)
            }
        }
    }

    /// The shallow sizes of nodes `1...` summed (wrapping, as `&+`): the 32-bit sizes, and for each node marked
    /// `.max` its entry in `large` (`.max` itself where it has none).
    static func shallowSum(_ shallow: Column<UInt32>, large: [UInt32: UInt64]) -> UInt64 {
        guard shallow.count > 1 else { return 0 }
        let zero: (sum: UInt64, marked: Int) = (0, 0)
        let (small, marked) = halves(1..<shallow.count, zero: zero, combine: { ($0.sum &+ $1.sum, $0.marked + $1.marked) }) {
            range in
            shallow.withUnsafeBufferPointer(range) { p in
                var sum: UInt64 = 0
                var marked = 0
                for s in p {
                    sum &+= s == .max ? 0 : UInt64(s)
                    marked += s == .max ? 1 : 0
                }
                return (sum, marked)
            }
        }
        var total = small
        var found = 0
        for (node, size) in large where node > 0 && Int(node) < shallow.count && shallow[Int(node)] == .max {
            total &+= size
            found += 1
        }
        return total &+ UInt64(marked - found) &* UInt64(UInt32.max)
    }

    /// `body` over `range`, in two halves on both cores when it is long enough, combined.
    static func halves<T: Sendable>(_ range: Range<Int>, zero: T, combine: (T, T) -> T,
                                            _ body: @escaping @Sendable (Range<Int>) -> T) -> T {
        guard range.count >= 2 * minimumHalf else { return body(range) }
        let mid = range.lowerBound + range.count / 2
        let results = HalfResults<T>()
        BothCores.run({ results.first = body(range.lowerBound..<mid) }, { results.second = body(mid..<range.upperBound) })
        return combine(results.first ?? zero, results.second ?? zero)
    }
}

/// The two halves' results.
private final class HalfResults<T>: @unchecked Sendable {
    // @unchecked: each field is written by one of the two closures of `BothCores.run`, read after both returned.
    var first: T?
    var second: T?
}
