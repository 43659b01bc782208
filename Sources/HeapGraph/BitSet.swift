/// A bit per edge or node: V8's edge facts, the explorer's listed rows.
public struct BitSet: Sendable {
    public private(set) var words: ContiguousArray<UInt64>

    public init(count: Int) { words = ContiguousArray(repeating: 0, count: (count + 63) / 64) }
    public init(words: ContiguousArray<UInt64>) { self.words = words }

    @inline(__always) public func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    @inline(__always) public mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
}
