/// Big- and little-endian unaligned loads from mapped bytes. Callers check bounds once per record, not per load.
extension UnsafeRawPointer {
    @inlinable @inline(__always)
    public func u8(_ offset: Int) -> UInt8 { load(fromByteOffset: offset, as: UInt8.self) }

    @inlinable @inline(__always)
    public func u16be(_ offset: Int) -> UInt16 { UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }

    @inlinable @inline(__always)
    public func u32be(_ offset: Int) -> UInt32 { UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }

    @inlinable @inline(__always)
    public func u64be(_ offset: Int) -> UInt64 { UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }

    /// An identifier of `size` bytes (4 or 8), big-endian.
    @inlinable @inline(__always)
    public func idbe(_ offset: Int, size: Int) -> UInt64 {
        size == 8 ? u64be(offset) : UInt64(u32be(offset))
    }
}
