import DumpInput

/// `hdx strip` for SAP HANA runtime dumps: a line-by-line copy with what identifies people, systems and data masked
/// by numbered placeholders (`<sql 3>`, `<user 1>`, `<host 1>`, `<app 2>`): the same value gets the same placeholder
/// everywhere in the file, so cross references (a user in `[THREADS]` and in `M_CONNECTIONS`) still match.
///
/// Masked: `Host:` and `Compile host:` values (header, `[PROCESS_INFO]`, the OOM block); in `Key: "value"` pairs
/// (`[THREADS]`) the SQL user, thread detail (the SQL text), application, application user and client host; in the
/// `[STATISTICS]` views every column whose name says host, user, application, IP, SQL, statement text, parameters,
/// comment, detail or password. Kept: numbers, sizes, allocator names, thread names and methods, statement hashes,
/// connection ids, call stacks, section structure and line count.
public struct HanaStripper {
    var masks = Masks()
    var maskedValues = 0

    static let quotedKeys: [String: String] = [
        "SQLUserName": "user", "ThreadDetail": "sql", "ApplicationUserName": "user", "ApplicationUser": "user",
        "AppUser": "user", "ApplicationName": "app", "ApplicationSource": "app", "Application": "app",
        "ClientHost": "host", "ClientIP": "host", "Host": "host", "User": "user", "UserName": "user",
        "StatementString": "sql", "Statement": "sql", "SQL": "sql", "Parameters": "sql", "StatementParameters": "sql",
    ]
    /// Unquoted `Key: value` (value up to the next `, ` or the end of the line; SQL to the end of the line).
    static let plainKeys: [(String, String)] = [
        ("Compile host", "host"), ("Client host", "host"), ("ClientHost", "host"), ("Host", "host"),
        ("Hostname", "host"), ("SQLUserName", "user"), ("User", "user"), ("Application", "app"),
        ("ApplicationUser", "user"), ("Statement", "sql"), ("SQL", "sql"),
    ]

    static func columnKind(_ column: String) -> String? {
        let c = column.uppercased()
        if c.contains("HASH") || c.hasSuffix("_ID") || c.hasSuffix("_COUNT") || c.hasSuffix("_SIZE") { return nil }
        if c.contains("HOST") || c.contains("IP_ADDRESS") || c == "CLIENT_IP" || c.hasSuffix("_IP") { return "host" }
        if c.contains("USER") { return "user" }
        if c.contains("APPLICATION") { return "app" }
        if c.contains("STATEMENT_STRING") || c.contains("SQL") || c.contains("PARAMETER") || c.contains("COMMENT")
            || c.contains("DETAIL") || c.contains("PASSWORD") || c.contains("STATEMENT_TEXT") || c.hasSuffix("_TEXT") {
            return "sql"
        }
        return nil
    }

    public static func strip(_ file: MappedFile, to sink: OutputSink, options: StripOptions) throws -> StripResult {
        var s = HanaStripper()
        let base = file.base
        let n = file.count
        var p = 0
        var section = ""
        var viewName: String?
        var needColumns = false
        var columns: [String?] = []
        var delimiter: UInt8 = 0x3B
        var pending: [UInt8] = []   // a view row whose quoted field spans lines
        while p < n {
            var e = p
            while e < n && base.u8(e) != 0x0A { e += 1 }
            let lineEnd = e < n ? e + 1 : e
            var content = Array(UnsafeRawBufferPointer(start: base + p, count: e - p))
            var cr = false
            if content.last == 0x0D { content.removeLast(); cr = true }
            let terminator: [UInt8] = e < n ? (cr ? [0x0D, 0x0A] : [0x0A]) : (cr ? [0x0D] : [])
            p = lineEnd

            if !pending.isEmpty {
                pending += [0x0A] + content
                if let row = s.maskRow(pending, columns: columns, delimiter: delimiter) {
                    try sink.write(row + terminator)
                    pending = []
                } else if pending.count > 1 << 20 {
                    try sink.write(s.maskWhole(pending) + terminator)   // never closed: mask all of it
                    pending = []
                }
                continue
            }
            if content.first == UInt8(ascii: "["), let close = content.firstIndex(of: UInt8(ascii: "]")), close > 1 {
                section = String(decoding: content[1..<close], as: UTF8.self)
                viewName = nil
            }
            if section == "STATISTICS" {
                if let view = viewName {
                    if needColumns {
                        let text = String(decoding: content, as: UTF8.self)
                        delimiter = HanaStripper.sniff(text)
                        columns = (HanaStripper.split(content, delimiter) ?? []).map { HanaStripper.columnKind($0) }
                        needColumns = false
                        try sink.write(content + terminator)
                        continue
                    }
                    if content.starts(with: Array("(\(view),".utf8)) {
                        viewName = nil
                        try sink.write(content + terminator)
                        continue
                    }
                    if let row = s.maskRow(content, columns: columns, delimiter: delimiter) {
                        try sink.write(row + terminator)
                    } else {
                        pending = content
                    }
                    continue
                }
                if let name = HanaStripper.viewHeader(content) {
                    viewName = name
                    needColumns = true
                    try sink.write(content + terminator)
                    continue
                }
            }
            try sink.write(s.maskLine(content) + terminator)
        }
        if !pending.isEmpty { try sink.write(s.maskWhole(pending)) }
        file.releaseAll()
        var result = StripResult(format: "hana")
        result.counts = [("valuesMasked", s.maskedValues)]
            + s.masks.counts.sorted { $0.key < $1.key }.map { ("distinct_\($0.key)", $0.value) }
        result.bytesWritten = sink.written
        return result
    }

    mutating func mask(_ value: [UInt8], _ kind: String) -> [UInt8] {
        maskedValues += 1
        return Array(masks.mask(String(decoding: value, as: UTF8.self), kind: kind).utf8)
    }

    mutating func maskWhole(_ bytes: [UInt8]) -> [UInt8] { mask(bytes, "sql") }

    /// Masks `Key: "value"` and `Key: value` pairs of one ordinary line.
    mutating func maskLine(_ line: [UInt8]) -> [UInt8] {
        guard line.contains(UInt8(ascii: ":")) else { return line }
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var i = 0
        while i < line.count {
            // A key starts at the line start or after ", " / " " / "(".
            let atKeyStart = i == 0 || line[i - 1] == 0x20 || line[i - 1] == 0x2C || line[i - 1] == 0x28 || line[i - 1] == 0x09
            if atKeyStart, let (kind, valueStart, quoted) = keyAt(line, i) {
                out += line[i..<valueStart]
                if quoted {
                    var j = valueStart + 1
                    while j < line.count {
                        if line[j] == 0x22 {
                            if j + 1 < line.count && line[j + 1] == 0x22 { j += 2; continue }
                            break
                        }
                        j += 1
                    }
                    let value = Array(line[(valueStart + 1)..<min(j, line.count)])
                    out.append(0x22)
                    if !value.isEmpty { out += mask(value, kind) }   // placeholders hold no quote
                    out.append(0x22)
                    i = min(j + 1, line.count)
                } else {
                    var j = valueStart
                    if kind == "sql" {
                        j = line.count
                    } else {
                        while j < line.count && line[j] != 0x2C { j += 1 }
                    }
                    var v = Array(line[valueStart..<j])
                    while v.last == 0x20 { v.removeLast() }
                    if !v.isEmpty { out += mask(v, kind) }
                    out += line[(valueStart + v.count)..<j]
                    i = j
                }
                continue
            }
            out.append(line[i])
            i += 1
        }
        return out
    }

    /// When a sensitive key starts at `i`: its kind, where its value starts, and whether the value is quoted.
    func keyAt(_ line: [UInt8], _ i: Int) -> (String, Int, Bool)? {
        let first = line[i]
        guard (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) else { return nil }
        var k = i
        while k < line.count && line[k] != 0x3A && k - i < 40 { k += 1 }
        guard k < line.count, line[k] == 0x3A else { return nil }
        var keyEnd = k
        while keyEnd > i && line[keyEnd - 1] == 0x20 { keyEnd -= 1 }
        let key = String(decoding: line[i..<keyEnd], as: UTF8.self)
        var v = k + 1
        while v < line.count && line[v] == 0x20 { v += 1 }
        guard v < line.count else { return nil }
        if line[v] == 0x22 {
            if let kind = HanaStripper.quotedKeys[key] { return (kind, v, true) }
            return nil
        }
        if let kind = HanaStripper.plainKeys.first(where: { $0.0 == key })?.1 {
            // `Host:` inside free text would be rare; a value must not be a number (ports, pids stay).
            return (kind, v, false)
        }
        return nil
    }

    /// A view row with its sensitive columns masked; nil while a quoted field is still open.
    mutating func maskRow(_ row: [UInt8], columns: [String?], delimiter: UInt8) -> [UInt8]? {
        guard let fields = HanaStripper.fields(row, delimiter) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(row.count)
        for (k, f) in fields.enumerated() {
            if k > 0 { out.append(delimiter) }
            let raw = Array(row[f.range])
            if k < columns.count, let kind = columns[k], !f.value.isEmpty {
                let m = mask(f.value, kind)
                out += f.quoted ? [0x22] + m + [0x22] : m
            } else {
                out += raw
            }
        }
        return out
    }

    struct Field {
        var range: Range<Int>
        var value: [UInt8]
        var quoted: Bool
    }

    /// Splits a row into fields (`"…"` with `""` for a quote may hold the separator and line breaks).
    static func fields(_ u: [UInt8], _ delimiter: UInt8) -> [Field]? {
        var out: [Field] = []
        var start = 0
        var value: [UInt8] = []
        var quoted = false, wasQuoted = false
        var i = 0
        while i < u.count {
            let c = u[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < u.count && u[i + 1] == 0x22 { value.append(c); i += 2; continue }
                    quoted = false
                } else {
                    value.append(c)
                }
            } else if c == 0x22 && value.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == delimiter {
                out.append(Field(range: start..<i, value: value, quoted: wasQuoted))
                value = []
                wasQuoted = false
                start = i + 1
            } else {
                value.append(c)
            }
            i += 1
        }
        if quoted { return nil }
        out.append(Field(range: start..<u.count, value: value, quoted: wasQuoted))
        return out
    }

    static func split(_ u: [UInt8], _ delimiter: UInt8) -> [String]? {
        fields(u, delimiter)?.map { String(decoding: $0.value, as: UTF8.self) }
    }

    static func sniff(_ text: String) -> UInt8 {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for c in text.utf8 {
            if c == 0x22 { quoted.toggle() } else if !quoted, c == 0x3B || c == 0x2C || c == 0x09 || c == 0x7C {
                counts[c, default: 0] += 1
            }
        }
        let order: [UInt8] = [0x3B, 0x2C, 0x09, 0x7C]
        let best = order.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? 0x3B
        return (counts[best] ?? 0) > 0 ? best : 0x3B
    }

    /// `<VIEW_NAME> - <text>`: the view's name.
    static func viewHeader(_ line: [UInt8]) -> String? {
        var i = 0
        while i < line.count && i < 128 {
            let c = line[i]
            let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
                || c == 0x24 || c == 0x23 || c == 0x2E || c == 0x2F
            if !ok { break }
            i += 1
        }
        guard i > 0, i + 1 < line.count, line[i] == 0x20, line[i + 1] == UInt8(ascii: "-"),
              i + 2 == line.count || line[i + 2] == 0x20 else { return nil }
        return String(decoding: line[..<i], as: UTF8.self)
    }
}
