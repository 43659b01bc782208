import DumpProgress
import DumpInput
import HeapGraph

extension DumpFormat {
    /// Java heap dumps (HotSpot, Android, GraalVM native image).
    public static let hprof = DumpFormat(
        id: "hprof", shortName: "HPROF", displayName: "HPROF",
        expectation: "an HPROF header (\"JAVA PROFILE 1.0.x\")",
        movingIDsNote: "HPROF object ids are addresses that move between dumps",
        severalDumpsPerFile: true)
}

/// Reads HPROF files: they start with `JAVA PROFILE `.
public struct HprofDumpReader: DumpReader {
    public init() {}

    public var format: DumpFormat { .hprof }

    public func recognizes(_ head: UnsafeRawBufferPointer) -> Bool {
        head.starts(with: "JAVA PROFILE ".utf8)
    }

    public func read(_ file: MappedFile, dump: Int?, warnings: [String], progress: ProgressSink?) throws(DumpError)
        -> LoadedDump {
        let hprof = try HprofDump.load(file, dump: dump, extraWarnings: warnings, progress: progress)
        return LoadedDump(index: hprof.index, extras: hprof)
    }
}

extension HprofDump: DumpExtras {
    public var dumpsInFile: DumpsInFile? {
        dumpCount > 1 ? DumpsInFile(count: dumpCount, number: dumpNumber, heapBytes: dumpHeapBytes) : nil
    }
}
