/// A buffer that parallel workers share, each writing only its own disjoint part (slice groups, one result slot per
/// worker): hdx's one wrapper for handing unsafe memory to other threads. The owner keeps the memory alive until
/// every worker has returned (`DispatchQueue.concurrentPerform` returns only then).
public struct SharedBuffer<Element>: @unchecked Sendable {
    // @unchecked: the type promises nothing by itself; every use writes disjoint indices from each worker and
    // reads only after all workers finished.
    public let pointer: UnsafeMutableBufferPointer<Element>

    public init(pointer: UnsafeMutableBufferPointer<Element>) {
        self.pointer = pointer
    }

    public subscript(i: Int) -> Element {
        get { pointer[i] }
        nonmutating set { pointer[i] = newValue }
    }

    public var count: Int { pointer.count }
}
