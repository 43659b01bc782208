/// Record tags, heap sub-record tags and basic types of the HPROF format (HotSpot, Android 1.0.3, GraalVM).
enum RecordTag {
    static let utf8: UInt8 = 0x01
    static let loadClass: UInt8 = 0x02
    static let unloadClass: UInt8 = 0x03
    static let frame: UInt8 = 0x04
    static let trace: UInt8 = 0x05
    static let allocSites: UInt8 = 0x06
    static let heapSummary: UInt8 = 0x07
    static let startThread: UInt8 = 0x0A
    static let endThread: UInt8 = 0x0B
    static let heapDump: UInt8 = 0x0C
    static let cpuSamples: UInt8 = 0x0D
    static let controlSettings: UInt8 = 0x0E
    static let heapDumpSegment: UInt8 = 0x1C
    static let heapDumpEnd: UInt8 = 0x2C

    static let known: Set<UInt8> = [utf8, loadClass, unloadClass, frame, trace, allocSites, heapSummary, startThread,
                                    endThread, heapDump, cpuSamples, controlSettings, heapDumpSegment, heapDumpEnd]
}

enum HeapTag {
    static let rootUnknown: UInt8 = 0xFF
    static let rootJNIGlobal: UInt8 = 0x01
    static let rootJNILocal: UInt8 = 0x02
    static let rootJavaFrame: UInt8 = 0x03
    static let rootNativeStack: UInt8 = 0x04
    static let rootStickyClass: UInt8 = 0x05
    static let rootThreadBlock: UInt8 = 0x06
    static let rootMonitorUsed: UInt8 = 0x07
    static let rootThreadObject: UInt8 = 0x08
    static let classDump: UInt8 = 0x20
    static let instanceDump: UInt8 = 0x21
    static let objArrayDump: UInt8 = 0x22
    static let primArrayDump: UInt8 = 0x23
    // Android (JAVA PROFILE 1.0.3)
    static let rootInternedString: UInt8 = 0x89
    static let rootFinalizing: UInt8 = 0x8A
    static let rootDebugger: UInt8 = 0x8B
    static let rootReferenceCleanup: UInt8 = 0x8C
    static let rootVMInternal: UInt8 = 0x8D
    static let rootJNIMonitor: UInt8 = 0x8E
    static let unreachable: UInt8 = 0x90
    static let primArrayNoData: UInt8 = 0xC3
    static let heapDumpInfo: UInt8 = 0xFE
}

/// HPROF basic type codes.
enum BasicType {
    static let object: UInt8 = 2
    static let boolean: UInt8 = 4
    static let char: UInt8 = 5
    static let float: UInt8 = 6
    static let double: UInt8 = 7
    static let byte: UInt8 = 8
    static let short: UInt8 = 9
    static let int: UInt8 = 10
    static let long: UInt8 = 11

    /// Size in the dump (an object is an id); 0 for an unknown code.
    @inline(__always)
    static func size(_ type: UInt8, idSize: Int) -> Int {
        switch type {
        case object, 1: return idSize
        case boolean, byte: return 1
        case char, short: return 2
        case float, int: return 4
        case double, long: return 8
        default: return 0
        }
    }

    static func javaName(_ type: UInt8) -> String {
        switch type {
        case object, 1: return "Object"
        case boolean: return "boolean"
        case char: return "char"
        case float: return "float"
        case double: return "double"
        case byte: return "byte"
        case short: return "short"
        case int: return "int"
        case long: return "long"
        default: return "type\(type)"
        }
    }

    /// JVM descriptor letter of a primitive array element type.
    static func descriptor(_ type: UInt8) -> String? {
        switch type {
        case boolean: return "Z"
        case char: return "C"
        case float: return "F"
        case double: return "D"
        case byte: return "B"
        case short: return "S"
        case int: return "I"
        case long: return "J"
        default: return nil
        }
    }
}
