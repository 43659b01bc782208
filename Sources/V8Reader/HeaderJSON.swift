/// A tiny JSON parser for the snapshot header (`{"snapshot":{"meta":…,"node_count":…}}`), which is a few KB.
/// The big arrays are never parsed with it. Depth and size are bounded, so a hostile header cannot exhaust memory.
enum HeaderJSON: Equatable {
    case object([(key: String, value: HeaderJSON)])
    case array([HeaderJSON])
    case string(String)
    case number(Double, integer: UInt64?)
    case bool(Bool)
    case null

    static func == (a: HeaderJSON, b: HeaderJSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x, _), .number(let y, _)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    subscript(_ key: String) -> HeaderJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringArray: [String]? {
        guard case .array(let items) = self else { return nil }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { return nil }
            out.append(s)
        }
        return out
    }

    var unsigned: UInt64? {
        if case .number(_, let integer) = self { return integer }
        return nil
    }
}

/// Where parsing failed and why; the caller turns it into a `DumpError` naming the file.
struct ParseFailure: Error {
    var offset: Int
    var message: String
    /// The file ended before the value was complete (a truncated snapshot), as opposed to malformed bytes.
    var truncated: Bool
    init(_ offset: Int, _ message: String, truncated: Bool = false) {
        self.offset = offset
        self.message = message
        self.truncated = truncated
    }
}

/// Reads JSON values from mapped bytes, tracking the byte offset for error messages.
struct HeaderJSONReader {
    let base: UnsafeRawPointer
    let end: Int
    var pos: Int
    /// Values (strings, items, members) read so far; bounded so that a header cannot grow without limit.
    private var budget = 200_000
    static let maxDepth = 32

    init(base: UnsafeRawPointer, end: Int, pos: Int) {
        self.base = base
        self.end = end
        self.pos = pos
    }

    @inline(__always) func byte(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }

    mutating func skipSpace() {
        while pos < end {
            let c = byte(pos)
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
        }
    }

    /// Consumes `c` after optional whitespace, or fails naming what was expected.
    mutating func expect(_ c: UInt8, _ what: String) throws(ParseFailure) {
        skipSpace()
        guard pos < end else { throw ParseFailure(pos, "expected \(what), found the end of the file") }
        guard byte(pos) == c else { throw ParseFailure(pos, "expected \(what), found \(Self.describe(byte(pos)))") }
        pos += 1
    }

    static func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16))"
    }

    mutating func parseValue(depth: Int = 0) throws(ParseFailure) -> HeaderJSON {
        skipSpace()
        guard depth < Self.maxDepth else { throw ParseFailure(pos, "JSON nested too deeply in the snapshot header") }
        budget -= 1
        guard budget > 0 else { throw ParseFailure(pos, "the snapshot header is implausibly large") }
        guard pos < end else { throw ParseFailure(pos, "expected a JSON value, found the end of the file") }
        let c = byte(pos)
        switch c {
        case UInt8(ascii: "{"):
            pos += 1
            var members: [(key: String, value: HeaderJSON)] = []
            skipSpace()
            if pos < end && byte(pos) == UInt8(ascii: "}") { pos += 1; return .object(members) }
            while true {
                skipSpace()
                guard pos < end, byte(pos) == UInt8(ascii: "\"") else {
                    throw ParseFailure(pos, "expected a quoted key in the snapshot header")
                }
                let key = try parseString()
                try expect(UInt8(ascii: ":"), "':'")
                let value = try parseValue(depth: depth + 1)
                members.append((key, value))
                skipSpace()
                guard pos < end else { throw ParseFailure(pos, "expected ',' or '}', found the end of the file") }
                if byte(pos) == UInt8(ascii: ",") { pos += 1; continue }
                if byte(pos) == UInt8(ascii: "}") { pos += 1; return .object(members) }
                throw ParseFailure(pos, "expected ',' or '}', found \(Self.describe(byte(pos)))")
            }
        case UInt8(ascii: "["):
            pos += 1
            var items: [HeaderJSON] = []
            skipSpace()
            if pos < end && byte(pos) == UInt8(ascii: "]") { pos += 1; return .array(items) }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipSpace()
                guard pos < end else { throw ParseFailure(pos, "expected ',' or ']', found the end of the file") }
                if byte(pos) == UInt8(ascii: ",") { pos += 1; continue }
                if byte(pos) == UInt8(ascii: "]") { pos += 1; return .array(items) }
                throw ParseFailure(pos, "expected ',' or ']', found \(Self.describe(byte(pos)))")
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (word, value) in [("true", HeaderJSON.bool(true)), ("false", .bool(false)), ("null", .null)] {
                let bytes = Array(word.utf8)
                if pos + bytes.count <= end && (0..<bytes.count).allSatisfy({ byte(pos + $0) == bytes[$0] }) {
                    pos += bytes.count
                    return value
                }
            }
            throw ParseFailure(pos, "expected a JSON value, found \(Self.describe(c))")
        default:
            return try parseNumber()
        }
    }

    mutating func parseNumber() throws(ParseFailure) -> HeaderJSON {
        let start = pos
        while pos < end {
            let c = byte(pos)
            if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
                || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { pos += 1 } else { break }
        }
        guard pos > start, pos - start < 64 else {
            throw ParseFailure(start, "expected a JSON value, found \(start < end ? Self.describe(byte(start)) : "the end")")
        }
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
        guard let d = Double(text) else { throw ParseFailure(start, "malformed number '\(text)'") }
        return .number(d, integer: UInt64(text))
    }

    /// Parses a JSON string at `pos` (which holds the opening quote), decoding escapes.
    mutating func parseString() throws(ParseFailure) -> String {
        let start = pos
        pos += 1
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        // Counted here: `scalars.count` walks the whole view, which made long strings quadratic.
        var length = 0
        while true {
            guard pos < end else { throw ParseFailure(start, "unterminated string in the snapshot header") }
            guard length < 1 << 20 else { throw ParseFailure(start, "string too long in the snapshot header") }
            length += 1
            let c = byte(pos)
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < end else { throw ParseFailure(pos, "unterminated escape") }
                let e = byte(pos + 1)
                pos += 2
                var code: UInt32
                switch e {
                case UInt8(ascii: "n"): code = 0x0A
                case UInt8(ascii: "t"): code = 0x09
                case UInt8(ascii: "r"): code = 0x0D
                case UInt8(ascii: "b"): code = 0x08
                case UInt8(ascii: "f"): code = 0x0C
                case UInt8(ascii: "u"):
                    guard pos + 4 <= end, let v = StringTable.hex4(base, pos) else {
                        throw ParseFailure(pos - 2, "invalid \\u escape in the snapshot header")
                    }
                    code = v
                    pos += 4
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): code = UInt32(e)
                default: throw ParseFailure(pos - 2, "invalid escape \\\(Character(Unicode.Scalar(e)))")
                }
                if code >= 0xD800 && code < 0xDC00 { pendingHigh = code; continue }
                if code >= 0xDC00 && code < 0xE000, let high = pendingHigh {
                    code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                }
                pendingHigh = nil
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                continue
            }
            if pendingHigh != nil { scalars.append("\u{FFFD}"); pendingHigh = nil }
            if c < 0x80 {
                scalars.append(Unicode.Scalar(c))
                pos += 1
            } else {
                // Non-ASCII bytes (V8 never writes them): take the UTF-8 sequence leniently.
                var len = 1
                while pos + len < end && len < 4 && byte(pos + len) & 0xC0 == 0x80 { len += 1 }
                let s = String(decoding: UnsafeRawBufferPointer(start: base + pos, count: len), as: UTF8.self)
                scalars.append(contentsOf: s.unicodeScalars)
                pos += len
            }
        }
        return String(scalars)
    }
}
