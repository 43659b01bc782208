import DumpProgress
import DumpInput
import HeapGraph

extension DumpFormat {
    /// SAP HANA runtime dumps (`*.rtedump.*.trc`): the allocator tree stands in for classes.
    public static let hana = DumpFormat(
        id: "hana", shortName: "HANA", displayName: "SAP HANA runtime dump",
        expectation: "a SAP HANA runtime dump", grouping: .allocator, leakSuspects: false,
        words: .hana)
}

/// Reads SAP HANA runtime dumps: text with a trace header or one of the usual section tags in the first 4 KiB (a
/// JSON object is never one).
public struct HanaDumpReader: DumpReader {
    public init() {}

    public var format: DumpFormat { .hana }

    static let markers = ["[BUILD]", "[MEMORY_OOM]", "[STACK_SHORT]", "[CRASH_STACK]", "[OS_MEMORY]", "[THREADS]",
                          "[STATISTICS]", "[INDEXMANAGER_WAITGRAPH]", "[CRASH_SHORTINFO]", "[MEMMAP]",
                          "Runtime Dump", "runtime dump", "SAP HANA", "TOC:", "[PROCESS_INFO]", "[SYSTEM_INFO]"]

    public func recognizes(_ head: UnsafeRawBufferPointer) -> Bool {
        if let start = JSONStart.firstByte(head), head[start] == UInt8(ascii: "{") { return false }
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        return HanaDumpReader.markers.contains { text.contains($0) }
    }

    public func read(_ file: MappedFile, dump: Int?, warnings: [String], progress: ProgressSink?) throws(DumpError)
        -> LoadedDump {
        if let dump, dump != 1 { throw DumpError(file: file.path, offset: file.count, DumpsInFile.outOfRange(dump, count: 1)) }
        let hana = try HanaDump.load(file, extraWarnings: warnings, progress: progress)
        return LoadedDump(index: hana.index, extras: hana)
    }
}

extension HanaDump: DumpExtras {}
