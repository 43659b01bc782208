/// The CSV every list command writes with `--csv` (RFC 4180): a header row, then one record per row, CRLF line ends,
/// fields holding a comma, a double quote, CR or LF enclosed in double quotes with inner quotes doubled. Numbers
/// are plain integers (bytes, counts; deltas with a leading `-` when negative).
///
/// Text cells come from the dump and are data, not terminal output, but spreadsheets run cells that start with
/// `=`, `+`, `-`, `@` or CR as formulas: such a text cell gets a leading `'` (OWASP's advice against CSV
/// injection). Number cells and V8 ids (`@123`) are never changed. Control characters other than CR and LF (which
/// RFC 4180 allows inside quoted fields) are written as `\xNN` (a tab too), so nothing in a cell can move a
/// terminal's cursor when the file is printed.
public struct CSVTable: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case int(Int64)
        case uint(UInt64)
    }

    public let header: [String]
    public private(set) var records: [[Cell]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func add(_ cells: [Cell]) {
        records.append(cells)
    }

    /// The whole table, header first; every record ends with CRLF.
    public var text: String {
        var out = CSVTable.record(header.map { .text($0) })
        for r in records { out += CSVTable.record(r) }
        return out
    }

    static func record(_ cells: [Cell]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field as it appears in the file.
    public static func field(_ cell: Cell) -> String {
        switch cell {
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .text(let s): return quoted(neutralized(escapedControls(s)))
        }
    }

    static func escapedControls(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { isEscaped($0) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isEscaped(u) {
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func isEscaped(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\r" && u != "\n") || (0x7F...0x9F).contains(u.value)
    }

    static func neutralized(_ s: String) -> String {
        guard let c = s.unicodeScalars.first, "=+-@\r".unicodeScalars.contains(c) else { return s }
        // V8 ids (`@` and digits) are hdx's own notation and cannot call anything: kept as they are.
        if c == "@", s.utf8.count > 1, s.utf8.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return s }
        return "'" + s
    }

    static func quoted(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
