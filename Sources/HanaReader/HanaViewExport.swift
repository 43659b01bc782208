#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput

/// Writes `[STATISTICS]` views as CSV files (what the Dump Viewer's `-mv` does): one `<VIEW>.csv` per view, header
/// row first, RFC 4180 quoting, comma-separated, files mode 0600.
extension HanaDump {
    /// A file name for a view: its name with anything but letters, digits, `_`, `-`, `.`, `$`, `#` replaced by `_`.
    public static func csvFileName(for view: String) -> String {
        var s = String(view.map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || "_-.$#".contains(c)) ? c : "_"
        })
        if s.hasPrefix(".") { s = "_" + s.dropFirst() }
        if s.isEmpty { s = "_" }
        return s + ".csv"
    }

    /// Writes one view as CSV to `path` (through `PrivateFile`: a new file, mode 0600, never through a symlink, never
    /// over one of `inputs`).
    public func writeCSV(_ view: HanaView, to path: String, inputs: [String] = []) throws(DumpError) {
        try PrivateFile.create(path, inputs: inputs) { (out: PrivateFileWriter) throws(DumpError) in
            var failure: DumpError?
            func emit(_ fields: [String]) {
                guard failure == nil else { return }
                do throws(DumpError) {
                    try out.write(fields.map(HanaView.csvField).joined(separator: ",").utf8)
                    try out.write(CollectionOfOne(0x0A))
                } catch {
                    failure = error
                }
            }
            emit(view.columns)
            forEachRow(of: view) { fields, _ in
                emit(fields)
                return failure == nil
            }
            if let failure { throw failure }
        }
    }

    /// Writes every view into `directory` (created with mode 0700 when missing); returns the files written.
    @discardableResult
    /// `inputs` are the dumps being read: a view file that is one of them is refused.
    public func writeViews(to directory: String, only names: Set<String>? = nil,
                           inputs: [String] = []) throws(DumpError) -> [String] {
        var st = stat()
        if stat(directory, &st) != 0 {
            guard mkdir(directory, 0o700) == 0 else {
                throw DumpError(file: directory, "cannot create directory: \(String(cString: strerror(errno)))")
            }
        } else if (st.st_mode & S_IFMT) != S_IFDIR {
            throw DumpError(file: directory, "not a directory")
        }
        var written: [String] = []
        var used = Set<String>()
        for v in views where names == nil || names!.contains(v.name) {
            var name = HanaDump.csvFileName(for: v.name)
            var k = 2
            while used.contains(name) { name = HanaDump.csvFileName(for: "\(v.name)_\(k)"); k += 1 }
            used.insert(name)
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            try writeCSV(v, to: path, inputs: inputs)
            written.append(path)
        }
        return written
    }
}
