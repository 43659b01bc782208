/// Counts the commas of a number array eight bytes at a time (SWAR: SIMD within a register): one unaligned 64-bit
/// load and a few bit operations per eight bytes, no branch per byte. Byte 0 of a loaded word is the first byte in
/// the file (little-endian order, made explicit so the code is also right on a big-endian machine).
enum CommaCount {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes from `p` (no alignment needed), byte 0 in the low bits.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `x` that is not zero; all other bits clear. Byte lanes never carry into each
    /// other: `(x & 0x7F) + 0x7F` stays below 0x100 per byte.
    @inline(__always)
    static func nonZeroBytes(_ x: UInt64) -> UInt64 {
        (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & high
    }

    /// The commas in `p[range]`, and the position of the first `]` in it if there is one (then the count stops
    /// there).
    static func countCommas(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> (commas: Int, close: Int?) {
        var pos = range.lowerBound
        var commas = 0
        let comma: UInt64 = 0x2C * ones, bracket: UInt64 = 0x5D * ones
        while pos + 8 <= range.upperBound {
            let w = load(p + pos)
            let isBracket = nonZeroBytes(w ^ bracket) ^ high
            if isBracket != 0 {
                let at = pos + isBracket.trailingZeroBitCount >> 3
                return (commas + countCommasBytewise(p, pos..<at), at)
            }
            commas += 8 - nonZeroBytes(w ^ comma).nonzeroBitCount
            pos += 8
        }
        for i in pos..<range.upperBound where p[i] == UInt8(ascii: "]") {
            return (commas + countCommasBytewise(p, pos..<i), i)
        }
        return (commas + countCommasBytewise(p, pos..<range.upperBound), nil)
    }

    private static func countCommasBytewise(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int {
        var n = 0
        for i in range where p[i] == UInt8(ascii: ",") { n += 1 }
        return n
    }
}
