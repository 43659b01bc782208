import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inflates a gzip file (one or more concatenated members, as `jcmd GC.heap_dump -gz=N` writes) into a private
/// temporary file in `$TMPDIR` (default /tmp) and maps it.
///
/// The temporary file has no name (`O_TMPFILE`; elsewhere it is unlinked the moment it is created) and is only reached
/// through its descriptor: no name shows in the directory, and whatever ends the process (a signal, SIGKILL, a cancelled load) leaves nothing behind.
/// Bounds: the first inflated bytes must look like a dump (`accept`), or inflation stops at once; the gzip trailer's
/// size (ISIZE, the inflated size mod 2^32, so a lower bound) must fit in the free space of the temporary directory,
/// and inflation stops before the directory's free space drops below `reserve(free)`.
public enum GzipInflater {
    /// Free space kept in the temporary directory, 5% of it up to 64 MiB: hdx never fills a disk to the last byte.
    public static func reserve(_ free: Int) -> Int { min(free / 20, 64 << 20) }
    /// How many inflated bytes `accept` sees (or fewer when the stream is shorter).
    public static let headBytes = 4096

    /// True when the bytes start with the gzip magic number.
    public static func isGzip(_ file: MappedFile) -> Bool {
        file.count >= 2 && file.base.u8(0) == 0x1f && file.base.u8(1) == 0x8b
    }

    /// Bytes free for an unprivileged writer on the file system holding `fd` (nil when unknown).
    public static func freeBytes(_ fd: Int32) -> Int? {
        var vfs = statvfs()
        guard fstatvfs(fd, &vfs) == 0 else { return nil }
        let (product, overflow) = Int(vfs.f_bavail).multipliedReportingOverflow(by: Int(vfs.f_frsize))
        return overflow ? Int.max : product
    }

    /// The temporary directory: `$TMPDIR` when set and not empty, else /tmp.
    public static var temporaryDirectory: String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        return "/tmp"
    }

    /// Inflates `source` (a mapped gzip file). `accept` sees the first inflated bytes and returns an error message
    /// when they are not a dump. `progress` gets the fraction of the compressed input consumed and returns false to
    /// cancel. `temporaryDirectory` and `freeSpace` are replaceable for tests. Returns the inflated bytes and a warning when the stream ends
    /// early or is damaged after some output.
    public static func inflate(_ source: MappedFile,
                               accept: (UnsafeRawBufferPointer) -> String?,
                               progress: ((Double) -> Bool)? = nil,
                               temporaryDirectory tmpDir: String = GzipInflater.temporaryDirectory,
                               freeSpace: (Int32) -> Int? = GzipInflater.freeBytes) throws(DumpError)
        -> (MappedFile, warning: String?) {
        let path = source.path
        let fd = try createUnlinkedTemporary(in: tmpDir, for: path)
        defer { close(fd) }

        let budget = try spaceBudget(source, fd: fd, temporaryDirectory: tmpDir, freeSpace: freeSpace)

        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DumpError(file: path, "cannot start inflating (zlib: out of memory)")
        }
        defer { inflateEnd(&stream) }

        let chunk = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var consumed = 0           // compressed bytes handed to zlib so far
        var total = 0              // inflated bytes written
        var head: [UInt8] = []     // the first inflated bytes, for `accept`
        var headChecked = false
        var warning: String?
        let input = UnsafeMutablePointer(mutating: source.base.assumingMemoryBound(to: Bytef.self))

        func checkHead() throws(DumpError) {
            guard !headChecked else { return }
            headChecked = true
            let verdict = head.withUnsafeBytes { accept($0) }
            if let verdict { throw DumpError(file: path, offset: 0, verdict) }
        }

        loop: while true {
            if stream.avail_in == 0 {
                let take = min(source.count - consumed, 1 << 30)
                stream.next_in = input + consumed
                stream.avail_in = UInt32(take)
                consumed += take
            }
            stream.next_out = buffer.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(chunk)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = chunk - Int(stream.avail_out)
            if produced > 0 {
                if total + produced > budget {
                    throw DumpError(file: path, "inflating needs more than the \(budget) bytes hdx may use "
                                        + "in \(tmpDir) (stopped after \(total) bytes); set TMPDIR to a larger directory")
                }
                try writeAll(fd, buffer, produced, path: path, tmpDir: tmpDir, total: total)
                if head.count < headBytes {
                    head.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: min(produced, headBytes - head.count)))
                }
                total += produced
                if head.count >= headBytes { try checkHead() }
            }
            let position = consumed - Int(stream.avail_in)
            if let progress, !progress(Double(position) / Double(max(source.count, 1))) {
                throw DumpError.cancelled(file: path)
            }
            let exhausted = stream.avail_in == 0 && consumed >= source.count
            switch try step(after: status, &stream, source, position: position, inputExhausted: exhausted, total: total) {
            case .more: continue
            case .end(let w): warning = w; break loop
            }
        }
        guard total > 0 else {
            throw DumpError(file: path, offset: 0, "expected gzip-compressed data, found none")
        }
        try checkHead()
        let mapped = try MappedFile(fd: fd, reportAs: path)
        return (mapped, warning)
    }

    /// What the inflate loop does after one `inflate` call.
    private enum Step { case more, end(warning: String?) }

    /// The inflate loop's reading of zlib's status: go on (a new member starts after `position`, or zlib wants more
    /// input), stop (the last member ended; the input ends inside a member, or is damaged, after some output: with
    /// a warning), or throw (no output at all, or out of memory).
    private static func step(after status: Int32, _ stream: inout z_stream, _ source: MappedFile, position: Int,
                             inputExhausted: Bool, total: Int) throws(DumpError) -> Step {
        let path = source.path
        switch status {
        case Z_OK:
            return .more
        case Z_STREAM_END:
            // Another member follows when the next bytes are the gzip magic; anything else is ignored (as gzip does).
            if source.count - position >= 2 && source.base.u8(position) == 0x1f && source.base.u8(position + 1) == 0x8b {
                inflateReset(&stream)
                return .more
            }
            return .end(warning: nil)
        case Z_BUF_ERROR where inputExhausted:
            if total == 0 { throw DumpError(file: path, offset: 0, "expected gzip-compressed data, found none") }
            return .end(warning: "the gzip stream is truncated after \(total) inflated bytes; read what came before")
        case Z_BUF_ERROR:
            return .more
        case Z_MEM_ERROR:
            throw DumpError(file: path, "out of memory while inflating")
        default:
            let msg = stream.msg.map { String(cString: $0) } ?? "error \(status)"
            if total == 0 {
                throw DumpError(file: path, offset: position, "expected a gzip stream: \(msg)")
            }
            return .end(warning: "the gzip stream is damaged after \(total) inflated bytes (\(msg)); read what came before")
        }
    }

    /// The bytes inflation may write: the free space of the temporary directory less `reserve`. The trailer of the
    /// last member holds its inflated size mod 2^32: the whole file is at least that big, so a file that cannot fit
    /// fails before inflating. (In a truncated file these bytes are compressed data: trusted only up to deflate's
    /// largest ratio, 1032:1.)
    private static func spaceBudget(_ source: MappedFile, fd: Int32, temporaryDirectory tmpDir: String,
                                    freeSpace: (Int32) -> Int?) throws(DumpError) -> Int {
        var trailerSize = source.count >= 18 ? Int(UInt32(littleEndian: source.base.loadUnaligned(
            fromByteOffset: source.count - 4, as: UInt32.self))) : 0
        if trailerSize > source.count * 1032 { trailerSize = 0 }
        guard let free = freeSpace(fd) else { return Int.max }
        let budget = max(free - reserve(free), 0)
        if trailerSize > budget {
            throw DumpError(file: source.path, "inflating needs at least \(trailerSize) bytes in \(tmpDir) "
                                + "(from the gzip trailer), only \(budget) of its \(free) free bytes may be used; set TMPDIR to a larger directory")
        }
        return budget
    }

    /// A new file in `dir` that has no name: `O_TMPFILE` where the file system supports it, else `mkstemp` and an
    /// immediate unlink. It lives as long as its descriptor (and mappings of it).
    static func createUnlinkedTemporary(in dir: String, for path: String) throws(DumpError) -> Int32 {
        #if os(Linux)
        let tmpfile = Int32(0o20000000) | O_DIRECTORY   // O_TMPFILE (a composite macro Swift does not import)
        let anonymous = open(dir, tmpfile | O_RDWR | O_CLOEXEC, 0o600)
        if anonymous >= 0 { return anonymous }
        #endif
        var template = Array("\(dir)/.hdx-inflate-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw DumpError(file: path, "cannot create a temporary file in \(dir) to inflate into: "
                                + String(cString: strerror(errno)))
        }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fchmod(fd, 0o600)
        return fd
    }

    static func writeAll(_ fd: Int32, _ p: UnsafeRawPointer, _ count: Int, path: String, tmpDir: String,
                         total: Int) throws(DumpError) {
        var written = 0
        while written < count {
            let w = write(fd, p + written, count - written)
            if w < 0 && errno == EINTR { continue }
            guard w > 0 else {
                let e = w < 0 ? errno : ENOSPC
                if e == ENOSPC || e == EDQUOT {
                    throw DumpError(file: path, "inflating ran out of space in \(tmpDir) after \(total + written) "
                                        + "bytes; set TMPDIR to a larger directory")
                }
                throw DumpError(file: path, "cannot write the inflated dump to \(tmpDir): \(String(cString: strerror(e)))")
            }
            written += w
        }
    }
}
