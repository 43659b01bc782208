import HeapGraph

/// Reads the JVM's object layout off the dump itself. HotSpot and ART dump object addresses as ids, and a heap is
/// dense: sorted by address, the distance from one object to the next is the object's size, except where the next
/// object is not in the dump (a filler, a skipped archived object, the end of a region), where it is larger. Never
/// smaller, so for a class the smallest distance seen after any of its instances is its size — including fields the
/// JVM injects (`Class`, `MemberName`, `Module`, …) and `@Contended` padding (`Thread`), which no CLASS_DUMP lists.
///
/// From one pass over the nodes in address order:
/// - alignment: the lowest set bit over all addresses (8 unless `-XX:ObjectAlignmentInBytes`);
/// - array base offsets and reference size: each candidate base offset (and reference size, for object arrays) is
///   scored by how many arrays of varied lengths it sizes exactly, rejecting any candidate that would make an array
///   overlap its neighbour;
/// - header size: the candidate whose header-plus-fields sizes agree with the most measured classes;
/// - per class: the smallest distance, trusted when it is within one alignment step of the field layout plus what the
///   nearest measured superclass adds, or when at least three instances and most of them show it; other classes get
///   the field layout plus that superclass addition;
/// - class mirrors: the `java.lang.Class` instance plus the statics as HotSpot lays them out, or the measured distance
///   where that is smaller and still holds the fields.
/// When the ids do not behave like addresses of a dense heap (hand-made or renumbered dumps), nothing is inferred and
/// the conventional layout stands.
struct LayoutInference {
    var sizes: ShallowSizeModel
    /// Per class index: the instance size to use (measured or modelled); 0 for classes with no CLASS_DUMP.
    var instanceSizes: [Int]
    /// Per CLASS_DUMP: the measured mirror size, 0 where the model is used.
    var mirrorSizes: [Int]
    var classInstanceSize: Int?
    var inferred = false
    /// Classes with instances, sized from addresses / from the field layout.
    var classesFromAddresses = 0
    var classesFromFields = 0
    var arraysMeasured = 0
    var arraysExact = 0
    var note = ""

    static let baseCandidates = [8, 12, 16, 20, 24, 28, 32]
    /// Arrays that must have a measurable neighbour before the addresses are believed.
    static let minimumArrays = 32
    /// Array families: 1-, 2-, 4-, 8-byte primitives, references of 4 bytes, references of 8 bytes.
    static let families = 6

    init(ids: Column<UInt64>, classOf: Column<UInt32>, raw: Column<UInt32>,
         lookup: IDLookup, model: ClassModel, fallback: ShallowSizeModel) {
        sizes = fallback
        instanceSizes = []
        mirrorSizes = []
        let n = ids.count - 1
        let classCount = model.count
        let records = model.recordCount
        guard !fallback.trustsClassDumpSizes else {
            note = "instance sizes from the dump (GraalVM)"
            return
        }
        guard n >= 2 else { note = "too few objects to measure"; return }

        // Alignment: the lowest address bit any object uses.
        var bits: UInt64 = 0
        ids.withUnsafeBufferPointer { p in for i in 1...n { bits |= p[i] } }
        let alignment = bits == 0 ? 8 : max(8, min(256, 1 << bits.trailingZeroBitCount))
        let mask = alignment - 1

        // Hot loop over every object: plain buffers, no array bookkeeping.
        let candidates = LayoutInference.baseCandidates
        let nc = candidates.count
        let families = LayoutInference.families
        let minGapP = UnsafeMutablePointer<Int>.allocate(capacity: classCount)
        minGapP.initialize(repeating: .max, count: classCount)
        let minCountP = UnsafeMutablePointer<Int32>.allocate(capacity: classCount)
        minCountP.initialize(repeating: 0, count: classCount)
        let instancesP = UnsafeMutablePointer<Int32>.allocate(capacity: classCount)
        instancesP.initialize(repeating: 0, count: classCount)
        let mirrorGapP = UnsafeMutablePointer<Int>.allocate(capacity: max(records, 1))
        mirrorGapP.initialize(repeating: 0, count: max(records, 1))
        let exactP = UnsafeMutablePointer<Int>.allocate(capacity: families * nc)
        exactP.initialize(repeating: 0, count: families * nc)
        let overP = UnsafeMutablePointer<Int>.allocate(capacity: families * nc)
        overP.initialize(repeating: 0, count: families * nc)
        let measuredP = UnsafeMutablePointer<Int>.allocate(capacity: families)
        measuredP.initialize(repeating: 0, count: families)
        let candP = UnsafeMutablePointer<Int>.allocate(capacity: nc)
        candP.initialize(from: candidates, count: nc)
        defer {
            for p in [minGapP, mirrorGapP, exactP, overP, measuredP, candP] { p.deallocate() }
            minCountP.deallocate()
            instancesP.deallocate()
        }
        let unknownClass = Int(model.unknownClass)

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
        let minGap = Array(UnsafeBufferPointer(start: minGapP, count: classCount))
        let minCount = Array(UnsafeBufferPointer(start: minCountP, count: classCount))
        let instances = Array(UnsafeBufferPointer(start: instancesP, count: classCount))
        let mirrorGap = Array(UnsafeBufferPointer(start: mirrorGapP, count: records))
        let exact = Array(UnsafeBufferPointer(start: exactP, count: families * nc))
        let over = Array(UnsafeBufferPointer(start: overP, count: families * nc))
        let measured = Array(UnsafeBufferPointer(start: measuredP, count: families))

        // Arrays: per family the base offset that sizes the most arrays exactly and makes (almost) none overlap.
        func best(_ family: Int, element: Int) -> (base: Int, exact: Int)? {
            let total = measured[family]
            guard total > 0 else { return nil }
            var pick: (base: Int, exact: Int)?
            for b in 0..<nc {
                let e = exact[family * nc + b]
                guard over[family * nc + b] * 200 <= total, e > 0 else { continue }
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
        let idSize = fallback.idSize
        let ref4 = best(4, element: 4)
        let ref8 = idSize == 4 ? nil : best(5, element: 8)
        var referenceSize: Int?
        switch (ref4, ref8) {
        case let (a?, b?) where a.exact != b.exact: referenceSize = a.exact > b.exact ? 4 : 8
        case (_?, nil): referenceSize = 4
        case (nil, _?): referenceSize = 8
        default: referenceSize = nil
        }
        var bases: [Int?] = (0..<4).map { best($0, element: 1 << $0)?.base }
        bases.append(referenceSize == 8 ? ref8?.base : referenceSize == 4 ? ref4?.base : nil)
        var arrayMeasured = 0
        var arrayExact = 0
        for f in 0..<4 {
            arrayMeasured += measured[f]
            if let b = bases[f], let k = candidates.firstIndex(of: b) { arrayExact += exact[f * nc + k] }
        }
        if let r = referenceSize, let b = bases[4], let k = candidates.firstIndex(of: b) {
            let f = r == 4 ? 4 : 5
            arrayMeasured += measured[f]
            arrayExact += exact[f * nc + k]
        } else {
            arrayMeasured += measured[4]
        }
        // Many arrays of varied lengths must agree: a handful could fit any layout by chance.
        let arraysValid = arrayMeasured >= LayoutInference.minimumArrays && arrayExact * 2 >= arrayMeasured

        // Header and reference size from the classes: the candidate the measured instances agree with most.
        var measuredClasses: [Int] = []
        for c in 0..<records where minGap[c] != .max { measuredClasses.append(c) }
        func fieldSize(_ c: Int, header: Int, ref: Int) -> Int {
            (header + Int(model.primitiveFieldBytes[c]) + Int(model.referenceFieldCount[c]) * ref + mask) & ~mask
        }
        // The header is what precedes an array's length: elements start 4 bytes after it, or 8 when the JVM (JDK ≤ 21)
        // aligned every array base to 8. With 4-byte ids the header may also be 0: ART dumps list it as fields of
        // java.lang.Object. Among those, the header the measured classes agree with most; ties go to the first.
        let small = bases[2] ?? bases[1] ?? bases[0]
        var headers: [Int] = small.map { $0 % 8 == 0 ? [$0 - 4, $0 - 8] : [$0 - 4] } ?? (idSize == 4 ? [8] : [12, 16, 8])
        if idSize == 4 { headers.append(0) }
        headers = headers.filter { $0 >= 0 && (idSize == 4 ? $0 <= 8 : $0 >= 8) }
        var bestHeader: (header: Int, ref: Int, agree: Int, below: Int)?
        for ref in (idSize == 4 ? [4] : [4, 8]) where referenceSize == nil || ref == referenceSize {
            for header in headers {
                var agree = 0
                var below = 0
                for c in measuredClasses {
                    let f = fieldSize(c, header: header, ref: ref)
                    if minGap[c] == f { agree += 1 } else if minGap[c] < f { below += 1 }
                }
                // Objects never overlap: a candidate that puts fields past the next object is out.
                guard below * 100 <= measuredClasses.count else { continue }
                if agree > bestHeader?.agree ?? -1 { bestHeader = (header, ref, agree, below) }
            }
        }
        let instancesAgree = bestHeader.map { $0.agree * 3 >= measuredClasses.count } ?? false
        guard arraysValid, instancesAgree, let layout = bestHeader else {
            note = "object ids do not look like the addresses of a dense heap"
            return
        }
        inferred = true
        var model2 = fallback
        model2.alignment = alignment
        model2.headerSize = layout.header
        model2.referenceSize = layout.ref
        model2.compressedOops = idSize == 8 && layout.ref == 4
        // Offsets no array measured: HotSpot's rule from the header (length after it, 8-byte elements 8-aligned).
        let base = small ?? (layout.header + 4)
        let defaults = [base, base, base, (base + 7) & ~7, layout.ref == 8 ? (base + 7) & ~7 : base]
        model2.arrayBase = (0..<ShallowSizeModel.ArrayKind.count).map { bases[$0] ?? defaults[$0] }
        sizes = model2
        arraysMeasured = arrayMeasured
        arraysExact = arrayExact

        // Per class, superclasses first: measured size, or the field layout plus what the nearest measured
        // superclass adds to its own field layout (injected fields, @Contended padding).
        // Depths memoized (-1 unknown, -2 on the current walk): each class is reached once, so a hierarchy 50,000
        // levels deep costs 50,000 steps, not 50,000² / 2; a cycle in a damaged dump counts from where it closes.
        var depth = [Int](repeating: -1, count: records)
        var walk: [Int] = []
        for k in 0..<records where depth[k] == -1 {
            var c = k
            var known = -1
            while c >= 0 && c < records {
                if depth[c] >= 0 { known = depth[c]; break }
                if depth[c] == -2 { break }
                depth[c] = -2
                walk.append(c)
                c = Int(model.superIndex[c])
            }
            for w in walk.reversed() {
                known += 1
                depth[w] = known
            }
            walk.removeAll(keepingCapacity: true)
        }
        var added = [Int](repeating: 0, count: classCount)
        var sizesOut = [Int](repeating: 0, count: classCount)
        for c in (0..<records).sorted(by: { depth[$0] < depth[$1] }) {
            let s = Int(model.superIndex[c])
            let inherited = s >= 0 ? added[s] : 0
            let field = fieldSize(c, header: layout.header, ref: layout.ref)
            let gap = minGap[c]
            // A smallest distance beyond what the superclass explains must be small (an injected field) or seen on
            // at least three instances and most of them (Thread's @Contended padding): a dead object that a full GC
            // left in place after every instance of a rare class must not make it bigger.
            let unexplained = gap == .max ? 0 : gap - field - inherited
            let trusted = gap != .max && gap >= field
                && (unexplained <= alignment || (minCount[c] >= 3 && Int(minCount[c]) * 2 >= Int(instances[c])))
            if trusted {
                sizesOut[c] = gap
                added[c] = gap - field
                if instances[c] > 0 { classesFromAddresses += 1 }
            } else {
                sizesOut[c] = field + inherited
                added[c] = inherited
                if instances[c] > 0 { classesFromFields += 1 }
            }
        }
        instanceSizes = sizesOut

        // Class mirrors. The java.lang.Class instance: the smallest mirror of a class without statics (array classes,
        // interfaces), seen at least twice; else the measured primitive mirrors (`int.class` …).
        var bare = Int.max
        var bareCount = 0
        for k in 0..<records where mirrorGap[k] > 0 && model.staticFieldSizes[k].isEmpty {
            if mirrorGap[k] < bare { bare = mirrorGap[k]; bareCount = 1 } else if mirrorGap[k] == bare { bareCount += 1 }
        }
        let classIndex = Int(model.javaLangClass)
        if bareCount >= 2 {
            classInstanceSize = bare
        } else if classIndex < records, minGap[classIndex] != .max {
            classInstanceSize = sizesOut[classIndex]
        }
        let mirror = classInstanceSize ?? (classIndex < records ? sizesOut[classIndex] : layout.header)
        var mirrorsOut = [Int](repeating: 0, count: records)
        for k in 0..<records where mirrorGap[k] > 0 {
            let statics = model.staticFieldSizes[k]
            let modelled = ClassModel.mirrorSize(classInstance: mirror, statics: statics, sizes: model2)
            let least = (mirror + statics.reduce(0) { $0 + ($1 == 0 ? layout.ref : Int($1)) } + mask) & ~mask
            if mirrorGap[k] >= least && mirrorGap[k] <= modelled { mirrorsOut[k] = mirrorGap[k] }
        }
        mirrorSizes = mirrorsOut
    }

    /// What `summary.facts` says about the layout.
    var facts: [(key: String, value: String)] {
        guard inferred else { return [("layout", "conventional HotSpot layout (\(note))")] }
        let b = sizes.arrayBase
        return [
            ("layout", "measured from object addresses"),
            ("headerBytes", "\(sizes.headerSize)"),
            ("referenceBytes", "\(sizes.referenceSize)"),
            ("arrayBaseOffsets", "byte \(b[0]), short/char \(b[1]), int/float \(b[2]), long/double \(b[3]), references \(b[4])"),
            ("objectAlignment", "\(sizes.alignment)"),
            ("classesSizedFromAddresses", "\(classesFromAddresses)"),
            ("classesSizedFromFields", "\(classesFromFields)"),
            ("arraysSizedExactly", "\(arraysExact) of \(arraysMeasured) measured"),
        ]
    }
}
