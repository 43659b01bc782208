/// A read-only array of fixed-size values that is either owned (built in memory by a reader) or a typed view of a
/// memory-mapped index file. The graph, the dominator tree and the id lookup store their per-node and per-edge
/// arrays as columns, so a reopened dump uses the mapped pages directly instead of copying them.
///
/// Element access is bounds-checked and as cheap as `ContiguousArray`'s; `withUnsafeBufferPointer` gives hot loops
/// the raw buffer. The memory stays valid as long as the column (or a copy of it) lives: `owner` keeps the array
/// or the mapping alive.
public struct Column<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    // @unchecked: read-only memory (nothing writes through `base` once the column exists), kept alive by `owner`.
    @usableFromInline let base: UnsafePointer<Element>?
    public let count: Int
    @usableFromInline let owner: AnyObject?
    /// For a column over a lazily verified index section: checks each chunk before its first read.
    @usableFromInline let gate: SectionGate?

    /// An empty column.
    public init() {
        base = nil
        count = 0
        owner = nil
        gate = nil
    }

    /// Takes over `array`. The array is kept, never mutated again, by a private box, so its storage does not move
    /// and its address can be used for as long as the box lives.
    public init(_ array: ContiguousArray<Element>) {
        let box = ColumnArrayBox(array)
        base = box.array.withUnsafeBufferPointer { $0.baseAddress }
        count = array.count
        owner = box
        gate = nil
    }

    /// A typed view of `bytes` (which must be aligned for `Element` and a whole number of elements), kept alive by
    /// `owner` (the mapping). Returns nil when the bytes do not fit. With a `gate`, every read is verified first.
    public init?(mapped bytes: UnsafeRawBufferPointer, owner: AnyObject, gate: SectionGate? = nil) {
        let stride = MemoryLayout<Element>.stride
        guard bytes.count % stride == 0 else { return nil }
        if bytes.count == 0 {
            self.init()
            return
        }
        guard let start = bytes.baseAddress,
              Int(bitPattern: start) % MemoryLayout<Element>.alignment == 0 else { return nil }
        self.init(base: start.assumingMemoryBound(to: Element.self), count: bytes.count / stride, owner: owner,
                  gate: gate)
    }

    /// `count` elements at `unsafeBase`, kept alive by `owner` (a `StoredArray`).
    init(unsafeBase: UnsafePointer<Element>?, count: Int, owner: AnyObject) {
        self.base = count == 0 ? nil : unsafeBase
        self.count = count
        self.owner = owner
        gate = nil
    }

    private init(base: UnsafePointer<Element>, count: Int, owner: AnyObject, gate: SectionGate?) {
        self.base = base
        self.count = count
        self.owner = owner
        self.gate = gate
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "Column index out of range")
        if let gate { gate.check(byteOffset: position &* MemoryLayout<Element>.stride) }
        return base.unsafelyUnwrapped[position]
    }

    /// The elements as one buffer (all of a lazily verified column is verified first).
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        gate?.checkAll()
        return try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Elements `range` as a buffer; of a lazily verified column only the chunks holding them are verified.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(_ range: Range<Int>,
                                                     _ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "Column range out of range")
        let stride = MemoryLayout<Element>.stride
        gate?.check(bytes: range.lowerBound &* stride..<range.upperBound &* stride)
        return try body(UnsafeBufferPointer(start: base.map { $0 + range.lowerBound }, count: range.count))
    }

    /// The elements as bytes (for writing the index).
    public var rawBytes: UnsafeRawBufferPointer {
        gate?.checkAll()
        return UnsafeRawBufferPointer(UnsafeBufferPointer(start: base, count: count))
    }
}

extension Column: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(ContiguousArray(elements)) }
}

extension Column: Equatable where Element: Equatable {
    public static func == (a: Column, b: Column) -> Bool { a.elementsEqual(b) }
}

extension Column: CustomStringConvertible {
    public var description: String { Array(self).description }
}

/// Keeps an array alive (and unmutated) for a column.
private final class ColumnArrayBox<Element> {
    let array: ContiguousArray<Element>
    init(_ array: ContiguousArray<Element>) { self.array = array }
}
