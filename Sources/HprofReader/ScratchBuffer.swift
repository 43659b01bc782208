/// A growable buffer of plain values for one worker's per-slice scratch (`SliceEdges`): an append is a capacity
/// compare and a store, without the uniqueness check and the call an `Array` append costs (four appends per object
/// over millions of objects). The owner calls `deallocate()` once done; never copied between workers.
struct ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1 << 12) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = value
        count += 1
    }

    @inline(__always)
    subscript(_ i: Int) -> Element { base[i] }

    /// Makes room for `n` elements in all without a further reallocation.
    mutating func reserve(_ n: Int) {
        if n > capacity { grow(to: n) }
    }

    mutating func removeAll() { count = 0 }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func grow(to n: Int) {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: n)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = n
    }

    func deallocate() { base.deallocate() }
}
