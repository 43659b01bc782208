import DumpInput
import HeapGraph
import HprofReader
import V8Reader
import HanaReader

/// Opens any supported dump: maps it (inflating gzip into a private temporary file first), detects the format from
/// its first bytes and hands it to that format's reader.
public enum DumpLoader {
    /// `dump`: which heap dump of an HPROF file that holds several (1-based; nil = the first). Other formats hold one
    /// dump: any number but 1 is an error.
    /// Through the persisted index when `PersistedIndex.enabled` (see PersistedIndex.swift).
    public static func load(path: String, dump: Int? = nil, progress: ProgressSink? = nil) throws(DumpError) -> LoadedDump {
        try PersistedIndex.load(path: path, dump: dump, progress: progress) { () throws(DumpError) -> LoadedDump in
            try loadWithoutIndex(path: path, dump: dump, progress: progress)
        }
    }

    /// Reads the dump itself, never the persisted index.
    public static func loadWithoutIndex(path: String, dump: Int? = nil,
                                        progress: ProgressSink? = nil) throws(DumpError) -> LoadedDump {
        let (file, warnings) = try open(path: path, progress: progress)
        guard let format = DumpFormat.detect(file.bytes) else {
            throw DumpError(file: path, offset: 0, notADump)
        }
        if let dump, format != .hprof, dump != 1 {
            throw DumpError(file: path, offset: file.count, MultipleDumps.outOfRange(dump, count: 1))
        }
        switch format {
        case .hprof:
            let dump = try HprofDump.load(file, dump: dump, extraWarnings: warnings, progress: progress)
            return LoadedDump(format: .hprof, index: dump.index, hprof: dump)
        case .v8:
            let snapshot = try V8Snapshot.load(file, extraWarnings: warnings, progress: progress)
            return LoadedDump(format: .v8, index: snapshot.index, v8: snapshot)
        case .hana:
            let dump = try HanaDump.load(file, extraWarnings: warnings, progress: progress)
            return LoadedDump(format: .hana, index: dump.index, hana: dump)
        }
    }

    static let notADump = "not a heap dump: expected an HPROF header (\"JAVA PROFILE 1.0.x\"), a V8 heap snapshot "
        + "(a JSON object starting with \"snapshot\") or a SAP HANA runtime dump"

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
            accept: { head in DumpFormat.detect(head) == nil ? "inflated from gzip, " + notADump : nil },
            progress: progress.map { sink in
                { fraction in
                    sink.phase("inflating", fraction)
                    return !sink.isCancelled
                }
            })
        return (inflated, warning.map { [$0] } ?? [])
    }
}
