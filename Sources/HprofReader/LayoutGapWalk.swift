import DumpProgress
import HeapGraph

extension LayoutInference {
    /// The walk over all nodes in address order behind `Gaps`, cut into parts that run on all cores. Each part has
    /// its own counters; the parts are merged exactly (per class the smaller minimum, counts of equal minima added;
    /// every other counter summed), so the result does not depend on how many parts there are.
    ///
    /// The address order is the id permutation (`idOrder`) or, when the nodes from `firstSortedNode` on are already
    /// sorted, that sorted run merged with the few nodes before it (class objects) sorted by id. A part of the merged
    /// order is a stretch `run` of the sorted run plus the prefix nodes whose ids fall before the next stretch's
    /// first node (ties go to the sorted node, as in the merge), so the parts concatenated are the merge itself.
    /// Every part also measures its last node against the first node of the next part: no pair is lost at a cut.
    struct GapWalk: Sendable {
        enum Part: Sendable {
            /// Positions of `idOrder`.
            case order(Range<Int>)
            /// Positions of the sorted prefix, merged with nodes `run` of the sorted run.
            case merge(prefix: Range<Int>, run: Range<Int>)
        }

        let ids: Column<UInt64>
        let classOf: Column<UInt32>
        let raw: Column<UInt32>
        let order: Column<UInt32>?
        /// The nodes before `firstSortedNode`, by id (ties in an order fixed before any part starts).
        let prefix: [Int]
        let elementSize: [UInt8]
        let records: Int
        let classCount: Int
        let unknownClass: Int
        let mask: Int
        let parts: [Part]

        /// Nodes per part below which the walk is not split.
        static let minimumPart = 1 << 12

        init(ids: Column<UInt64>, classOf: Column<UInt32>, raw: Column<UInt32>, lookup: IDLookup, model: ClassModel,
             mask: Int, parts wanted: Int, minimumPart: Int = GapWalk.minimumPart) {
            self.ids = ids
            self.classOf = classOf
            self.raw = raw
            order = lookup.idOrder
            elementSize = model.primitiveElementSize
            records = model.recordCount
            classCount = model.count
            unknownClass = Int(model.unknownClass)
            self.mask = mask
            let n = ids.count - 1
            if order != nil {
                prefix = []
                let k = max(1, min(wanted, n / max(minimumPart, 1)))
                parts = GapWalk.cut(1..<(n + 1), into: k).map { .order($0) }
            } else {
                let from = lookup.firstSortedNode
                let sortedPrefix = from > 1 ? ids.withUnsafeBufferPointer { p in (1..<from).sorted { p[$0] < p[$1] } } : []
                prefix = sortedPrefix
                let run = from..<(n + 1)
                let k = max(1, min(wanted, run.count / max(minimumPart, 1)))
                let runs = GapWalk.cut(run, into: k)
                // Prefix nodes before each stretch's first node go to the stretches before it.
                let cuts = ids.withUnsafeBufferPointer { p in
                    runs.dropFirst().map { r in GapWalk.prefixBelow(p[r.lowerBound], prefix: sortedPrefix, ids: p) }
                }
                let bounds = [0] + cuts + [sortedPrefix.count]
                parts = runs.indices.map { .merge(prefix: bounds[$0]..<bounds[$0 + 1], run: runs[$0]) }
            }
        }

        /// `range` in `k` contiguous, nearly equal pieces.
        static func cut(_ range: Range<Int>, into k: Int) -> [Range<Int>] {
            (0..<k).map { i in
                (range.lowerBound + range.count * i / k)..<(range.lowerBound + range.count * (i + 1) / k)
            }
        }

        /// How many of the sorted prefix's nodes have ids below `id`.
        static func prefixBelow(_ id: UInt64, prefix: [Int], ids: UnsafeBufferPointer<UInt64>) -> Int {
            var lo = 0, hi = prefix.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ids[prefix[mid]] < id { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// Runs every part (on all cores) and merges their counters into `into`.
        func run(into total: Scratch) {
            let scratches = parts.map { _ in Scratch(classCount: classCount, records: records, mask: mask) }
            defer { for s in scratches { s.deallocate() } }
            let shared = UncheckedScratches(all: scratches)
            ParallelSlices.run(parts.count) { walk($0, shared.all[$0]) }
            for s in scratches { total.merge(s, classCount: classCount, records: records) }
        }

        /// Part `index`: every node of it visited with its successor in address order (none after the last node).
        private func walk(_ index: Int, _ s: Scratch) {
            let n = ids.count - 1
            let records = self.records, unknownClass = self.unknownClass, mask = self.mask
            let measuredP = s.measured, excessP = s.excess, low = s.lowExcess, high = s.highExcess
            let buckets = s.buckets
            let minGapP = s.minGap, minCountP = s.minCount, instancesP = s.instances, mirrorGapP = s.mirrorGap
            ids.withUnsafeBufferPointer { idp in
            classOf.withUnsafeBufferPointer { cp in
            raw.withUnsafeBufferPointer { rp in
            elementSize.withUnsafeBufferPointer { elem in
                @inline(__always) func tally(_ family: Int, _ bytes: Int, _ gap: Int) {
                    measuredP[family] += 1
                    let unaligned = gap & mask != 0 ? 1 : 0
                    excessP[(family * 2 + unaligned) * buckets + min(max((gap & ~mask) - bytes, low), high) - low] += 1
                }
                /// Counts `v` among its class's instances and measures it against `w` (-1: no next node).
                @inline(__always) func visit(_ v: Int, _ w: Int) {
                    let a = idp[v], b = w >= 0 ? idp[w] : 0
                    if v <= records {
                        if a != 0 && b > a { mirrorGapP[v - 1] = Int(truncatingIfNeeded: min(b - a, 1 << 62)) }
                        return
                    }
                    let c = Int(cp[v])
                    let r = rp[v]
                    let e = Int(elem[c])
                    if r == 0 && e == 0 { instancesP[c] += 1 }
                    guard a != 0, b > a, c != unknownClass else { return }
                    let gap = Int(truncatingIfNeeded: min(b - a, 1 << 62))
                    if r & ObjectPass.RawSize.objectArray != 0 {
                        let length = Int(r & ~ObjectPass.RawSize.objectArray)
                        tally(4, length &* 4, gap)
                        tally(5, length &* 8, gap)
                    } else if e > 0 {
                        tally(ShallowSizeModel.ArrayKind.primitive(size: e), Int(r) &* e, gap)
                    } else if gap < minGapP[c] {
                        minGapP[c] = gap
                        minCountP[c] = 1
                    } else if gap == minGapP[c] {
                        minCountP[c] += 1
                    }
                }
                switch parts[index] {
                case .order(let positions):
                    order?.withUnsafeBufferPointer { o in
                        for i in positions { visit(Int(o[i]), i < n ? Int(o[i + 1]) : -1) }
                    }
                case .merge(let prefixRange, let run):
                    let after = run.upperBound <= n ? run.upperBound : -1
                    var i = prefixRange.lowerBound
                    var s = run.lowerBound
                    var prev = -1
                    // The prefix nodes merged in; the rest of the run after them needs no merge test.
                    while i < prefixRange.upperBound {
                        let next: Int
                        if s >= run.upperBound || idp[prefix[i]] < idp[s] {
                            next = prefix[i]
                            i += 1
                        } else {
                            next = s
                            s += 1
                        }
                        if prev >= 0 { visit(prev, next) }
                        prev = next
                    }
                    if s < run.upperBound {
                        if prev >= 0 { visit(prev, s) }
                        var v = s
                        while v < run.upperBound - 1 { visit(v, v + 1); v += 1 }
                        prev = run.upperBound - 1
                    }
                    if prev >= 0 { visit(prev, after) }
                }
            }}}}
        }
    }

    /// All address bits any object uses (ids `1...`, OR-ed), the ids cut into one piece per core.
    static func addressBits(_ ids: Column<UInt64>, parts wanted: Int = ParallelSlices.workerCount) -> UInt64 {
        let n = ids.count - 1
        guard n >= 1 else { return 0 }
        let pieces = GapWalk.cut(1..<(n + 1), into: max(1, min(wanted, n / GapWalk.minimumPart)))
        var bits = [UInt64](repeating: 0, count: pieces.count)
        bits.withUnsafeMutableBufferPointer { out in
            let shared = SharedBuffer(pointer: out)
            ParallelSlices.run(pieces.count) { k in
                ids.withUnsafeBufferPointer(pieces[k]) { p in
                    var b: UInt64 = 0
                    for x in p { b |= x }
                    shared.pointer[k] = b
                }
            }
        }
        return bits.reduce(0, |)
    }

    /// The parts' counters, handed to the workers (each writes only its own).
    struct UncheckedScratches: @unchecked Sendable {
        let all: [Scratch]
    }

    /// The hot loop's counters as plain buffers (allocated, zeroed and freed together).
    ///
    /// An array is sized exactly by base offset `b` when the distance to the next object is `b + bytes` rounded up
    /// to the alignment, and overlaps it when that rounded size is more than the distance. With the excess
    /// `distance rounded down to the alignment - bytes`, that is: exact when the distance is a multiple of the
    /// alignment (it is wherever the ids are addresses) and `excess - alignment < b <= excess`; overlapping when
    /// `b > excess`. The walk counts arrays per family, aligned or not, and excess (one increment, not one test per
    /// candidate offset); excesses below the smallest candidate or beyond the largest plus the alignment decide every
    /// candidate alike and are counted at those ends.
    struct Scratch {
        let nc = LayoutInference.baseCandidates.count
        let alignment: Int
        let lowExcess: Int
        let highExcess: Int
        var buckets: Int { highExcess - lowExcess + 1 }
        let minGap: UnsafeMutablePointer<Int>
        let minCount: UnsafeMutablePointer<Int32>
        let instances: UnsafeMutablePointer<Int32>
        let mirrorGap: UnsafeMutablePointer<Int>
        /// `families × 2 × buckets`: arrays per family, distance aligned (0) or not (1), and excess.
        let excess: UnsafeMutablePointer<Int>
        let measured: UnsafeMutablePointer<Int>

        init(classCount: Int, records: Int, mask: Int) {
            let families = LayoutInference.families
            let candidates = LayoutInference.baseCandidates
            alignment = mask + 1
            lowExcess = (candidates.min() ?? 0) - 1
            highExcess = (candidates.max() ?? 0) + mask + 1
            let cells = families * 2 * (highExcess - lowExcess + 1)
            minGap = .allocate(capacity: classCount)
            minGap.initialize(repeating: .max, count: classCount)
            minCount = .allocate(capacity: classCount)
            minCount.initialize(repeating: 0, count: classCount)
            instances = .allocate(capacity: classCount)
            instances.initialize(repeating: 0, count: classCount)
            mirrorGap = .allocate(capacity: max(records, 1))
            mirrorGap.initialize(repeating: 0, count: max(records, 1))
            excess = .allocate(capacity: cells)
            excess.initialize(repeating: 0, count: cells)
            measured = .allocate(capacity: families)
            measured.initialize(repeating: 0, count: families)
        }

        /// Per family and candidate base offset (family-major): arrays sized exactly, arrays made to overlap.
        func tallies() -> (exact: [Int], over: [Int]) {
            let candidates = LayoutInference.baseCandidates
            var exact = [Int](repeating: 0, count: LayoutInference.families * nc)
            var over = exact
            for f in 0..<LayoutInference.families {
                for unaligned in 0..<2 {
                    let row = (f * 2 + unaligned) * buckets
                    for i in 0..<buckets where excess[row + i] > 0 {
                        let d = lowExcess + i
                        for (b, base) in candidates.enumerated() {
                            if unaligned == 0 && base <= d && base > d - alignment {
                                exact[f * nc + b] += excess[row + i]
                            } else if base > d {
                                over[f * nc + b] += excess[row + i]
                            }
                        }
                    }
                }
            }
            return (exact, over)
        }

        /// Adds part `p`'s counters: the smaller minimum per class (counts added where both parts saw it), the
        /// instances and array tallies summed, each mirror's distance from the one part that measured it.
        func merge(_ p: Scratch, classCount: Int, records: Int) {
            for c in 0..<classCount {
                instances[c] += p.instances[c]
                if p.minGap[c] < minGap[c] {
                    minGap[c] = p.minGap[c]
                    minCount[c] = p.minCount[c]
                } else if p.minGap[c] == minGap[c] {
                    minCount[c] += p.minCount[c]
                }
            }
            for k in 0..<records { mirrorGap[k] = max(mirrorGap[k], p.mirrorGap[k]) }
            for i in 0..<(LayoutInference.families * 2 * buckets) { excess[i] += p.excess[i] }
            for f in 0..<LayoutInference.families { measured[f] += p.measured[f] }
        }

        func deallocate() {
            for p in [minGap, mirrorGap, excess, measured] { p.deallocate() }
            minCount.deallocate()
            instances.deallocate()
        }
    }
}
