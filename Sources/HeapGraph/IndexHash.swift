/// A fast non-cryptographic 64-bit hash: four independent multiply-xor lanes over 8-byte words. It checks the
/// persisted index (torn writes, bit flips, truncation of our own file) and keys dumps; it is not a defence against
/// a file planted on purpose (the index is refused by owner and mode before it is read).
public enum IndexHash {
    public static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a0: UInt64 = 0x243F_6A88_85A3_08D3, a1: UInt64 = 0x1319_8A2E_0370_7344
        var a2: UInt64 = 0xA409_3822_299F_31D0, a3: UInt64 = 0x082E_FA98_EC4E_6C89
        var i = 0
        let n = b.count
        if let base = b.baseAddress {
            while i + 32 <= n {
                a0 = ((a0 ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k)
                a1 = ((a1 ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k)
                a2 = ((a2 ^ base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k)
                a3 = ((a3 ^ base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k)
                a0 ^= a0 >> 31; a1 ^= a1 >> 31; a2 ^= a2 >> 31; a3 ^= a3 >> 31
                i += 32
            }
            while i < n {
                a0 = (a0 ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* k
                a0 ^= a0 >> 31
                i += 1
            }
        }
        var h = UInt64(n) &* k
        for a in [a0, a1, a2, a3] {
            h = (h ^ a) &* k
            h ^= h >> 29
        }
        return h
    }
}
