/// How big objects are in the heap. The dump records no sizes; like VisualVM we model HotSpot's layout: a 12-byte
/// header and 4-byte references with compressed oops (16 and 8 without; 8 and 4 on 32-bit VMs and Android), fields
/// summed over the class chain, arrays `header + 4 + n·element`, everything aligned to 8. GraalVM native images
/// write real instance sizes into CLASS_DUMP, which are used when present.
struct ShallowSizeModel: Sendable {
    var idSize: Int
    var compressedOops: Bool
    /// Whether CLASS_DUMP instance sizes are real heap sizes (GraalVM native image).
    var trustsClassDumpSizes: Bool

    var headerSize: Int { idSize == 4 ? 8 : (compressedOops ? 12 : 16) }
    var referenceSize: Int { idSize == 4 ? 4 : (compressedOops ? 4 : 8) }
    var arrayHeaderSize: Int { headerSize + 4 }

    @inline(__always)
    static func align(_ n: Int) -> Int { (n + 7) & ~7 }

    func fieldSize(_ type: UInt8) -> Int {
        type == BasicType.object ? referenceSize : BasicType.size(type, idSize: idSize)
    }

    @inline(__always)
    func objectArray(length n: Int) -> Int { ShallowSizeModel.align(arrayHeaderSize + n * referenceSize) }

    @inline(__always)
    func primitiveArray(length n: Int, elementSize: Int) -> Int {
        ShallowSizeModel.align(arrayHeaderSize + n * elementSize)
    }
}
