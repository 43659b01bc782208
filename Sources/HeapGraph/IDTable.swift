/// An open-addressing map from ids to `UInt32`: the nodes of the ids outside the sorted run of `IDLookup` (HPROF
/// class objects, or objects of a second address range), and the HPROF reader's class ids to class indices. A
/// multiply-shift hash and linear probing at most half full, instead of a `Dictionary` whose SipHash costs more than
/// the rest of a lookup. Key 0 is never stored (0 is the null id).
public struct IDTable: Sendable {
    @usableFromInline var keys: ContiguousArray<UInt64>
    @usableFromInline var values: ContiguousArray<UInt32>
    @usableFromInline let mask: Int
    @usableFromInline let shift: UInt64
    public private(set) var count = 0

    public init(capacity: Int) {
        var size = 2
        var bits: UInt64 = 1
        while size < capacity * 2 { size <<= 1; bits += 1 }
        keys = ContiguousArray(repeating: 0, count: size)
        values = ContiguousArray(repeating: 0, count: size)
        mask = size - 1
        shift = 64 - bits
    }

    @inlinable @inline(__always)
    func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Stores `value` for `key`; a later `set` of the same key wins, as a dictionary assignment would.
    mutating func set(_ key: UInt64, _ value: UInt32) {
        guard key != 0 else { return }
        var i = slot(key)
        while keys[i] != 0 {
            if keys[i] == key { values[i] = value; return }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        count += 1
    }

    /// The node of `key`, 0 when absent.
    @inline(__always)
    func get(_ key: UInt64) -> UInt32 {
        keys.withUnsafeBufferPointer { k in
            var i = slot(key)
            while k[i] != 0 {
                if k[i] == key { return values[i] }
                i = (i + 1) & mask
            }
            return 0
        }
    }

    /// Stores `value` for `key` unless the key is there already (the first value wins); false when it was, or when
    /// the key is 0.
    @discardableResult
    public mutating func insert(_ key: UInt64, _ value: UInt32) -> Bool {
        guard key != 0 else { return false }
        var i = slot(key)
        while keys[i] != 0 {
            if keys[i] == key { return false }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        count += 1
        return true
    }

    /// The value of `key`, nil when absent (for tables whose values include 0). Inlinable: the HPROF reader asks it
    /// for the class of every object.
    @inlinable @inline(__always)
    public func value(of key: UInt64) -> UInt32? {
        keys.withUnsafeBufferPointer { k in
            var i = slot(key)
            while k[i] != 0 {
                if k[i] == key { return values[i] }
                i = (i + 1) & mask
            }
            return nil
        }
    }
}
