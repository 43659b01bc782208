import DumpInput

/// The CSV every list command writes with `--csv` (RFC 4180): a header row, then one record per row, CRLF line ends,
/// fields holding a comma, a double quote, CR or LF enclosed in double quotes with inner quotes doubled. Numbers
/// are plain integers (bytes, counts; deltas with a leading `-` when negative).
///
/// Text cells come from the dump and are data, not terminal output, but spreadsheets run cells that start with
/// `=`, `+`, `-`, `@` or CR as formulas: such a text cell gets a leading `'` (OWASP's advice against CSV
/// injection). Number cells and V8 ids (`@123`) are never changed. Control characters (CR, LF and tab included),
/// bidi controls and line separators are written as `\xNN` / `\uNNNN`, so nothing in a cell can move a terminal's
/// cursor or start a new record when the file is printed.
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
                out += (u.value > 0xFF ? "\\u" : "\\x") + String(repeating: "0", count: max(0, (u.value > 0xFF ? 4 : 2) - hex.count)) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// What `TerminalText` shows visibly everywhere else (C0, DEL, C1, bidi controls, line separators). CR and LF
    /// too, although RFC 4180 would allow them inside a quoted field: one record is always one line, so a name with a
    /// newline cannot forge a row for `grep`, `wc -l` or a terminal.
    static func isEscaped(_ u: Unicode.Scalar) -> Bool {
        TerminalText.isUnsafe(u)
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
