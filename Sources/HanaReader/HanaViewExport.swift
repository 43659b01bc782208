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

    /// Writes one view as CSV to `path`.
    public func writeCSV(_ view: HanaView, to path: String) throws(DumpError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DumpError(file: path, "cannot create: \(String(cString: strerror(errno)))") }
        _ = fchmod(fd, 0o600)
        defer { close(fd) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var failed: Int32 = 0
        func flush() {
            var off = 0
            while off < buffer.count, failed == 0 {
                let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + off, buffer.count - off) }
                if n < 0 { if errno != EINTR { failed = errno } } else { off += n }
            }
            buffer.removeAll(keepingCapacity: true)
        }
        func emit(_ fields: [String]) {
            buffer.append(contentsOf: fields.map(HanaView.csvField).joined(separator: ",").utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 16 { flush() }
        }
        emit(view.columns)
        forEachRow(of: view) { fields, _ in
            emit(fields)
            return failed == 0
        }
        flush()
        if failed != 0 { throw DumpError(file: path, "cannot write: \(String(cString: strerror(failed)))") }
    }

    /// Writes every view into `directory` (created with mode 0700 when missing); returns the files written.
    @discardableResult
    public func writeViews(to directory: String, only names: Set<String>? = nil) throws(DumpError) -> [String] {
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
            try writeCSV(v, to: path)
            written.append(path)
        }
        return written
    }
}
