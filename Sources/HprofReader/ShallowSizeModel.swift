/// How big objects are in the heap: header and reference size, where array elements start, object alignment.
///
/// The dump records no sizes. `LayoutInference` reads the layout off the object addresses (they are dense, so the
/// distance to the next object is an object's size); this model then gives array sizes, and instance sizes for the
/// classes no address measured. Before that, and where the addresses do not look like a heap (hand-made or
/// renumbered dumps), the conventional HotSpot layout stands: a 12-byte header and 4-byte references with
/// compressed oops (16 and 8 without; 8 and 4 on 32-bit VMs and Android), arrays `header + 4 + n·element`, all
/// aligned to 8. GraalVM native images write real instance sizes into CLASS_DUMP, which are used when present.
struct ShallowSizeModel: Sendable {
    var idSize: Int
    var compressedOops: Bool
    /// Whether CLASS_DUMP instance sizes are real heap sizes (GraalVM native image).
    var trustsClassDumpSizes: Bool
    var headerSize: Int
    var referenceSize: Int
    /// Object alignment in bytes (a power of two, 8 unless `-XX:ObjectAlignmentInBytes`).
    var alignment: Int
    /// Offset of element 0 by element kind: `ArrayKind` 1-, 2-, 4-, 8-byte primitives, then references.
    var arrayBase: [Int]

    /// The conventional layout for this id size.
    init(idSize: Int, compressedOops: Bool, trustsClassDumpSizes: Bool) {
        self.idSize = idSize
        self.compressedOops = compressedOops
        self.trustsClassDumpSizes = trustsClassDumpSizes
        headerSize = idSize == 4 ? 8 : (compressedOops ? 12 : 16)
        referenceSize = idSize == 4 ? 4 : (compressedOops ? 4 : 8)
        alignment = 8
        arrayBase = Array(repeating: headerSize + 4, count: ArrayKind.count)
    }

    /// Array element kinds: index into `arrayBase`.
    enum ArrayKind {
        static let count = 5
        static let references = 4
        /// The kind of a primitive element of `size` bytes (1, 2, 4 or 8).
        @inline(__always)
        static func primitive(size: Int) -> Int { size >= 8 ? 3 : size >= 4 ? 2 : size >= 2 ? 1 : 0 }
    }

    @inline(__always)
    static func align(_ n: Int) -> Int { (n + 7) & ~7 }

    @inline(__always)
    func align(_ n: Int) -> Int { (n + alignment - 1) & ~(alignment - 1) }

    func fieldSize(_ type: UInt8) -> Int {
        type == BasicType.object ? referenceSize : BasicType.size(type, idSize: idSize)
    }

    @inline(__always)
    func objectArray(length n: Int) -> Int { align(arrayBase[ArrayKind.references] + n * referenceSize) }

    @inline(__always)
    func primitiveArray(length n: Int, elementSize: Int) -> Int {
        align(arrayBase[ArrayKind.primitive(size: elementSize)] + n * elementSize)
    }
}
