/// A system view of `[STATISTICS]`: `<VIEW> - <text>`, a header row of column names, rows, `(<VIEW>, <n> rows)`.
/// Rows stay in the mapped file; `HanaDump.rows(of:)` splits them on demand.
public struct HanaView: Sendable, Equatable {
    public var name: String
    public var title: String
    /// 1-based line of `<VIEW> - <text>`.
    public var line: Int
    public var columns: [String]
    /// The field separator sniffed from the header row (`;`, `,`, tab or `|`).
    public var delimiter: UInt8
    /// Lines between the header row and the footer (a row whose quoted text spans lines counts once per line).
    public var lineCount: Int
    /// Byte range of the rows.
    public var rowsStart: Int
    public var rowsEnd: Int
    /// False when the footer `(<VIEW>, …` was missing.
    public var complete: Bool

    public func columnIndex(_ name: String) -> Int? { columns.firstIndex(of: name) }

    /// Sniffs the separator of a header row and splits it.
    static func header(_ text: String) -> (columns: [String], delimiter: UInt8) {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for c in text.utf8 {
            if c == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted, c == 0x3B || c == 0x2C || c == 0x09 || c == 0x7C {
                counts[c, default: 0] += 1
            }
        }
        let order: [UInt8] = [0x3B, 0x2C, 0x09, 0x7C]
        let delim = order.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? 0x3B
        let d = (counts[delim] ?? 0) > 0 ? delim : 0x3B
        return (splitRow(Array(text.utf8), delimiter: d) ?? [text], d)
    }

    /// Splits one row; quoted fields (`"…"`, `""` for a quote) may hold the separator. Nil when a quote is left open.
    static func splitRow(_ u: [UInt8], delimiter: UInt8) -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        var quoted = false
        var wasQuoted = false
        while i < u.count {
            let c = u[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < u.count, u[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\""), field.isEmpty, !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == delimiter {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            } else {
                field.append(c)
            }
            i += 1
        }
        if quoted { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }

    /// A field as RFC 4180 CSV: quoted when it holds a comma, quote, line break or edge blanks.
    static func csvField(_ s: String) -> String {
        let needs = s.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || s.first == " " || s.last == " "
        guard needs else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
