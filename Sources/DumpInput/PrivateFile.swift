#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file hdx writes (HTML reports, CSV views, stripped dumps, exports) goes through here.
///
/// Guarantees: the file is new, mode 0600 and only ever reached under its final name complete. It is written under a
/// temporary name `.NAME.hdx-XXXXXXXX` in the same directory, created with `O_CREAT|O_EXCL|O_NOFOLLOW` (so never
/// through a symbolic link or into an existing file), then renamed over `path`. An existing regular file at `path` is
/// replaced by that rename: its name now points to the new file, its old contents and inode (and any hard link to it)
/// are left untouched. hdx refuses, with one line and no file written:
/// - a `path` that is a symbolic link (even one to a harmless place: hdx never writes through a link),
/// - a `path` that is a directory, FIFO, device or socket,
/// - a `path` that is one of the `inputs` (the dumps being read), compared by device and inode, so a symlink or hard
///   link to the dump is refused too.
/// On any error the temporary file is removed and nothing at `path` changes; so it is when SIGINT, SIGTERM, SIGHUP or
/// SIGQUIT ends hdx meanwhile (`PendingFiles`). hdx never chmods a file it did not create.
public enum PrivateFile {
    /// Writes `bytes` to `path` as described above.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, inputs: [String] = []) throws(DumpError) {
        try create(path, inputs: inputs) { (out: PrivateFileWriter) throws(DumpError) in
            try out.write(bytes)
        }
    }

    /// Writes `text` (UTF-8) to `path`.
    public static func write(_ text: String, to path: String, inputs: [String] = []) throws(DumpError) {
        try write(text.utf8, to: path, inputs: inputs)
    }

    /// Creates `path`, lets `body` stream into it through the writer, then renames it into place.
    public static func create(_ path: String, inputs: [String] = [],
                              _ body: (PrivateFileWriter) throws(DumpError) -> Void) throws(DumpError) {
        try checkTarget(path, inputs: inputs)
        let (fd, tmpPath) = try createTemporary(beside: path)
        let pending = PendingFiles.add(tmpPath)
        defer { PendingFiles.remove(pending) }
        let writer = PrivateFileWriter(fd: fd, path: path)
        do throws(DumpError) {
            try body(writer)
            try writer.flush()
            let closed = close(fd)
            writer.closed = true
            if closed != 0 {
                throw DumpError(file: path, "cannot write: \(String(cString: strerror(errno)))")
            }
        } catch {
            if !writer.closed { close(fd) }
            unlink(tmpPath)
            throw error
        }
        // Checked once more just before the rename: a link made meanwhile is replaced, never written through.
        do throws(DumpError) { try checkTarget(path, inputs: inputs) } catch {
            unlink(tmpPath)
            throw error
        }
        guard rename(tmpPath, path) == 0 else {
            let e = errno
            unlink(tmpPath)
            throw DumpError(file: path, "cannot write: \(String(cString: strerror(e)))")
        }
    }

    /// Throws when `path` must not be written: a symlink, not a regular file, or one of `inputs`.
    public static func checkTarget(_ path: String, inputs: [String]) throws(DumpError) {
        var st = stat()
        if lstat(path, &st) != 0 {
            guard errno == ENOENT else {
                throw DumpError(file: path, "cannot write: \(String(cString: strerror(errno)))")
            }
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFLNK:
            throw DumpError(file: path, "is a symbolic link; hdx does not write through links (remove it or choose another name)")
        case S_IFREG:
            break
        case S_IFDIR:
            throw DumpError(file: path, "is a directory; expected a file name")
        default:
            throw DumpError(file: path, "is not a regular file; refusing to write to it")
        }
        for input in inputs {
            var inSt = stat()
            guard stat(input, &inSt) == 0 else { continue }
            if inSt.st_dev == st.st_dev && inSt.st_ino == st.st_ino {
                throw DumpError(file: path, "is the dump being read (\(input)); refusing to overwrite it")
            }
        }
    }

    /// Creates `.NAME.hdx-XXXXXXXX` next to `path` with `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600.
    static func createTemporary(beside path: String) throws(DumpError) -> (Int32, String) {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else {
            throw DumpError(file: path, "expected a file name")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String(generator.next() as UInt32, radix: 16)
            let tmp = "\(dir).\(name.prefix(200)).hdx-\(suffix)"
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                _ = fchmod(fd, 0o600)   // our own new file: the umask must not make it readable by others
                return (fd, tmp)
            }
            guard errno == EEXIST else {
                throw DumpError(file: path, "cannot create: \(String(cString: strerror(errno)))")
            }
        }
        throw DumpError(file: path, "cannot create a temporary file beside it")
    }
}

/// Buffered writes to a file being created by `PrivateFile`; every write is checked (ENOSPC, EIO, …).
public final class PrivateFileWriter {
    let fd: Int32
    let path: String
    var buffer: [UInt8] = []
    var closed = false
    /// Bytes written so far (including what is still buffered).
    public private(set) var bytesWritten = 0

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ bytes: some Collection<UInt8>) throws(DumpError) {
        buffer.append(contentsOf: bytes)
        bytesWritten += bytes.count
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(_ text: String) throws(DumpError) {
        try write(text.utf8)
    }

    public func flush() throws(DumpError) {
        var done = 0
        defer { buffer.removeAll(keepingCapacity: true) }
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { writeFD(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DumpError(file: path, "cannot write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}

/// write(2), under a name the writer's own `write` methods do not hide.
@inline(__always)
func writeFD(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
