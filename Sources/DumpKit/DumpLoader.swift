import DumpInput
import HeapGraph

/// Opens any supported dump: maps it (inflating gzip into a private temporary file first), finds the reader from
/// its first bytes (`DumpReaders`) and hands the file to it.
public enum DumpLoader {
    /// `dump`: which heap dump of a file that holds several (1-based; nil = the first). Formats that hold one dump
    /// per file treat any number but 1 as an error.
    public static func load(path: String, dump: Int? = nil, progress: ProgressSink? = nil) throws(DumpError) -> LoadedDump {
        var file = try MappedFile(path: path)
        var warnings: [String] = []
        if GzipInflater.isGzip(file) {
            progress?.phase("inflating", 0)
            let (inflated, warning) = try GzipInflater.inflate(path)
            file = inflated
            if let warning { warnings.append(warning) }
        }
        guard let reader = DumpReaders.reader(for: file.bytes) else {
            throw DumpError(file: path, offset: 0, DumpReaders.notADump)
        }
        return try reader.read(file, dump: dump, warnings: warnings, progress: progress)
    }
}
