import DumpInput
import DumpProgress
import HeapGraph
import HprofReader
import V8Reader
import HanaReader

/// Opens any supported dump: maps it (inflating gzip into a private temporary file first), detects the format from
/// its first bytes and hands it to that format's reader.
public enum DumpLoader {
    /// `dump`: which heap dump of an HPROF file that holds several (1-based; nil = the first). Other formats hold one
    /// dump: any number but 1 is an error.
    public static func load(path: String, dump: Int? = nil, progress: ProgressSink? = nil) throws(DumpError) -> LoadedDump {
        var file = try MappedFile(path: path)
        var warnings: [String] = []
        if GzipInflater.isGzip(file) {
            progress?.phase("inflating", 0)
            let (inflated, warning) = try GzipInflater.inflate(path)
            file = inflated
            if let warning { warnings.append(warning) }
        }
        guard let format = DumpFormat.detect(file.bytes) else {
            throw DumpError(file: path, offset: 0,
                            "not a heap dump: expected an HPROF header (\"JAVA PROFILE 1.0.x\"), a V8 heap snapshot "
                                + "(a JSON object starting with \"snapshot\") or a SAP HANA runtime dump")
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
}
