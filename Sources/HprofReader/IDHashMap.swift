/// A small open-addressing map from 64-bit ids to `UInt32` (class ids to class indices): one multiply and, almost
/// always, one probe per lookup, on the hot path of every object.
struct IDHashMap: Sendable {
    private var keys: ContiguousArray<UInt64>
    private var values: ContiguousArray<UInt32>
    private var used: ContiguousArray<Bool>
    private let mask: Int
    private let shift: UInt64
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity * 4 { size <<= 1; bits += 1 }
        keys = ContiguousArray(repeating: 0, count: size)
        values = ContiguousArray(repeating: 0, count: size)
        used = ContiguousArray(repeating: false, count: size)
        mask = size - 1
        shift = 64 - bits
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Inserts unless present; returns false when the key was already there.
    @discardableResult
    mutating func insert(_ key: UInt64, _ value: UInt32) -> Bool {
        var i = slot(key)
        while used[i] {
            if keys[i] == key { return false }
            i = (i + 1) & mask
        }
        used[i] = true
        keys[i] = key
        values[i] = value
        count += 1
        return true
    }

    @inline(__always)
    func get(_ key: UInt64) -> UInt32? {
        var i = slot(key)
        while used[i] {
            if keys[i] == key { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }
}
