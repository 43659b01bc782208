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

    /// Creates `path`, lets `body` stream into it through the writer, then renames it into place. With
    /// `replace: false` an existing file at `path` is refused (`hdx strip` without `--force`).
    public static func create(_ path: String, inputs: [String] = [], replace: Bool = true,
                              _ body: (PrivateFileWriter) throws(DumpError) -> Void) throws(DumpError) {
        let file = try PendingPrivateFile(path, inputs: inputs, replace: replace)
        let writer = PrivateFileWriter(fd: file.fd, path: path)
        do throws(DumpError) {
            try body(writer)
            try writer.flush()
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Why `path` must not be written, or nil: a symlink, not a regular file, one of `inputs`, or (with
    /// `replace: false`) any existing file.
    public static func refusal(_ path: String, inputs: [String], replace: Bool = true) -> String? {
        var st = stat()
        if lstat(path, &st) != 0 {
            return errno == ENOENT ? nil : "cannot write: \(String(cString: strerror(errno)))"
        }
        switch st.st_mode & S_IFMT {
        case S_IFLNK:
            return "is a symbolic link; hdx does not write through links (remove it or choose another name)"
        case S_IFREG:
            break
        case S_IFDIR:
            return "is a directory; expected a file name"
        default:
            return "is not a regular file; refusing to write to it"
        }
        for input in inputs {
            var inSt = stat()
            guard stat(input, &inSt) == 0 else { continue }
            if inSt.st_dev == st.st_dev && inSt.st_ino == st.st_ino {
                return "is the dump being read (\(input)); refusing to overwrite it"
            }
        }
        return replace ? nil : "exists; pass --force to replace it"
    }

    /// Throws `refusal` as a one-line error.
    public static func checkTarget(_ path: String, inputs: [String], replace: Bool = true) throws(DumpError) {
        if let reason = refusal(path, inputs: inputs, replace: replace) { throw DumpError(file: path, reason) }
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

/// A file being created by `PrivateFile` for callers that write through its descriptor themselves (a gzip stream):
/// the temporary file exists from `init`; `commit` moves it into place, `abandon` (or deinit) removes it.
public final class PendingPrivateFile {
    public let path: String
    public let fd: Int32
    let temporaryPath: String
    let inputs: [String]
    let replace: Bool
    let slot: Int?
    var done = false

    public init(_ path: String, inputs: [String] = [], replace: Bool = true) throws(DumpError) {
        try PrivateFile.checkTarget(path, inputs: inputs, replace: replace)
        (fd, temporaryPath) = try PrivateFile.createTemporary(beside: path)
        self.path = path
        self.inputs = inputs
        self.replace = replace
        slot = PendingFiles.add(temporaryPath)
    }

    /// Closes the file and gives it its name: `rename` (replacing a regular file), or with `replace: false`
    /// `link` + `unlink`, which fails rather than replace a file that appeared meanwhile.
    public func commit() throws(DumpError) {
        guard !done else { return }
        done = true
        defer { PendingFiles.remove(slot) }
        if close(fd) != 0 {
            let e = errno
            unlink(temporaryPath)
            throw DumpError(file: path, "cannot write: \(String(cString: strerror(e)))")
        }
        // Checked once more just before the rename: a link made meanwhile is refused, never written through.
        do throws(DumpError) { try PrivateFile.checkTarget(path, inputs: inputs, replace: replace) } catch {
            unlink(temporaryPath)
            throw error
        }
        if replace {
            guard rename(temporaryPath, path) == 0 else {
                let e = errno
                unlink(temporaryPath)
                throw DumpError(file: path, "cannot write: \(String(cString: strerror(e)))")
            }
        } else {
            let linked = link(temporaryPath, path) == 0
            let e = errno
            unlink(temporaryPath)
            if !linked {
                throw DumpError(file: path, e == EEXIST ? "exists; pass --force to replace it"
                                                         : "cannot write: \(String(cString: strerror(e)))")
            }
        }
    }

    /// Removes the temporary file (on any failure before `commit`).
    public func abandon() {
        guard !done else { return }
        done = true
        close(fd)
        unlink(temporaryPath)
        PendingFiles.remove(slot)
    }

    deinit { abandon() }
}

/// Buffered writes to a file being created by `PrivateFile`; every write is checked (ENOSPC, EIO, …).
public final class PrivateFileWriter {
    let fd: Int32
    let path: String
    var buffer: [UInt8] = []
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
