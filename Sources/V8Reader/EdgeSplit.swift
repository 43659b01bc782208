import DumpInput

/// Where the `edges` array is cut so that both parsing threads finish at about the same time: thread 1 parses the
/// nodes and then the first `rows` edges, thread 2 finds the edges, counts the commas of the first piece (to know
/// which row the second piece starts with) and parses the second piece, then the strings.
struct EdgeSplit: Equatable {
    /// Edge rows in the first piece.
    var rows: Int
    /// Where the first piece ends (right after its last value) and the second begins (with the `,` and any
    /// whitespace before it): the position a single parse of the whole array would be at after row `rows - 1`.
    var at: Int
}

enum EdgeSplitter {
    /// Costs per byte relative to parsing: `memchr` over the nodes (thread 2 finds where the edges begin), counting
    /// commas (thread 2, over the first piece), parsing the rest of the file (edges and strings, thread 2).
    static let locateCost = 0.05
    static let countCost = 0.25
    /// Pieces below this many bytes are not worth a split.
    static let minimumBytes = 1 << 16

    /// The byte offset to cut at so that thread 1 (nodes, then the first piece) and thread 2 (locate, count the
    /// first piece, parse the rest) do about the same work; nil when the first piece would be too small.
    static func target(nodesStart: Int, edgesStart: Int, fileEnd: Int) -> Int? {
        let nodes = Double(edgesStart - nodesStart)
        let rest = Double(fileEnd - edgesStart)
        // nodes + x = locate * nodes + count * x + (rest - x)
        let x = (rest - (1 - locateCost) * nodes) / (2 - countCost)
        guard x >= Double(minimumBytes), x < rest else { return nil }
        return edgesStart + Int(x)
    }

    /// The split at the first `,` at or after `target` that follows a complete row, with the rows before it
    /// counted; nil when the array (or the file) ends before such a comma or the count does not fit `edgeCount`
    /// (the single-thread parse then reports what is wrong). Commas counted are released from the resident set.
    static func split(_ file: MappedFile, edgesStart: Int, target: Int, fields: Int, edgeCount: Int) -> EdgeSplit? {
        guard fields > 0, edgesStart < target, target < file.count else { return nil }
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        var commas = 0
        let chunk = 16 << 20
        var at = edgesStart
        while at < target {
            let upper = min(at + chunk, target)
            let counted = CommaCount.countCommas(p, at..<upper)
            if counted.close != nil { return nil }
            commas += counted.commas
            file.release(at..<upper)
            at = upper
        }
        // The values before a comma at c are the commas before it plus one.
        var c = target
        let limit = min(file.count, target + (1 << 16))
        while c < limit {
            let b = p[c]
            if b == UInt8(ascii: ",") {
                if (commas + 1) % fields == 0 { break }
                commas += 1
            } else if b == UInt8(ascii: "]") {
                return nil
            }
            c += 1
        }
        guard c < limit else { return nil }
        let rows = (commas + 1) / fields
        guard rows > 0, rows < edgeCount else { return nil }
        var end = c
        while end > edgesStart && DigitCursor.isSpace(p[end - 1]) { end -= 1 }
        return EdgeSplit(rows: rows, at: end)
    }
}
