/// One section of a runtime dump: `[TAG]  Description: (YYYY-MM-DD HH:MM:SS mmm Local)` … `[OK]` `--`.
public struct HanaSection: Sendable, Equatable {
    public var tag: String
    public var description: String
    /// `2025-03-11 14:22:07 113` (milliseconds last), nil for headers without a timestamp.
    public var timestamp: String?
    /// 1-based line of the header.
    public var headerLine: Int
    /// Byte range of the body: from the line after the header up to the `[OK]` line (or the next header / the end).
    public var bodyStart: Int
    public var bodyEnd: Int
    /// False when the file ended (or another header began) before the section's `[OK]`.
    public var complete: Bool

    public var bodyFirstLine: Int { headerLine + 1 }
    public var byteCount: Int { bodyEnd - bodyStart }
}

/// An entry of the table of contents that precedes the sections: `[TAG] Description`.
public struct HanaTOCEntry: Sendable, Equatable {
    public var tag: String
    public var description: String
}

/// How a line starting with `[` reads: a section header, the `[OK]` end mark, or a TOC entry.
enum HanaHeaderLine {
    case header(tag: String, description: String, timestamp: String?)
    case ok
    case tocEntry(tag: String, description: String)
    case none

    /// Recognises `[TAG]` at column 0 (tag: a letter, then letters, digits, `_`). A header ends in `Local)` or `:`
    /// (headers without timestamp, e.g. `[CRASH_STACK] :`); anything else after the tag is a TOC entry.
    static func classify(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> HanaHeaderLine {
        guard end - start >= 3, base[start] == UInt8(ascii: "[") else { return .none }
        var i = start + 1
        let first = base[i]
        guard first >= 0x41 && first <= 0x5A else { return .none }
        while i < end, i - start < 80 {
            let c = base[i]
            if (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || (c >= 0x61 && c <= 0x7A) {
                i += 1
            } else {
                break
            }
        }
        guard i < end, base[i] == UInt8(ascii: "]") else { return .none }
        let tagEnd = i
        i += 1
        if tagEnd - start == 3, base[start + 1] == UInt8(ascii: "O"), base[start + 2] == UInt8(ascii: "K") {
            var j = i
            while j < end, HanaText.isSpace(base[j]) { j += 1 }
            return j == end ? .ok : .none
        }
        guard i == end || HanaText.isSpace(base[i]) else { return .none }
        let tag = HanaText.string(base, start + 1, tagEnd)
        var e = end
        while e > i, HanaText.isSpace(base[e - 1]) { e -= 1 }
        let rest = HanaText.string(base, i, e).trimmed
        if rest.hasSuffix("Local)"), let open = rest.lastIndex(of: "(") {
            var desc = String(rest[..<open]).trimmed
            if desc.hasSuffix(":") { desc.removeLast() }
            var ts = String(rest[rest.index(after: open)...])
            ts.removeLast("Local)".count)
            return .header(tag: tag, description: desc.trimmed, timestamp: ts.trimmed)
        }
        if rest.hasSuffix(":") || rest.isEmpty {
            var desc = rest
            if desc.hasSuffix(":") { desc.removeLast() }
            return .header(tag: tag, description: desc.trimmed, timestamp: nil)
        }
        return .tocEntry(tag: tag, description: rest)
    }
}
