#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `hdx strip` could not write its output: a usage problem (the output exists, is the input) or an I/O failure.
public struct StripFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case usage, io }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}

/// A file hdx creates for the user: mode 0600, never over an existing file unless `force`, never onto the input
/// (same inode), written under a temporary name in the same directory and moved into place only when complete.
/// The temporary file is opened with `O_CREAT | O_EXCL | O_NOFOLLOW`, so no symbolic link is ever followed.
///
/// Self-contained on purpose: helper h2 writes a shared private-file helper in DumpInput; the two should be unified.
public final class PrivateOutputFile {
    public let path: String
    public let temporaryPath: String
    public let fd: Int32
    private let force: Bool
    private var done = false

    /// Creates the temporary file next to `path`. `inputs` are files that must never be overwritten (same inode).
    public init(path: String, force: Bool, notOnto inputs: [String]) throws(StripFailure) {
        self.path = path
        self.force = force
        var existing = stat()
        if lstat(path, &existing) == 0 {
            if (existing.st_mode & S_IFMT) == S_IFDIR {
                throw StripFailure(.usage, "\(path) is a directory")
            }
            var target = stat()
            let resolves = stat(path, &target) == 0
            for input in inputs {
                var st = stat()
                guard stat(input, &st) == 0 else { continue }
                let same = (existing.st_dev == st.st_dev && existing.st_ino == st.st_ino)
                    || (resolves && target.st_dev == st.st_dev && target.st_ino == st.st_ino)
                if same { throw StripFailure(.usage, "\(path) is the input file; choose another output") }
            }
            if !force { throw StripFailure(.usage, "\(path) exists; pass --force to replace it") }
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var attempt = 0
        while true {
            let tmp = "\(dir.isEmpty ? "/" : dir)/.\(base).hdx-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                _ = fchmod(fd, 0o600)
                self.fd = fd
                self.temporaryPath = tmp
                return
            }
            let err = errno
            attempt += 1
            if err != EEXIST || attempt > 20 {
                throw StripFailure(.io, "cannot create a file in \(dir): \(String(cString: strerror(err)))")
            }
        }
    }

    /// Moves the complete file into place: `rename` with `force` (a symbolic link at `path` is replaced, not
    /// followed), else `link` + `unlink`, which fails rather than replace a file that appeared meanwhile.
    public func commit() throws(StripFailure) {
        guard !done else { return }
        done = true
        defer { close(fd) }
        if fsync(fd) != 0 {
            let e = errno
            unlink(temporaryPath)
            throw StripFailure(.io, "cannot write \(path): \(String(cString: strerror(e)))")
        }
        if force {
            if rename(temporaryPath, path) != 0 {
                let e = errno
                unlink(temporaryPath)
                throw StripFailure(.io, "cannot move the output into place at \(path): \(String(cString: strerror(e)))")
            }
        } else {
            if link(temporaryPath, path) != 0 {
                let e = errno
                unlink(temporaryPath)
                if e == EEXIST { throw StripFailure(.usage, "\(path) exists; pass --force to replace it") }
                throw StripFailure(.io, "cannot move the output into place at \(path): \(String(cString: strerror(e)))")
            }
            unlink(temporaryPath)
        }
    }

    /// Removes the temporary file (on any failure before `commit`).
    public func abandon() {
        guard !done else { return }
        done = true
        close(fd)
        unlink(temporaryPath)
    }

    deinit { abandon() }
}
