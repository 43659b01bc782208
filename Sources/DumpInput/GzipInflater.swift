import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inflates a gzip file (one or more concatenated members, as `jcmd GC.heap_dump -gz=N` writes) into a private
/// temporary file, maps it and unlinks it at once, so nothing is left behind and only this process can read it.
public enum GzipInflater {
    /// True when the bytes start with the gzip magic number.
    public static func isGzip(_ file: MappedFile) -> Bool {
        file.count >= 2 && file.base.u8(0) == 0x1f && file.base.u8(1) == 0x8b
    }

    /// Returns the inflated bytes as a mapping, and a warning when the compressed stream ended early.
    public static func inflate(_ path: String) throws(DumpError) -> (MappedFile, warning: String?) {
        guard let gz = gzopen(path, "rb") else {
            throw DumpError(file: path, offset: 0, "cannot open the gzip stream")
        }
        defer { gzclose(gz) }
        _ = gzbuffer(gz, 1 << 20)
        let tmpDir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(tmpDir)/hdx-inflated-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw DumpError(file: path, "cannot create a temporary file in \(tmpDir) to inflate into")
        }
        let tmpPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fchmod(fd, 0o600)
        defer { close(fd); unlink(tmpPath) }

        let chunk = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        var warning: String?
        while true {
            let n = gzread(gz, buffer, UInt32(chunk))
            if n < 0 {
                var errnum: Int32 = 0
                let msg = gzerror(gz, &errnum).map { String(cString: $0) } ?? "error"
                if total == 0 {
                    throw DumpError(file: path, offset: 0, "expected a gzip stream: \(msg)")
                }
                warning = "the gzip stream is damaged after \(total) inflated bytes (\(msg)); read what came before"
                break
            }
            if n == 0 { break }
            var written = 0
            while written < Int(n) {
                let w = write(fd, buffer + written, Int(n) - written)
                guard w > 0 else {
                    throw DumpError(file: path, "cannot write the inflated dump to \(tmpDir): \(String(cString: strerror(errno)))")
                }
                written += w
            }
            total += Int(n)
        }
        if warning == nil {
            var errnum: Int32 = 0
            _ = gzerror(gz, &errnum)
            if errnum == Z_BUF_ERROR {
                warning = "the gzip stream is truncated after \(total) inflated bytes; read what came before"
            }
        }
        guard total > 0 else {
            throw DumpError(file: path, offset: 0, "expected gzip-compressed data, found none")
        }
        let mapped = try MappedFile(path: tmpPath, reportAs: path)
        return (mapped, warning)
    }
}
