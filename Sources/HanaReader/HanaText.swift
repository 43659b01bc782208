#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers over the mapped dump text: lines, prefixes and small number parsers that never allocate.
enum HanaText {
    /// The end of the line starting at `start` (exclusive, without `\n` or a trailing `\r`) and where the next begins.
    @inline(__always)
    static func lineEnd(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> (end: Int, next: Int) {
        guard start < count else { return (count, count) }
        var end: Int
        let next: Int
        if let p = memchr(base + start, 0x0A, count - start) {
            end = UnsafeRawPointer(p) - UnsafeRawPointer(base)
            next = end + 1
        } else {
            end = count
            next = count
        }
        if end > start && base[end - 1] == 0x0D { end -= 1 }
        return (end, next)
    }

    @inline(__always)
    static func hasPrefix(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard end - start >= n else { return false }
        return memcmp(base + start, prefix.utf8Start, n) == 0
    }

    @inline(__always)
    static func equals(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ text: StaticString) -> Bool {
        end - start == text.utf8CodeUnitCount && hasPrefix(base, start, end, text)
    }

    /// The first occurrence of `needle` in `[start, end)`, or nil.
    static func find(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ needle: StaticString) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard n > 0, end - start >= n else { return nil }
        let first = needle.utf8Start[0]
        var i = start
        let last = end - n
        while i <= last {
            guard let p = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            let at = UnsafeRawPointer(p) - UnsafeRawPointer(base)
            if memcmp(base + at, needle.utf8Start, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    static func string(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        guard end > start else { return "" }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// Parses decimal digits at `i`; returns the value and the index after them (nil when no digit or overflow).
    @inline(__always)
    static func decimal(_ base: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (UInt64, Int)? {
        var j = i
        var v: UInt64 = 0
        while j < end, base[j] >= 0x30, base[j] <= 0x39 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(base[j] - 0x30))
            if o1 || o2 { return nil }
            v = a
            j += 1
        }
        return j > i ? (v, j) : nil
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
}

extension StringProtocol {
    /// The text without leading and trailing blanks.
    var trimmed: String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
