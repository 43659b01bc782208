import HeapGraph

extension LayoutInference {
    /// What one pass over the nodes in address order measures: per class the smallest distance to the next object
    /// (and how often it was seen), instances per class, per CLASS_DUMP the distance after its class object, and per
    /// array family and candidate base offset how many arrays it sizes exactly and how many it would make overlap.
    struct Gaps {
        var minGap: [Int]
        var minCount: [Int32]
        var instances: [Int32]
        var mirrorGap: [Int]
        /// `families × baseCandidates.count`, family-major.
        var exact: [Int]
        var over: [Int]
        /// Arrays measured per family.
        var measured: [Int]

        init(ids: Column<UInt64>, classOf: Column<UInt32>, raw: Column<UInt32>,
             lookup: IDLookup, model: ClassModel, mask: Int) {
            let n = ids.count - 1
            let records = model.recordCount
            let scratch = Scratch(classCount: model.count, records: records)
            defer { scratch.deallocate() }
            let nc = scratch.nc
            let candP = scratch.candidates, measuredP = scratch.measured, exactP = scratch.exact, overP = scratch.over
            let minGapP = scratch.minGap, minCountP = scratch.minCount, instancesP = scratch.instances
            let mirrorGapP = scratch.mirrorGap
            let unknownClass = Int(model.unknownClass)

            // Hot loop over every object: plain buffers, no array bookkeeping; `tally` and `visit` inline into the walk.
            ids.withUnsafeBufferPointer { idp in
            classOf.withUnsafeBufferPointer { cp in
            raw.withUnsafeBufferPointer { rp in
            model.primitiveElementSize.withUnsafeBufferPointer { elem in
                @inline(__always) func tally(_ family: Int, _ bytes: Int, _ gap: Int) {
                    measuredP[family] += 1
                    let at = family * nc
                    for b in 0..<nc {
                        let predicted = (candP[b] + bytes + mask) & ~mask
                        if gap == predicted { exactP[at + b] += 1 } else if gap < predicted { overP[at + b] += 1 }
                    }
                }
                @inline(__always) func visit(_ v: Int, _ w: Int) {
                    let a = idp[v], b = idp[w]
                    guard a != 0, b > a else { return }
                    let gap = Int(truncatingIfNeeded: min(b - a, 1 << 62))
                    if v <= records {
                        mirrorGapP[v - 1] = gap
                        return
                    }
                    let c = Int(cp[v])
                    guard c != unknownClass else { return }
                    let r = rp[v]
                    if r & ObjectPass.RawSize.objectArray != 0 {
                        let length = Int(r & ~ObjectPass.RawSize.objectArray)
                        tally(4, length &* 4, gap)
                        tally(5, length &* 8, gap)
                    } else if elem[c] > 0 {
                        let e = Int(elem[c])
                        tally(ShallowSizeModel.ArrayKind.primitive(size: e), Int(r) &* e, gap)
                    } else if gap < minGapP[c] {
                        minGapP[c] = gap
                        minCountP[c] = 1
                    } else if gap == minGapP[c] {
                        minCountP[c] += 1
                    }
                }
                // Count instances per class (every instance, measured or not).
                for v in (records + 1)..<(n + 1) where rp[v] == 0 && elem[Int(cp[v])] == 0 { instancesP[Int(cp[v])] += 1 }
                if let order = lookup.idOrder {
                    order.withUnsafeBufferPointer { o in
                        for i in 1..<n { visit(Int(o[i]), Int(o[i + 1])) }
                    }
                } else {
                    // The sorted run from `firstSortedNode`, merged with the few nodes before it (class objects).
                    let from = lookup.firstSortedNode
                    let prefix = from > 1 ? (1..<from).sorted { idp[$0] < idp[$1] } : []
                    var i = 0
                    var prev = -1
                    var s = from
                    while i < prefix.count {
                        let next: Int
                        if s > n || idp[prefix[i]] < idp[s] {
                            next = prefix[i]
                            i += 1
                        } else {
                            next = s
                            s += 1
                        }
                        if prev >= 0 { visit(prev, next) }
                        prev = next
                    }
                    // The rest of the sorted run, without the merge test.
                    if s <= n {
                        if prev >= 0 { visit(prev, s) }
                        var v = s
                        while v < n { visit(v, v + 1); v += 1 }
                    }
                }
            }}}}
            minGap = Array(UnsafeBufferPointer(start: minGapP, count: model.count))
            minCount = Array(UnsafeBufferPointer(start: minCountP, count: model.count))
            instances = Array(UnsafeBufferPointer(start: instancesP, count: model.count))
            mirrorGap = Array(UnsafeBufferPointer(start: mirrorGapP, count: records))
            exact = Array(UnsafeBufferPointer(start: exactP, count: LayoutInference.families * nc))
            over = Array(UnsafeBufferPointer(start: overP, count: LayoutInference.families * nc))
            measured = Array(UnsafeBufferPointer(start: measuredP, count: LayoutInference.families))
        }
    }

    /// The hot loop's counters as plain buffers (allocated, zeroed and freed together).
    private struct Scratch {
        let nc = LayoutInference.baseCandidates.count
        let minGap: UnsafeMutablePointer<Int>
        let minCount: UnsafeMutablePointer<Int32>
        let instances: UnsafeMutablePointer<Int32>
        let mirrorGap: UnsafeMutablePointer<Int>
        let exact: UnsafeMutablePointer<Int>
        let over: UnsafeMutablePointer<Int>
        let measured: UnsafeMutablePointer<Int>
        let candidates: UnsafeMutablePointer<Int>

        init(classCount: Int, records: Int) {
            let families = LayoutInference.families
            minGap = .allocate(capacity: classCount)
            minGap.initialize(repeating: .max, count: classCount)
            minCount = .allocate(capacity: classCount)
            minCount.initialize(repeating: 0, count: classCount)
            instances = .allocate(capacity: classCount)
            instances.initialize(repeating: 0, count: classCount)
            mirrorGap = .allocate(capacity: max(records, 1))
            mirrorGap.initialize(repeating: 0, count: max(records, 1))
            exact = .allocate(capacity: families * nc)
            exact.initialize(repeating: 0, count: families * nc)
            over = .allocate(capacity: families * nc)
            over.initialize(repeating: 0, count: families * nc)
            measured = .allocate(capacity: families)
            measured.initialize(repeating: 0, count: families)
            candidates = .allocate(capacity: nc)
            candidates.initialize(from: LayoutInference.baseCandidates, count: nc)
        }

        func deallocate() {
            for p in [minGap, mirrorGap, exact, over, measured, candidates] { p.deallocate() }
            minCount.deallocate()
            instances.deallocate()
        }
    }

    /// Arrays: per family the base offset that sizes the most arrays exactly and makes (almost) none overlap, the
    /// reference size the object arrays agree with, and whether enough arrays agreed to believe the addresses.
    struct ArrayLayout {
        /// Per `ShallowSizeModel.ArrayKind`: the measured base offset, nil where none was measured.
        var bases: [Int?]
        var referenceSize: Int?
        var measured = 0
        var exact = 0
        /// The base offset of the smallest primitive arrays measured (int, else short, else byte).
        var small: Int? { bases[2] ?? bases[1] ?? bases[0] }
        /// Many arrays of varied lengths must agree: a handful could fit any layout by chance.
        var valid: Bool { measured >= LayoutInference.minimumArrays && exact * 2 >= measured }

        init(_ gaps: Gaps, idSize: Int) {
            let candidates = LayoutInference.baseCandidates
            let nc = candidates.count
            func best(_ family: Int, element: Int) -> (base: Int, exact: Int)? {
                let total = gaps.measured[family]
                guard total > 0 else { return nil }
                var pick: (base: Int, exact: Int)?
                for b in 0..<nc {
                    let e = gaps.exact[family * nc + b]
                    guard gaps.over[family * nc + b] * 200 <= total, e > 0 else { continue }
                    let base = candidates[b]
                    if let p = pick {
                        // Ties (lengths that cannot tell two offsets apart): prefer the offset aligned to the element.
                        let better = e > p.exact
                            || (e == p.exact && base % min(element, 8) == 0 && p.base % min(element, 8) != 0)
                        if better { pick = (base, e) }
                    } else {
                        pick = (base, e)
                    }
                }
                return pick
            }
            let ref4 = best(4, element: 4)
            let ref8 = idSize == 4 ? nil : best(5, element: 8)
            switch (ref4, ref8) {
            case let (a?, b?) where a.exact != b.exact: referenceSize = a.exact > b.exact ? 4 : 8
            case (_?, nil): referenceSize = 4
            case (nil, _?): referenceSize = 8
            default: referenceSize = nil
            }
            bases = (0..<4).map { best($0, element: 1 << $0)?.base }
            bases.append(referenceSize == 8 ? ref8?.base : referenceSize == 4 ? ref4?.base : nil)
            for f in 0..<4 {
                measured += gaps.measured[f]
                if let b = bases[f], let k = candidates.firstIndex(of: b) { exact += gaps.exact[f * nc + k] }
            }
            if let r = referenceSize, let b = bases[4], let k = candidates.firstIndex(of: b) {
                let f = r == 4 ? 4 : 5
                measured += gaps.measured[f]
                exact += gaps.exact[f * nc + k]
            } else {
                measured += gaps.measured[4]
            }
        }
    }
}
