/// Decimal digits eight bytes at a time (SWAR: SIMD within a register). One unaligned 64-bit load classifies eight
/// bytes as digit or not without a branch per byte, and the digits of a number are combined by three multiplications
/// instead of one multiply-add per digit. Byte 0 of a loaded word is the first byte in the file (little-endian
/// order, made explicit so the code is also right on a big-endian machine).
enum SWARDigits {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes from `p` (no alignment needed), byte 0 in the low bits.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `w` that is not an ASCII digit; all other bits clear. Byte lanes never carry
    /// into each other: every intermediate value stays below 0x100 per byte.
    @inline(__always)
    static func nonDigits(_ w: UInt64) -> UInt64 {
        // A digit is 0x30...0x39: high nibble 3, low nibble below 10 (low nibble + 6 leaves bit 4 clear).
        let highNibble = (w & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030
        let lowTooBig = ((w & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010
        return nonZeroBytes(highNibble | lowTooBig)
    }

    /// The high bit of each byte of `x` that is not zero.
    @inline(__always)
    static func nonZeroBytes(_ x: UInt64) -> UInt64 {
        (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & high
    }

    /// How many leading bytes (in file order) of a word with non-digit mask `m` are digits: 0...8.
    @inline(__always)
    static func digitCount(_ m: UInt64) -> Int { m.trailingZeroBitCount >> 3 }

    /// The value of the first `count` (1...8) bytes of `w`, which must all be digits.
    @inline(__always)
    static func value(_ w: UInt64, count: Int) -> UInt64 {
        // Subtracting '0' borrows only upward, from the first non-digit on: the digits below it are exact. The
        // shift then drops everything after the digits and puts zeros (leading zero digits) in front of them.
        var x = (w &- 0x3030_3030_3030_3030) &<< UInt64((8 &- count) &* 8)
        x = (x &* 2561) >> 8                                       // pairs: 10 * first + second, in even bytes
        x = ((x & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16       // fours: 100 * pair + pair
        return ((x & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32   // 10_000 * four + four
    }

    /// The commas in `p[range]`, and the position of the first `]` in it if there is one (then the count stops
    /// there). Counts eight bytes per step.
    static func countCommas(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> (commas: Int, close: Int?) {
        var pos = range.lowerBound
        var commas = 0
        let comma: UInt64 = 0x2C * ones, bracket: UInt64 = 0x5D * ones
        while pos + 8 <= range.upperBound {
            let w = load(p + pos)
            let isBracket = nonZeroBytes(w ^ bracket) ^ high
            if isBracket != 0 {
                let at = pos + digitCount(isBracket)
                return (commas + countCommasBytewise(p, pos..<at), at)
            }
            commas += 8 - (nonZeroBytes(w ^ comma)).nonzeroBitCount
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
