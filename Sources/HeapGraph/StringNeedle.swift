/// The text `:"text"` looks for in string values, ready to compare with a dump's string bytes as they are stored
/// (Latin-1, UTF-16 either byte order, UTF-8) without building a Swift String per object.
///
/// The rule is the explorer's `/` rule: the needle is lowercased (`String.lowercased()`), and a value contains it when
/// the value, with ASCII `A`–`Z` folded to lowercase (other characters compared as they are), contains the needle.
/// Comparing code units is the same as comparing the decoded text: a valid needle can only match at a character
/// boundary, and a broken unit of the value (an unpaired surrogate, which decoding turns into U+FFFD) equals no unit
/// of a valid needle. A needle that holds U+FFFD itself is the exception: `decodedOnly` says so, and scanners then
/// compare decoded text (`matches`).
public struct StringNeedle: Sendable {
    public let text: String
    /// The lowercased needle as UTF-8 (what `matches` compares).
    public let utf8: [UInt8]
    /// The same as UTF-16 code units.
    public let utf16: [UInt16]
    /// The same as Latin-1 bytes; nil when a character is beyond U+00FF (no Latin-1 value can hold it).
    public let latin1: [UInt8]?
    /// The needle holds U+FFFD: compare decoded values only.
    public let decodedOnly: Bool

    public init(_ text: String) {
        self.text = text
        let lowered = text.lowercased()
        utf8 = Array(lowered.utf8)
        utf16 = Array(lowered.utf16)
        let scalars = lowered.unicodeScalars
        latin1 = scalars.allSatisfy { $0.value <= 0xFF } ? scalars.map { UInt8($0.value) } : nil
        decodedOnly = scalars.contains { $0.value == 0xFFFD }
    }

    @inline(__always) static func fold(_ c: UInt8) -> UInt8 { c &- 65 < 26 ? c | 0x20 : c }
    @inline(__always) static func fold(_ c: UInt16) -> UInt16 { c &- 65 < 26 ? c | 0x20 : c }

    /// Whether decoded text contains the needle (the rule above, on the text's UTF-8).
    public func matches(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { contains(bytes: UnsafeRawPointer($0.baseAddress), count: $0.count, utf8) }
    }

    /// Whether `count` Latin-1 bytes at `p` contain the needle.
    public func matchesLatin1(_ p: UnsafeRawPointer, count: Int) -> Bool {
        guard let latin1 else { return false }
        return contains(bytes: p, count: count, latin1)
    }

    /// Whether `count` UTF-8 bytes at `p` contain the needle.
    public func matchesUTF8(_ p: UnsafeRawPointer, count: Int) -> Bool { contains(bytes: p, count: count, utf8) }

    /// Whether `count` UTF-16 code units at `p` (big-endian: HPROF `char[]`; else little-endian) contain the needle.
    public func matchesUTF16(_ p: UnsafeRawPointer, count: Int, bigEndian: Bool) -> Bool {
        let n = utf16.count
        if n == 0 { return true }
        guard count >= n else { return false }
        @inline(__always) func unit(_ i: Int) -> UInt16 {
            let raw = p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
            return StringNeedle.fold(bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw))
        }
        return utf16.withUnsafeBufferPointer { nd in
            let first = nd[0]
            var i = 0
            while i <= count - n {
                if unit(i) == first {
                    var j = 1
                    while j < n && unit(i + j) == nd[j] { j += 1 }
                    if j == n { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Byte units (Latin-1 or UTF-8): a scan for the needle's first byte in either case, then a compare.
    private func contains(bytes p: UnsafeRawPointer?, count: Int, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        if n == 0 { return true }
        guard let p, count >= n else { return false }
        let hay = p.assumingMemoryBound(to: UInt8.self)
        return needle.withUnsafeBufferPointer { nd in
            let first = nd[0]
            // The needle is lowercase, so its first byte matches itself or, for a–z, the uppercase letter.
            let other = first &- 97 < 26 ? first - 32 : first
            let last = count - n
            var i = 0
            while i <= last {
                let c = hay[i]
                if c == first || c == other {
                    var j = 1
                    while j < n && StringNeedle.fold(hay[i + j]) == nd[j] { j += 1 }
                    if j == n { return true }
                }
                i += 1
            }
            return false
        }
    }
}

/// Finding string objects by value fast: the format reads its string objects in file order, straight from their
/// bytes. `:"text"` and `hdx strings` scan `units` (slices of the file, or node ranges) in steps.
public protocol StringScanning: Sendable {
    /// Units of a whole scan (progress counts them).
    var stringScanUnits: Int { get }
    /// Units per step: a step takes a few milliseconds (a cancelled scan stops within one).
    var stringScanStep: Int { get }
    /// The string objects of `units` whose value contains the needle, ascending.
    func stringMatches(_ needle: StringNeedle, units: Range<Int>) -> [UInt32]
}
