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

        /// `parts`: how many pieces the walk is cut into (a few per core, taken in turn by whichever core is free;
        /// none under `minimumPart` nodes). The counters do not depend on it.
        init(ids: Column<UInt64>, classOf: Column<UInt32>, raw: Column<UInt32>,
             lookup: IDLookup, model: ClassModel, mask: Int,
             parts: Int = ParallelSlices.workerCount * ParallelSlices.groupsPerWorker,
             minimumPart: Int = GapWalk.minimumPart) {
            let records = model.recordCount
            let scratch = Scratch(classCount: model.count, records: records, mask: mask)
            defer { scratch.deallocate() }
            GapWalk(ids: ids, classOf: classOf, raw: raw, lookup: lookup, model: model, mask: mask, parts: parts,
                    minimumPart: minimumPart)
                .run(into: scratch)
            minGap = Array(UnsafeBufferPointer(start: scratch.minGap, count: model.count))
            minCount = Array(UnsafeBufferPointer(start: scratch.minCount, count: model.count))
            instances = Array(UnsafeBufferPointer(start: scratch.instances, count: model.count))
            mirrorGap = Array(UnsafeBufferPointer(start: scratch.mirrorGap, count: records))
            (exact, over) = scratch.tallies()
            measured = Array(UnsafeBufferPointer(start: scratch.measured, count: LayoutInference.families))
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
