import DumpInput
import DumpProgress
import HanaReader
import HeapGraph

/// Opens any supported dump: maps it (inflating gzip into a private temporary file first), finds the reader from
/// its first bytes (`DumpReaders`) and hands the file to it.
public enum DumpLoader {
    /// `dump`: which heap dump of a file that holds several (1-based; nil = the first). Formats that hold one dump
    /// per file treat any number but 1 as an error.
    /// Through the persisted index when `PersistedIndex.enabled` (see PersistedIndex.swift).
    public static func load(path: String, dump: Int? = nil, progress: ProgressSink? = nil) throws(DumpError) -> LoadedDump {
        try PersistedIndex.load(path: path, dump: dump, progress: progress)
    }

    /// Reads the dump itself, never the persisted index.
    public static func loadWithoutIndex(path: String, dump: Int? = nil,
                                        progress: ProgressSink? = nil) throws(DumpError) -> LoadedDump {
        let (file, warnings) = try open(path: path, progress: progress)
        guard let reader = DumpReaders.reader(for: file.bytes) else {
            throw DumpError(file: path, offset: 0, DumpReaders.notADump)
        }
        return try read(reader, file, dump: dump, warnings: warnings, progress: progress)
    }

    /// `reader.read`, with the streaming note of a HANA trace above the budget (see `streamingNote`).
    static func read(_ reader: any DumpReader, _ file: MappedFile, dump: Int?, warnings: [String],
                     progress: ProgressSink?) throws(DumpError) -> LoadedDump {
        let streaming = streamingNote(reader, file, progress)
        let loaded = try reader.read(file, dump: dump, warnings: warnings + streaming, progress: progress)
        // Read streaming: the model holds what it needs; the trace's pages come back from the file when read again.
        if !streaming.isEmpty { file.releaseAll() }
        return loaded
    }

    /// HANA traces are read in one pass over their mapping whatever their size (their model is bounded by the
    /// text); above the memory budget the summary says so (see `MemoryBudget.streamingPlan`). The other formats
    /// decide in their reader (out of core).
    static func streamingNote(_ reader: any DumpReader, _ file: MappedFile, _ progress: ProgressSink?) -> [String] {
        guard reader.format == .hana else { return [] }
        let plan = MemoryBudget.streamingPlan(fileBytes: file.count)
        guard plan.outOfCore, let reason = plan.reason else { return [] }
        progress?.phase(plan.shortReason ?? "streaming", 0)
        return [reason]
    }

    /// Maps `path`, inflating it first when it is gzip; returns the bytes and warnings about the compressed stream.
    /// Every command that reads a dump opens it here (one place for the regular-file check, the private unlinked
    /// temporary file and the bounds on inflation). A gzip file whose first inflated bytes are not a dump stops there.
    public static func open(path: String, progress: ProgressSink? = nil) throws(DumpError)
        -> (file: MappedFile, warnings: [String]) {
        let file = try MappedFile(path: path)
        guard GzipInflater.isGzip(file) else { return (file, []) }
        progress?.phase("inflating", 0)
        let (inflated, warning) = try GzipInflater.inflate(
            file,
            accept: { head in DumpReaders.reader(for: head) == nil ? "inflated from gzip, " + DumpReaders.notADump : nil },
            progress: progress.map { sink in
                { fraction in
                    sink.phase("inflating", fraction)
                    return !sink.isCancelled
                }
            })
        return (inflated, warning.map { [$0] } ?? [])
    }
}
