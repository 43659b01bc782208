import Testing
import DumpInput
import HeapGraph
@testable import HprofReader

/// The address-order walk behind the layout inference, cut into parts for the cores, against a brute-force walk:
/// every node sorted by id, each measured against the next. Class mirrors sit among the objects (as HotSpot's do),
/// so the merge of the unsorted class nodes into the sorted run is cut too; cuts land anywhere, also between an
/// object and its next neighbour.
@Suite struct LayoutGapWalkTests {
    /// A class model from the tiny heap: CLASS_DUMP classes, the synthetic primitive-array classes, <unknown class>.
    static func model() throws -> ClassModel {
        let path = try TinyHeap.write().write("gapwalk-model.hprof")
        let file = try MappedFile(path: path)
        let header = try HprofHeader(file)
        var scan = HprofScan(file: file, header: header)
        scan.run(progress: nil)
        return ClassModel(scan: scan, sizes: ShallowSizeModel(idSize: 8, compressedOops: true, trustsClassDumpSizes: false))
    }

    struct Heap {
        var ids: [UInt64]
        var classOf: [UInt32]
        var raw: [UInt32]
    }

    /// `objects` objects after the class nodes, at addresses with random holes; class mirrors placed among them.
    /// `shuffled`: object nodes out of address order (the walk then follows the id permutation).
    static func heap(_ m: ClassModel, objects: Int, shuffled: Bool, seed: UInt64) -> Heap {
        var rng = SplitMix(seed)
        let records = m.recordCount
        var ids = [UInt64](repeating: 0, count: 1 + records + objects)
        var classOf = [UInt32](repeating: 0, count: ids.count)
        var raw = [UInt32](repeating: 0, count: ids.count)
        let arrays = (0..<m.count).filter { m.primitiveElementSize[$0] > 0 }
        let plain = (0..<records).filter { m.primitiveElementSize[$0] == 0 }
        var at: UInt64 = 0x1000_0000
        var mirrorsLeft = Array(1...records)
        var objectNodes = Array((records + 1)..<ids.count)
        if shuffled { objectNodes.shuffle(using: &rng) }
        var next = 0
        while next < objectNodes.count {
            if !mirrorsLeft.isEmpty && rng.next() % 7 == 0 {
                let k = mirrorsLeft.remove(at: Int(rng.next() % UInt64(mirrorsLeft.count)))
                ids[k] = at
                classOf[k] = m.javaLangClass
                at += 16 * (1 + rng.next() % 6)
                continue
            }
            let v = objectNodes[next]
            next += 1
            ids[v] = at
            switch rng.next() % 10 {
            case 0, 1: classOf[v] = UInt32(arrays[Int(rng.next() % UInt64(arrays.count))]); raw[v] = UInt32(rng.next() % 40)
            case 2: classOf[v] = UInt32(plain[0]); raw[v] = ObjectPass.RawSize.objectArray | UInt32(rng.next() % 30)
            case 3 where rng.next() % 4 == 0: classOf[v] = m.unknownClass
            default: classOf[v] = UInt32(plain[Int(rng.next() % UInt64(plain.count))])
            }
            at += 8 * (2 + rng.next() % 5) + (rng.next() % 9 == 0 ? 8 * (rng.next() % 20) : 0)
        }
        for k in mirrorsLeft {
            ids[k] = at
            classOf[k] = m.javaLangClass
            at += 24
        }
        return Heap(ids: ids, classOf: classOf, raw: raw)
    }

    /// What `LayoutInference.Gaps` holds.
    struct Counters {
        var minGap: [Int]
        var minCount: [Int32]
        var instances: [Int32]
        var mirrorGap: [Int]
        var exact: [Int]
        var over: [Int]
        var measured: [Int]
    }

    /// The counters by brute force: all nodes sorted by id, each measured against the next.
    static func bruteForce(_ h: Heap, _ m: ClassModel, mask: Int) -> Counters {
        let nc = LayoutInference.baseCandidates.count
        var g = Counters(minGap: Array(repeating: .max, count: m.count),
                         minCount: Array(repeating: 0, count: m.count),
                         instances: Array(repeating: 0, count: m.count),
                         mirrorGap: Array(repeating: 0, count: m.recordCount),
                         exact: Array(repeating: 0, count: LayoutInference.families * nc),
                         over: Array(repeating: 0, count: LayoutInference.families * nc),
                         measured: Array(repeating: 0, count: LayoutInference.families))
        for v in (m.recordCount + 1)..<h.ids.count where h.raw[v] == 0 && m.primitiveElementSize[Int(h.classOf[v])] == 0 {
            g.instances[Int(h.classOf[v])] += 1
        }
        func tally(_ family: Int, _ bytes: Int, _ gap: Int) {
            g.measured[family] += 1
            for (b, base) in LayoutInference.baseCandidates.enumerated() {
                let predicted = (base + bytes + mask) & ~mask
                if gap == predicted { g.exact[family * nc + b] += 1 } else if gap < predicted { g.over[family * nc + b] += 1 }
            }
        }
        let sorted = (1..<h.ids.count).sorted { h.ids[$0] < h.ids[$1] }
        for (v, w) in zip(sorted, sorted.dropFirst()) {
            let gap = Int(h.ids[w] - h.ids[v])
            if v <= m.recordCount { g.mirrorGap[v - 1] = gap; continue }
            let c = Int(h.classOf[v])
            if c == Int(m.unknownClass) { continue }
            let e = Int(m.primitiveElementSize[c])
            if h.raw[v] & ObjectPass.RawSize.objectArray != 0 {
                let length = Int(h.raw[v] & ~ObjectPass.RawSize.objectArray)
                tally(4, length * 4, gap)
                tally(5, length * 8, gap)
            } else if e > 0 {
                tally(ShallowSizeModel.ArrayKind.primitive(size: e), Int(h.raw[v]) * e, gap)
            } else if gap < g.minGap[c] {
                g.minGap[c] = gap
                g.minCount[c] = 1
            } else if gap == g.minGap[c] {
                g.minCount[c] += 1
            }
        }
        return g
    }

    /// `mask`: the alignment less one; at 15 some distances (multiples of 8) are not multiples of the alignment.
    func check(objects: Int, shuffled: Bool, seed: UInt64, mask: Int = 7) throws {
        let m = try Self.model()
        let h = Self.heap(m, objects: objects, shuffled: shuffled, seed: seed)
        let ids = Column(ContiguousArray(h.ids))
        let lookup = IDLookup(ids: ids)
        // A shuffled heap this small goes the merge way with a long unsorted prefix; a larger one through the
        // id permutation. Both are wanted.
        #expect((lookup.idOrder != nil) == (objects > 600_000))
        let expected = Self.bruteForce(h, m, mask: mask)
        for parts in [1, 2, 3, 7] {
            let g = LayoutInference.Gaps(ids: ids, classOf: Column(ContiguousArray(h.classOf)),
                                         raw: Column(ContiguousArray(h.raw)), lookup: lookup, model: m, mask: mask,
                                         parts: parts, minimumPart: 1)
            #expect(g.minGap == expected.minGap, "parts \(parts)")
            #expect(g.minCount == expected.minCount, "parts \(parts)")
            #expect(g.instances == expected.instances, "parts \(parts)")
            #expect(g.mirrorGap == expected.mirrorGap, "parts \(parts)")
            #expect(g.exact == expected.exact, "parts \(parts)")
            #expect(g.over == expected.over, "parts \(parts)")
            #expect(g.measured == expected.measured, "parts \(parts)")
        }
        #expect(expected.measured.reduce(0, +) > 0 && expected.minCount.reduce(0, +) > 0)
        #expect(expected.exact.reduce(0, +) > 0 && expected.over.reduce(0, +) > 0)
    }

    @Test func sortedRunWithMirrorsAmongTheObjects() throws {
        for seed in 1...4 as ClosedRange<UInt64> { try check(objects: 3_000 + Int(seed) * 7, shuffled: false, seed: seed) }
        try check(objects: 4_000, shuffled: false, seed: 5, mask: 15)
        try check(objects: 4_000, shuffled: false, seed: 6, mask: 31)
    }

    @Test func shuffledSmallHeapMergesALongPrefix() throws {
        try check(objects: 5_000, shuffled: true, seed: 9)
    }

    @Test func shuffledLargeHeapFollowsTheIdPermutation() throws {
        try check(objects: 700_000, shuffled: true, seed: 11)
    }

    /// The OR of all address bits, cut into parts, against a plain loop.
    @Test func addressBitsInParts() {
        var rng = SplitMix(5)
        let ids = [0] + (0..<200_001).map { _ in (rng.next() % (1 << 40)) << 4 }
        let plain = ids.dropFirst().reduce(0, |)
        for parts in [1, 2, 5] {
            #expect(LayoutInference.addressBits(Column(ContiguousArray(ids)), parts: parts) == plain)
        }
        #expect(LayoutInference.addressBits(Column(ContiguousArray([0, 0x30, 0x1000] as [UInt64])), parts: 2) == 0x1030)
    }
}
