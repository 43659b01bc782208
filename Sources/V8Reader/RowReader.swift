import HeapGraph

/// Reads one node or edge row again from the mapped file, starting from the nearest checkpoint (every 64th row),
/// so that names and edge types need not stay in memory after the index is built.
struct RowReader: Sendable {
    let file: FileBytes
    let checkpoints: Column<Int>
    let fields: Int
    let rows: Int

    /// The values of row `index`, or `nil` when it cannot be read (out of range or damaged bytes).
    func row(_ index: Int) -> [UInt64]? {
        guard index >= 0, index < rows, (index >> NumberArrayParser.checkpointShift) < checkpoints.count else {
            return nil
        }
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        var pos = checkpoints[index >> NumberArrayParser.checkpointShift]
        guard pos >= 0 else { return nil }   // (restored from the persisted index: checked on use)
        let skip = (index & ((1 << NumberArrayParser.checkpointShift) - 1)) * fields
        var out: [UInt64] = []
        out.reserveCapacity(fields)
        var seen = 0
        while seen < skip + fields {
            while pos < file.count && (p[pos] &- 0x30) >= 10 {
                let c = p[pos]
                guard c == 0x2C || DigitCursor.isSpace(c) else { return nil }
                pos += 1
            }
            guard pos < file.count else { return nil }
            var v: UInt64 = 0
            var digits = 0
            while pos < file.count, case let d = p[pos] &- 0x30, d < 10, digits < 20 {
                v = v &* 10 &+ UInt64(d)
                pos += 1
                digits += 1
            }
            if seen >= skip { out.append(v) }
            seen += 1
        }
        return out
    }
}
