import Dispatch
import DumpProgress
import DumpInput
import HeapGraph

/// `:"text"` over an HPROF dump: the heap slices are walked in file order (one half of each step per core), each
/// String's `value` id is read at its layout offset, and its array (almost always a neighbour in the file) is found
/// by node in the step's own table of record offsets. The array's bytes are compared with the needle as they are
/// stored: no field is formatted and no Swift String is built (unless the needle holds U+FFFD).
extension HprofObjectModel: StringScanning {
    var stringScanUnits: Int { stringLayout == nil ? 0 : slices.count }
    /// 16 slices: about 4 MiB of the file per step.
    var stringScanStep: Int { 16 }

    func stringMatches(_ needle: StringNeedle, units: Range<Int>) -> [UInt32] {
        let range = units.clamped(to: 0..<slices.count)
        guard stringLayout != nil, !range.isEmpty else { return [] }
        guard range.count >= 2 else { return scanStrings(needle, slices: range) }
        let mid = range.lowerBound + range.count / 2
        let halves = [range.lowerBound..<mid, mid..<range.upperBound]
        let found = Locked([[UInt32]](repeating: [], count: 2))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let part = scanStrings(needle, slices: halves[i])
            found.withLock { $0[i] = part }
        }
        return found.withLock { $0[0] + $0[1] }
    }

    /// The matching Strings of `slices` (consecutive), ascending.
    func scanStrings(_ needle: StringNeedle, slices range: Range<Int>) -> [UInt32] {
        guard let layout = stringLayout else { return [] }
        let base = file.base
        let id = idSize
        let walker = SubRecordWalker(base: base, idSize: id)
        let firstOrdinal = slices[range.lowerBound].firstObject
        let last = slices[range.upperBound - 1]
        let objects = max(last.firstObject + last.objectCount - firstOrdinal, 0)
        let firstNode = 1 + classes.recordCount + firstOrdinal
        // Every object record's offset (by node − firstNode), and each String's record and value id.
        var offsets = [Int](repeating: -1, count: objects)
        var strings: [(node: UInt32, record: Int)] = []
        var valueIDs: [UInt64] = []
        for s in range {
            let slice = slices[s]
            var k = slice.firstObject - firstOrdinal
            var p = slice.start
            while p < slice.end, let len = walker.length(at: p, limit: slice.end) {
                switch base.u8(p) {
                case HeapTag.instanceDump:
                    if base.idbe(p + 1 + id + 4, size: id) == layout.classID,
                       Int(base.u32be(p + 1 + 2 * id + 4)) >= layout.needed, k < objects {
                        strings.append((UInt32(firstNode + k), p))
                        valueIDs.append(base.idbe(p + 1 + 2 * id + 8 + layout.value, size: id))
                    }
                    if k < objects { offsets[k] = p }
                    k += 1
                case HeapTag.objArrayDump, HeapTag.primArrayDump, HeapTag.primArrayNoData:
                    if k < objects { offsets[k] = p }
                    k += 1
                default: break
                }
                p += len
            }
        }
        guard !strings.isEmpty else {
            file.release(slices[range.lowerBound].start..<last.end)
            return []
        }
        var arrays = [UInt32](repeating: 0, count: valueIDs.count)
        valueIDs.withUnsafeBufferPointer { q in
            arrays.withUnsafeMutableBufferPointer { graph.lookup.resolve(q, into: $0) }
        }
        var found: [UInt32] = []
        for (i, s) in strings.enumerated() {
            let a = Int(arrays[i])
            guard a != 0 else { continue }
            let k = a - firstNode
            let q: Int
            if k >= 0 && k < objects && offsets[k] >= 0 {
                q = offsets[k]
            } else if case .primitiveArray(let far)? = record(of: UInt32(a)) {
                q = far
            } else {
                continue
            }
            guard let text = JavaStringBytes(record: s.record, array: q, layout: layout, base: base, idSize: id),
                  text.matches(needle, base: base) else { continue }
            found.append(s.node)
        }
        // Done with these pages: they leave the resident set (the page cache keeps them).
        file.release(slices[range.lowerBound].start..<last.end)
        return found
    }
}
