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

    /// `reader.read`; a HANA trace read streaming (above the budget, see `HanaDump.storage(for:progress:)`) gives
    /// its pages back afterwards.
    static func read(_ reader: any DumpReader, _ file: MappedFile, dump: Int?, warnings: [String],
                     progress: ProgressSink?) throws(DumpError) -> LoadedDump {
        let loaded = try reader.read(file, dump: dump, warnings: warnings, progress: progress)
        // Read streaming: the model holds what it needs; the trace's pages come back from the file when read again.
        if reader.format == .hana, MemoryBudget.streamingPlan(fileBytes: file.count).outOfCore { file.releaseAll() }
        return loaded
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
