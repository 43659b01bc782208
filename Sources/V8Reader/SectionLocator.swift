#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput

/// Finds the header and the byte ranges of the top-level arrays. Number arrays contain no `]` until their end, so
/// their ranges are found with `memchr` (vectorised in libc) instead of a parse; the parse runs later, in parallel.
enum SectionLocator {
    /// The `snapshot` header V8 writes is a few KB; anything that does not end within this many bytes is damaged
    /// (a header that lost bytes would otherwise run on into the arrays that follow it).
    static let maxHeaderBytes = 1 << 20

    /// Parses the header object and finds the start of the nodes array, which V8 writes right after it.
    static func header(_ base: UnsafeRawPointer, count: Int) throws(ParseFailure)
        -> (meta: SnapshotMeta, header: Range<Int>, nodesStart: Int) {
        let limit = min(count, maxHeaderBytes)
        var r = HeaderJSONReader(base: base, end: limit, pos: 0)
        if count >= 3 && r.byte(0) == 0xEF && r.byte(1) == 0xBB && r.byte(2) == 0xBF { r.pos = 3 }
        try r.expect(UInt8(ascii: "{"), "a V8 heap snapshot (a JSON object starting with {\"snapshot\":)")
        r.skipSpace()
        let keyAt = r.pos
        guard r.pos < count, r.byte(r.pos) == UInt8(ascii: "\""), try r.parseString() == "snapshot" else {
            throw ParseFailure(keyAt, "expected a V8 heap snapshot: the first key must be \"snapshot\"")
        }
        try r.expect(UInt8(ascii: ":"), "':'")
        r.skipSpace()
        let headerStart = r.pos
        let header: HeaderJSON
        do {
            header = try r.parseValue()
        } catch {
            guard limit < count && r.pos >= limit else { throw error }
            throw ParseFailure(headerStart, "the \"snapshot\" header does not end within its first "
                                   + "\(maxHeaderBytes >> 20) MiB (at byte \(limit)): not a V8 heap snapshot, or a damaged one")
        }
        let meta = try SnapshotMeta(header: header, offset: headerStart)
        let headerEnd = r.pos
        r = HeaderJSONReader(base: base, end: count, pos: headerEnd)
        try expectKey(&r, "nodes")
        return (meta, headerStart..<headerEnd, r.pos)
    }

    /// `,"key":[` (whitespace allowed), leaving `r` after the bracket.
    static func expectKey(_ r: inout HeaderJSONReader, _ key: String) throws(ParseFailure) {
        try r.expect(UInt8(ascii: ","), "',' and the \"\(key)\" array")
        r.skipSpace()
        let at = r.pos
        guard r.pos < r.end, r.byte(r.pos) == UInt8(ascii: "\"") else {
            throw ParseFailure(r.pos, "expected the \"\(key)\" array", truncated: r.pos >= r.end)
        }
        let found = try r.parseString()
        guard found == key else { throw ParseFailure(at, "expected the \"\(key)\" array, found \"\(found)\"") }
        try r.expect(UInt8(ascii: ":"), "':'")
        try r.expect(UInt8(ascii: "["), "'[' starting the \"\(key)\" array")
    }

    /// The position of the next `]` at or after `from` (number arrays hold none before their end), found with the
    /// vectorised `memchr` in chunks; the chunks already searched leave the resident set at once.
    static func arrayEnd(_ file: MappedFile, from: Int) -> Int? {
        let chunk = 16 << 20
        var at = from
        while at < file.count {
            let len = min(chunk, file.count - at)
            if let hit = memchr(file.base + at, Int32(UInt8(ascii: "]")), len) {
                return UnsafeRawPointer(hit) - file.base
            }
            file.release(at..<(at + len))
            at += len
        }
        return nil
    }

    /// The sections after the edges (trace data, samples, locations) up to the start of `strings`.
    static func rest(_ file: MappedFile, from: Int) -> (stringsStart: Int?, warnings: [String]) {
        var r = HeaderJSONReader(base: file.base, end: file.count, pos: from)
        var warnings: [String] = []
        while true {
            r.skipSpace()
            guard r.pos < file.count, r.byte(r.pos) != UInt8(ascii: "}") else { return (nil, warnings) }
            guard r.byte(r.pos) == UInt8(ascii: ",") else {
                warnings.append("unexpected \(HeaderJSONReader.describe(r.byte(r.pos))) at byte \(r.pos) after the "
                                    + "edges; strings not read")
                return (nil, warnings)
            }
            r.pos += 1
            r.skipSpace()
            let at = r.pos
            guard r.pos < file.count, r.byte(r.pos) == UInt8(ascii: "\""),
                  let key = try? r.parseString(), (try? r.expect(UInt8(ascii: ":"), "':'")) != nil else {
                warnings.append("damaged section name at byte \(at); strings not read")
                return (nil, warnings)
            }
            r.skipSpace()
            if key == "strings" {
                guard (try? r.expect(UInt8(ascii: "["), "'['")) != nil else {
                    warnings.append("the \"strings\" section at byte \(at) is not an array")
                    return (nil, warnings)
                }
                return (r.pos, warnings)
            }
            if ["trace_function_infos", "samples", "locations"].contains(key), r.pos < file.count,
               r.byte(r.pos) == UInt8(ascii: "[") {
                guard let close = arrayEnd(file, from: r.pos) else { return (nil, warnings) }
                r.pos = close + 1
                continue
            }
            guard skipValue(&r) else {
                warnings.append("the file ends inside the \"\(key)\" section (byte \(at))")
                return (nil, warnings)
            }
        }
    }

    /// Skips one JSON value of any kind without building it. Returns false when the file ends inside it.
    static func skipValue(_ r: inout HeaderJSONReader) -> Bool {
        var depth = 0
        while r.pos < r.end {
            let c = r.byte(r.pos)
            switch c {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                r.pos += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return true }
                depth -= 1
                r.pos += 1
                if depth == 0 { return true }
            case UInt8(ascii: "\""):
                r.pos += 1
                while r.pos < r.end {
                    let s = r.byte(r.pos)
                    if s == UInt8(ascii: "\\") { r.pos += 2; continue }
                    r.pos += 1
                    if s == UInt8(ascii: "\"") { break }
                }
                if depth == 0 { return r.pos <= r.end }
            case UInt8(ascii: ","):
                if depth == 0 { return true }
                r.pos += 1
            default:
                r.pos += 1
            }
        }
        return false
    }
}
