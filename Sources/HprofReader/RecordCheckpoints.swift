import DumpInput
import HeapGraph

/// Where object records start in the mapped HPROF, finer than the 256 KiB slices: for every 64th object (object
/// ordinals 0, 64, 128, …) the offset of its record from the start of its slice, 4 bytes per 64 objects (~1 MB for
/// 15.6 M objects). The object pass fills them as it walks (`note`), the persisted index keeps them (section
/// `x.hprof.records`), and `HprofObjectModel.record(of:)` starts at the checkpoint at or before the object, so a
/// lookup steps over at most 63 object records (and the roots or class dumps between them) instead of a slice.
struct RecordCheckpoints: Sendable {
    static let shift = 6
    static let interval = 1 << shift
    /// A checkpoint the object pass did not reach (a lookup then starts at its slice).
    static let none = UInt32.max

    /// Per checkpoint: its record's offset minus its slice's start, or `none`.
    let deltas: Column<UInt32>

    init(_ deltas: Column<UInt32>) { self.deltas = deltas }

    static func count(objects: Int) -> Int { (max(objects, 0) + interval - 1) >> shift }

    /// The objects the slices hold (they are contiguous and in order).
    static func objects(in slices: [HeapSlice]) -> Int { slices.last.map { $0.firstObject + $0.objectCount } ?? 0 }

    /// In the object pass: `ordinal`'s record starts at `p` in the slice that starts at `sliceStart`.
    @inline(__always)
    static func note(_ deltas: UnsafeMutableBufferPointer<UInt32>, ordinal: Int, at p: Int, sliceStart: Int) {
        guard ordinal & (interval - 1) == 0, ordinal >> shift < deltas.count else { return }
        let d = p - sliceStart
        deltas[ordinal >> shift] = d >= 0 && d < Int(none) ? UInt32(d) : none
    }

    /// The record offset of object `ordinal` (0-based, file order) and its tag, stepping from the nearest
    /// checkpoint; nil when the slices do not hold it. A checkpoint is used only when it lies in the object's slice
    /// and points at an object record with the id the graph gives its object (`idOf`, by ordinal): a stale or
    /// damaged one costs the walk from the slice start instead of naming another record.
    func locate(ordinal: Int, slices: [HeapSlice], base: UnsafeRawPointer, idSize: Int,
                idOf: (Int) -> UInt64) -> (offset: Int, tag: UInt8)? {
        guard let s = Self.slice(of: ordinal, in: slices) else { return nil }
        let slice = slices[s]
        var k = slice.firstObject
        var p = slice.start
        let c = ordinal >> Self.shift
        let first = c << Self.shift
        if first >= slice.firstObject, c < deltas.count {
            let d = deltas[c]
            let q = slice.start + Int(d)
            if d != Self.none, Int(d) < slice.end - slice.start - idSize, Self.isObject(base.u8(q)),
               base.idbe(q + 1, size: idSize) == idOf(first) {
                k = first
                p = q
            }
        }
        return Self.walk(to: ordinal, from: p, object: k, end: slice.end, base: base, idSize: idSize)
    }

    /// The lookup without checkpoints: from the start of the object's slice (the benchmark's baseline).
    static func locateBySliceWalk(ordinal: Int, slices: [HeapSlice], base: UnsafeRawPointer,
                                  idSize: Int) -> (offset: Int, tag: UInt8)? {
        guard let s = slice(of: ordinal, in: slices) else { return nil }
        return walk(to: ordinal, from: slices[s].start, object: slices[s].firstObject, end: slices[s].end, base: base,
                    idSize: idSize)
    }

    /// The slice that holds object `ordinal` (binary search), or nil.
    static func slice(of ordinal: Int, in slices: [HeapSlice]) -> Int? {
        guard ordinal >= 0 else { return nil }
        var lo = 0, hi = slices.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if slices[mid].firstObject + slices[mid].objectCount <= ordinal { lo = mid + 1 } else { hi = mid }
        }
        return lo < slices.count ? lo : nil
    }

    @inline(__always)
    static func isObject(_ tag: UInt8) -> Bool {
        tag == HeapTag.instanceDump || tag == HeapTag.objArrayDump || tag == HeapTag.primArrayDump
            || tag == HeapTag.primArrayNoData
    }

    /// Steps over the sub-records from `p` (where object `k` or a non-object record starts) to object `ordinal`.
    private static func walk(to ordinal: Int, from start: Int, object first: Int, end: Int, base: UnsafeRawPointer,
                             idSize: Int) -> (offset: Int, tag: UInt8)? {
        let walker = SubRecordWalker(base: base, idSize: idSize)
        var k = first
        var p = start
        while p < end {
            let tag = base.u8(p)
            guard let len = walker.length(at: p, limit: end) else { return nil }
            if isObject(tag) {
                if k == ordinal { return (p, tag) }
                k += 1
            }
            p += len
        }
        return nil
    }
}
