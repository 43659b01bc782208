import Testing
@testable import HeapGraph

/// `SortedIDScan`'s two sweeps, split between two workers, against the one-core loops they replace (the loops are
/// written out here as IDLookup had them), on random id arrays: sorted runs after unsorted prefixes, descents in
/// either half, equal neighbours above and below the descent.
@Suite struct SortedIDScanTests {
    /// The loop `IDLookup.init` ran: the longest sorted suffix and whether it holds equal neighbours.
    static func suffixByLoop(_ p: [UInt64], n: Int) -> (Int, Bool) {
        var from = max(n, 1)
        var dup = false
        while from > 1 && p[from - 1] <= p[from] {
            if p[from - 1] == p[from] { dup = true }
            from -= 1
        }
        return (from, dup)
    }

    /// The counting loop and prefix sum `IDLookup.init` ran over a sorted run.
    static func bucketsByCounting(_ p: [UInt64], first: Int, n: Int, low: UInt64, shift: UInt64, count: Int) -> [UInt32] {
        var st = [UInt32](repeating: 0, count: count)
        for i in first...n { st[Int((p[i] - low) >> shift) + 1] &+= 1 }
        st[0] = UInt32(first)
        for b in 1..<count { st[b] &+= st[b - 1] }
        return st
    }

    static func array(seed: Int, rng: inout SplitMix) -> [UInt64] {
        let n = Int.random(in: 1...400, using: &rng)
        let span = UInt64(1) << UInt64.random(in: 2...40, using: &rng)
        var a = (0...n).map { _ in UInt64.random(in: 1...span, using: &rng) }
        let sortedFrom = seed % 5 == 0 ? 1 : Int.random(in: 1...n, using: &rng)
        a[sortedFrom...].sort()
        if seed % 3 == 0 && n > 4 {
            // Equal neighbours somewhere in the sorted run.
            let k = Int.random(in: sortedFrom...n, using: &rng)
            if k > sortedFrom { a[k] = a[k - 1] }
        }
        a[0] = 0
        return a
    }

    @Test(arguments: 0..<60) func suffixMatchesTheLoop(seed: Int) {
        var rng = SplitMix(state: UInt64(seed) &+ 5)
        let a = SortedIDScanTests.array(seed: seed, rng: &rng)
        let n = a.count - 1
        let expected = SortedIDScanTests.suffixByLoop(a, n: n)
        for split in [1, 4, Int.max] {
            let got = a.withUnsafeBufferPointer { SortedIDScan.sortedSuffix($0, n: n, splitFrom: split) }
            #expect(got.from == expected.0 && got.duplicates == expected.1, "n \(n) split \(split)")
        }
    }

    @Test(arguments: 0..<60) func bucketsMatchCounting(seed: Int) {
        var rng = SplitMix(state: UInt64(seed) &+ 9)
        let a = SortedIDScanTests.array(seed: seed, rng: &rng)
        let n = a.count - 1
        let first = SortedIDScanTests.suffixByLoop(a, n: n).0
        let low = a[first]
        let span = a[n] - low
        // As IDLookup picks it (about two ids per bucket), or a little coarser.
        var shift: UInt64 = 0
        while (span >> shift) >= UInt64(max(n / 2, 1)) { shift += 1 }
        shift += UInt64.random(in: 0...2, using: &rng)
        let count = Int(span >> shift) + 2
        let expected = SortedIDScanTests.bucketsByCounting(a, first: first, n: n, low: low, shift: shift, count: count)
        for split in [1, 2, Int.max] {
            var got = [UInt32](repeating: 7, count: count)
            a.withUnsafeBufferPointer { p in
                got.withUnsafeMutableBufferPointer { st in
                    SortedIDScan.fillBuckets(keys: p, first: first, n: n, low: low, shift: shift, into: st,
                                             splitFrom: split)
                }
            }
            #expect(got == expected, "n \(n) first \(first) split \(split)")
        }
    }
}
