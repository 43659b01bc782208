import DumpInput

/// Minimal, allocation-free scanning of the JSON that V8 writes: top-level keys and their value ranges, string
/// element ranges, flat arrays of non-negative integers, and string decoding. Errors name the byte offset.
struct JSONScan {
    let base: UnsafeRawPointer
    let end: Int
    let path: String
    /// Called with byte ranges already scanned (16 MiB at a time) so that their pages can leave the resident set.
    var release: (Range<Int>) -> Void = { _ in }

    func fail(_ offset: Int, _ what: String) -> DumpError { DumpError(file: path, offset: offset, what) }

    func byte(_ i: Int) -> UInt8 { base.u8(i) }

    func skipSpace(_ i: Int) -> Int {
        var i = i
        while i < end {
            let b = byte(i)
            if b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { break }
            i += 1
        }
        return i
    }

    func expect(_ i: Int, _ c: UInt8, _ what: String) throws(DumpError) {
        guard i < end, byte(i) == c else { throw fail(i, "expected \(what)") }
    }

    /// The end (exclusive, after the closing quote) of the string starting at `i` (an opening quote).
    func stringEnd(_ i: Int) throws(DumpError) -> Int {
        var j = i + 1
        while j < end {
            let b = byte(j)
            if b == 0x22 { return j + 1 }
            j += b == 0x5C ? 2 : 1
        }
        throw fail(i, "expected the end of a JSON string")
    }

    /// The end (exclusive) of the JSON value starting at `i`.
    func valueEnd(_ i: Int) throws(DumpError) -> Int {
        guard i < end else { throw fail(i, "expected a JSON value") }
        let b = byte(i)
        if b == 0x22 { return try stringEnd(i) }
        if b == 0x7B || b == 0x5B {
            var depth = 0
            var j = i
            var released = i
            while j < end {
                if j - released > 16 << 20 {
                    release(released..<j)
                    released = j
                }
                let c = byte(j)
                if c == 0x22 { j = try stringEnd(j); continue }
                if c == 0x7B || c == 0x5B { depth += 1 }
                else if c == 0x7D || c == 0x5D {
                    depth -= 1
                    if depth == 0 { return j + 1 }
                }
                j += 1
            }
            throw fail(i, "expected the end of a JSON \(b == 0x7B ? "object" : "array")")
        }
        var j = i
        while j < end {
            let c = byte(j)
            if c == 0x2C || c == 0x7D || c == 0x5D || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { break }
            j += 1
        }
        guard j > i else { throw fail(i, "expected a JSON value") }
        return j
    }

    /// The top-level object's keys with their value ranges, in file order.
    func topLevel() throws(DumpError) -> [(key: String, range: Range<Int>)] {
        var i = skipSpace(0)
        if i + 3 <= end && byte(i) == 0xEF && byte(i + 1) == 0xBB && byte(i + 2) == 0xBF { i = skipSpace(i + 3) }
        try expect(i, 0x7B, "a JSON object ({)")
        i = skipSpace(i + 1)
        var out: [(String, Range<Int>)] = []
        if i < end && byte(i) == 0x7D { return out }
        while true {
            try expect(i, 0x22, "a key string")
            let ke = try stringEnd(i)
            let key = String(decoding: UnsafeRawBufferPointer(start: base + i + 1, count: ke - i - 2), as: UTF8.self)
            i = skipSpace(ke)
            try expect(i, 0x3A, "':' after key \"\(key)\"")
            i = skipSpace(i + 1)
            let ve = try valueEnd(i)
            out.append((key, i..<ve))
            i = skipSpace(ve)
            guard i < end else { throw fail(i, "expected ',' or '}' in the top-level object") }
            if byte(i) == 0x7D { return out }
            try expect(i, 0x2C, "',' or '}' in the top-level object")
            i = skipSpace(i + 1)
        }
    }

    /// Calls `body(index, value, start, end)` for each integer of a flat array; rejects anything else.
    func forEachInteger(in range: Range<Int>, _ body: (Int, Int, Int, Int) throws -> Void) throws {
        var i = range.lowerBound
        try expect(i, 0x5B, "an array ([)")
        i += 1
        var k = 0
        let stop = range.upperBound - 1
        var released = i
        while true {
            if i - released > 16 << 20 {
                release(released..<i)
                released = i
            }
            i = skipSpace(i)
            if i >= stop { break }
            let s = i
            var v = 0
            while i < stop {
                let c = byte(i)
                guard c >= 0x30 && c <= 0x39 else { break }
                v = v &* 10 &+ Int(c - 0x30)
                i += 1
            }
            guard i > s, i - s <= 18 else { throw fail(s, "expected a non-negative integer") }
            try body(k, v, s, i)
            k += 1
            i = skipSpace(i)
            if i >= stop { break }
            try expect(i, 0x2C, "',' between numbers")
            i += 1
        }
    }

    /// The ranges (quotes included) of the strings of an array of strings.
    func stringElements(in range: Range<Int>) throws(DumpError) -> [Int] {
        var out: [Int] = []
        var i = range.lowerBound
        try expect(i, 0x5B, "an array of strings ([)")
        i = skipSpace(i + 1)
        let stop = range.upperBound - 1
        while i < stop {
            try expect(i, 0x22, "a string")
            let e = try stringEnd(i)
            out.append(i)
            out.append(e)
            i = skipSpace(e)
            if i >= stop { break }
            try expect(i, 0x2C, "',' between strings")
            i = skipSpace(i + 1)
        }
        return out
    }

    /// Decodes the JSON string at `start..<end` (quotes included).
    func decode(_ start: Int, _ stop: Int) -> String {
        var units: [UInt16] = []
        var ascii = true
        var i = start + 1
        let last = stop - 1
        while i < last {
            let b = byte(i)
            if b >= 0x80 { ascii = false }
            if b == 0x5C { ascii = false; break }
            i += 1
        }
        if ascii { return String(decoding: UnsafeRawBufferPointer(start: base + start + 1, count: max(0, stop - start - 2)), as: UTF8.self) }
        i = start + 1
        var bytes: [UInt8] = []
        func flushBytes() {
            if !bytes.isEmpty { units.append(contentsOf: String(decoding: bytes, as: UTF8.self).utf16); bytes.removeAll() }
        }
        while i < last {
            let b = byte(i)
            if b != 0x5C { bytes.append(b); i += 1; continue }
            flushBytes()
            guard i + 1 < last else { break }
            let e = byte(i + 1)
            switch e {
            case 0x6E: units.append(0x0A)
            case 0x74: units.append(0x09)
            case 0x72: units.append(0x0D)
            case 0x62: units.append(0x08)
            case 0x66: units.append(0x0C)
            case 0x75:
                var v: UInt16 = 0
                var j = i + 2
                while j < min(i + 6, last) {
                    let h = byte(j)
                    let d: UInt16 = h >= 0x30 && h <= 0x39 ? UInt16(h - 0x30)
                        : h >= 0x61 && h <= 0x66 ? UInt16(h - 0x57) : h >= 0x41 && h <= 0x46 ? UInt16(h - 0x37) : 0
                    v = v << 4 | d
                    j += 1
                }
                units.append(v)
                i += 6
                continue
            default: units.append(UInt16(e))
            }
            i += 2
        }
        flushBytes()
        return String(decoding: units, as: UTF16.self)
    }
}
