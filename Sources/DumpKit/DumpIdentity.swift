#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput
import HeapGraph

/// What identifies a dump for its index: device, inode, size, modification time, a hash of its first and last MiB,
/// which heap dump of the file, and the hdx build (the executable's size and modification time, so that an index
/// written by another hdx version is never read). The open descriptor is also the lock others wait on.
struct DumpIdentity {
    let path: String
    let fd: Int32
    let key: [UInt8]
    let dump: Int
    /// Whether a reader that persists its index reads this file, or it is gzip (whose contents are known only once
    /// inflated: a gzip file of a format that does not persist is read as without an index).
    let indexable: Bool
    let gzip: Bool

    init?(path: String, dump: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return nil }
        guard let (fileKey, head) = DumpIdentity.fileKey(fd) else {
            close(fd)
            return nil
        }
        self.path = path
        self.fd = fd
        self.dump = dump
        gzip = head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b
        indexable = gzip || head.withUnsafeBytes { DumpReaders.reader(for: $0) } is any PersistableReader
        var e = IndexEncoder()
        e.u32(HeapIndex.persistenceVersion)
        var b = e.bytes + fileKey
        e = IndexEncoder()
        e.int(dump)
        var exe = stat()
        if stat("/proc/self/exe", &exe) == 0 {
            e.int(Int(exe.st_size))
            #if canImport(Glibc)
            e.int(Int(exe.st_mtim.tv_sec)); e.int(Int(exe.st_mtim.tv_nsec))
            #endif
        }
        b += e.bytes
        key = b
    }

    /// Device, inode, size, modification time and hashes of the first and last MiB of the regular file `fd`, and
    /// its first MiB; nil when it is not a regular file or is empty.
    static func fileKey(_ fd: Int32) -> (key: [UInt8], head: [UInt8])? {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        let mib = 1 << 20
        let head = DumpIdentity.readBytes(fd, at: 0, count: min(mib, size))
        let tail = DumpIdentity.readBytes(fd, at: max(size - mib, 0), count: min(mib, size))
        var e = IndexEncoder()
        e.u64(UInt64(truncatingIfNeeded: st.st_dev))
        e.u64(UInt64(truncatingIfNeeded: st.st_ino))
        e.int(size)
        #if canImport(Glibc)
        e.int(Int(st.st_mtim.tv_sec)); e.int(Int(st.st_mtim.tv_nsec))
        #else
        e.int(Int(st.st_mtimespec.tv_sec)); e.int(Int(st.st_mtimespec.tv_nsec))
        #endif
        e.u64(head.withUnsafeBytes { IndexHash.hash($0) })
        e.u64(tail.withUnsafeBytes { IndexHash.hash($0) })
        return (e.bytes, head)
    }

    static func readBytes(_ fd: Int32, at offset: Int, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return Array(out[0..<done])
    }

    var besidePath: String {
        DumpIdentity.directory(of: path) + DumpIdentity.fileName(of: path) + DumpIdentity.suffix(dump)
    }
    var cachePath: String { DumpIdentity.cacheDirectory + DumpIdentity.cacheName(for: path, dump: dump) }

    static func suffix(_ dump: Int) -> String { dump == 1 ? ".hdxindex" : ".dump\(dump).hdxindex" }

    static func directory(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }
    static func fileName(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// `NAME-<hash of the full path>.hdxindex` (the file name cut to 100 bytes).
    static func cacheName(for path: String, dump: Int) -> String { cacheStem(for: path) + suffix(dump) }

    static func cacheStem(for path: String) -> String {
        var full = path
        if let r = realpath(path, nil) {
            full = String(cString: r)
            free(r)
        }
        let h = Array(full.utf8).withUnsafeBytes { IndexHash.hash($0) }
        let name = String(fileName(of: full).utf8.prefix(100)).map { String($0) } ?? "dump"
        let hex = String(h, radix: 16)
        return name + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    static var cacheDirectory: String {
        let env = ProcessInfoLite.environment
        if let x = env["XDG_CACHE_HOME"], x.hasPrefix("/") { return x + "/hdx/" }
        return (env["HOME"] ?? "/tmp") + "/.cache/hdx/"
    }

    static func makeCacheDirectory() {
        let dir = cacheDirectory
        var prefix = ""
        for part in dir.split(separator: "/") {
            prefix += "/" + part
            _ = mkdir(prefix, 0o700)
        }
    }
}

/// The process environment without Foundation.
enum ProcessInfoLite {
    static var environment: [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let e = p.pointee {
            let s = String(cString: e)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }
}

enum FileHandleError {
    static func write(_ s: String) {
        var bytes = Array(s.utf8)
        bytes.withUnsafeMutableBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
