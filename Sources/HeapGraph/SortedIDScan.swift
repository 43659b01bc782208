import Dispatch
import DumpProgress

/// The two sweeps `IDLookup.init` makes over millions of ids (HPROF: 15.6 M, 125 MB), split between the cores: the
/// longest sorted suffix, and the bucket table of a sorted run. Each part's answer is exactly the sequential one.
enum SortedIDScan {
    /// Below this many ids one core does it all (tests pass a smaller `splitFrom` to reach the split on few ids).
    static let parallelFrom = 1 << 20

    /// The smallest `from` (>= 1) with `p[from...n]` ascending, as the loop `while from > 1 && p[from-1] <= p[from]`
    /// from `max(n, 1)` finds it, and whether two neighbours in `p[from...n]` are equal.
    static func sortedSuffix(_ p: UnsafeBufferPointer<UInt64>, n: Int,
                             splitFrom: Int = parallelFrom) -> (from: Int, duplicates: Bool) {
        guard n >= 2 else { return (max(n, 1), false) }
        guard n >= max(splitFrom, 4) else {
            let r = partOf(p, 2, n)
            return (r.descent ?? 1, r.equal)
        }
        let mid = n / 2
        var results: [(descent: Int?, equal: Bool)] = [(nil, false), (nil, false)]
        let source = SharedBuffer(pointer: UnsafeMutableBufferPointer(mutating: p))
        results.withUnsafeMutableBufferPointer { rp in
            let out = SharedBuffer(pointer: rp)
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                let q = UnsafeBufferPointer(source.pointer)
                out.pointer[k] = k == 0 ? partOf(q, 2, mid) : partOf(q, mid + 1, n)
            }
        }
        let (lower, upper) = (results[0], results[1])
        if let d = upper.descent { return (d, upper.equal) }
        return (lower.descent ?? 1, upper.equal || lower.equal)
    }

    /// One part of `sortedSuffix`: walks down from `hi` to the first descent (`p[i - 1] > p[i]`, i >= lo), noting
    /// an equal pair on the way.
    private static func partOf(_ p: UnsafeBufferPointer<UInt64>, _ lo: Int, _ hi: Int) -> (descent: Int?, equal: Bool) {
        var i = hi
        var equal = false
        while i >= lo {
            if p[i - 1] > p[i] { return (i, equal) }
            if p[i - 1] == p[i] { equal = true }
            i -= 1
        }
        return (nil, equal)
    }

    /// For ascending `keys[first...n]`: `st[b]` = the first position whose bucket `(key - low) >> shift` is >= b
    /// (n + 1 when none), for every b in `0..<st.count`: what counting the buckets and summing the counts from
    /// `first` gives.
    static func fillBuckets(keys: UnsafeBufferPointer<UInt64>, first: Int, n: Int, low: UInt64, shift: UInt64,
                            into st: UnsafeMutableBufferPointer<UInt32>, splitFrom: Int = parallelFrom) {
        let parts = n - first + 1 >= max(splitFrom, 2) ? 2 : 1
        let source = SharedBuffer(pointer: UnsafeMutableBufferPointer(mutating: keys))
        let target = SharedBuffer(pointer: st)
        let per = (n - first + 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let p = UnsafeBufferPointer(source.pointer), out = target.pointer
            let lo = first + k * per
            let hi = k == parts - 1 ? n : lo + per - 1
            @inline(__always) func bucket(_ i: Int) -> Int { Int((p[i] &- low) >> shift) }
            var previous = lo == first ? -1 : bucket(lo - 1)
            for i in lo...hi {
                let b = bucket(i)
                while previous < b {
                    previous += 1
                    out[previous] = UInt32(truncatingIfNeeded: i)
                }
            }
            if k == parts - 1 {
                while previous + 1 < out.count {
                    previous += 1
                    out[previous] = UInt32(truncatingIfNeeded: n + 1)
                }
            }
        }
    }
}
