/// Edges are stored as one `UInt32` each: the target node in the low 31 bits and, in the top bit, whether the
/// reference is weak (it does not keep its target alive: Java `Reference.referent`, V8 weak and shortcut edges).
/// Weak edges are shown as references but are left out of dominators and paths to GC roots.
public enum Edge {
    public static let weakBit: UInt32 = 0x8000_0000
    public static let targetMask: UInt32 = 0x7FFF_FFFF
    /// The largest number of nodes (super-root included) an index can hold.
    public static let maxNodes = Int(targetMask)

    @inlinable @inline(__always)
    public static func make(_ target: UInt32, weak: Bool) -> UInt32 { weak ? target | weakBit : target }

    @inlinable @inline(__always)
    public static func target(_ raw: UInt32) -> UInt32 { raw & targetMask }

    @inlinable @inline(__always)
    public static func isWeak(_ raw: UInt32) -> Bool { raw & weakBit != 0 }
}
