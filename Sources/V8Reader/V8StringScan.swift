import Dispatch
import DumpProgress
import HeapGraph

/// `:"text"` over a V8 snapshot: the node rows are parsed in file order (one half of each step per core), and a
/// string's name (its value, at most 1,024 characters as the preview shows it) is compared with the needle in the
/// strings array's own bytes when it has no escape; concatenated strings are flattened as their preview is.
extension V8Details: StringScanning {
    public var stringScanUnits: Int {
        meta.string == nil && meta.slicedString == nil && meta.consString == nil ? 0 : nodeRows.rows
    }

    /// Rows per step (a multiple of the checkpoint interval, so each half starts at a checkpoint).
    public var stringScanStep: Int { 1 << 15 }

    public func stringMatches(_ needle: StringNeedle, units: Range<Int>) -> [UInt32] {
        let range = units.clamped(to: 0..<nodeRows.rows)
        guard !range.isEmpty else { return [] }
        let interval = 1 << NumberArrayParser.checkpointShift
        let mid = range.lowerBound + range.count / 2 / interval * interval
        guard mid > range.lowerBound else { return scanStrings(needle, rows: range) }
        let halves = [range.lowerBound..<mid, mid..<range.upperBound]
        let found = Locked([[UInt32]](repeating: [], count: 2))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let part = scanStrings(needle, rows: halves[i])
            found.withLock { $0[i] = part }
        }
        return found.withLock { $0[0] + $0[1] }
    }

    func scanStrings(_ needle: StringNeedle, rows: Range<Int>) -> [UInt32] {
        let typeField = meta.nodeTypeField, nameField = meta.nodeNameField
        let flat = [meta.string, meta.slicedString].compactMap { $0 }
        let cons = meta.consString ?? -1
        var found: [UInt32] = []
        nodeRows.forEachRow(in: rows) { i, row in
            let t = Int(row[typeField])
            let node = UInt32(i + 1)
            if t == cons {
                if needle.matches(consStringText(node)) { found.append(node) }
            } else if flat.contains(t) {
                if nameMatches(UInt32(truncatingIfNeeded: row[nameField]), needle) { found.append(node) }
            }
        }
        return found
    }

    /// Whether the first 1,024 characters of string `index` contain the needle: on its bytes when they are plain
    /// ASCII (V8 escapes everything else), else decoded.
    func nameMatches(_ index: UInt32, _ needle: StringNeedle) -> Bool {
        guard Int(index) < strings.offsets.count, case let start = strings.offsets[Int(index)], start >= 0,
              start <= strings.file.count else { return false }
        let p = strings.file.base.assumingMemoryBound(to: UInt8.self)
        let end = min(strings.file.count, start + 1024)
        var pos = start
        while pos < end {
            let b = p[pos]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") || b >= 0x80 {
                return strings.string(index, limit: 1024).map(needle.matches) ?? false
            }
            pos += 1
        }
        if needle.decodedOnly { return false }
        return needle.matchesUTF8(UnsafeRawPointer(p + start), count: pos - start)
    }
}

extension RowReader {
    /// Visits rows `range` in order with their values, parsing from the checkpoint before the first one.
    func forEachRow(in range: Range<Int>, _ body: (Int, [UInt64]) -> Void) {
        let range = range.clamped(to: 0..<rows)
        let shift = NumberArrayParser.checkpointShift
        guard !range.isEmpty, (range.lowerBound >> shift) < checkpoints.count else { return }
        var pos = checkpoints[range.lowerBound >> shift]
        guard pos >= 0 else { return }
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        var index = (range.lowerBound >> shift) << shift
        var row: [UInt64] = []
        row.reserveCapacity(fields)
        while index < range.upperBound {
            guard let v = DigitCursor.nextValue(p, count: file.count, at: &pos) else { return }
            row.append(v)
            if row.count == fields {
                if index >= range.lowerBound { body(index, row) }
                row.removeAll(keepingCapacity: true)
                index += 1
            }
        }
    }
}
