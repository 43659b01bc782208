#if canImport(Glibc)
import DumpProgress
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput
import HeapGraph
import HprofReader

/// Opening a dump through its persisted index: use a valid one, else build the index once (other hdx processes on
/// the same dump wait meanwhile) and write it for the next run.
///
/// Place: `DUMP.hdxindex` beside the dump (`DUMP.dumpN.hdxindex` for heap dump N > 1 of an HPROF file), else, when
/// that folder cannot be written, `$XDG_CACHE_HOME/hdx/` (default `~/.cache/hdx/`) under a name made of the dump's
/// file name and a hash of its full path. Indexed: HPROF files (not gzip: the object screen reads the inflated bytes,
/// which would have to be inflated again). Not indexed: gzip files, V8 snapshots (their details are read back from
/// the file with row checkpoints built while parsing; not persisted yet) and HANA dumps (small text, ~0.2 s).
public enum PersistedIndex {
    /// Whether loads use the persisted index: on for the hdx command (unless `--no-index` or `HDX_NO_INDEX=1`), off
    /// for library callers and tests.
    /// Set once by the command line before anything is loaded.
    nonisolated(unsafe) public static var enabled = false

    /// Called by `DumpLoader.load`: the dump from its index, or `build()` (whose result is then persisted).
    static func load(path: String, dump: Int?, progress: ProgressSink?,
                     build: () throws(DumpError) -> LoadedDump) throws(DumpError) -> LoadedDump {
        guard enabled, let id = DumpIdentity(path: path, dump: dump ?? 1), id.indexable else { return try build() }
        defer { close(id.fd) }
        let places = [id.besidePath, id.cachePath]
        if let found = restore(id, places, progress: progress) { return found }
        // Wait for another hdx building this index, then look again.
        progress?.phase("waiting for the index", 0)
        while flock(id.fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(id.fd, LOCK_UN) }
        if let found = restore(id, places, progress: progress) { return found }
        let loaded = try build()
        if let hprof = loaded.extras(HprofDump.self) {
            var sections = IndexSections()
            if hprof.persist(into: &sections) {
                write(sections, format: "hprof", id: id)
            }
        }
        return loaded
    }

    static func restore(_ id: DumpIdentity, _ places: [String], progress: ProgressSink?) -> LoadedDump? {
        for place in places {
            var clock = PhaseClock()
            guard case .success(let (reader, format)) = IndexFile.read(place, key: id.key), format == "hprof" else {
                continue
            }
            do throws(IndexFormatError) {
                let file: MappedFile
                do { file = try MappedFile(path: id.path) } catch { throw IndexFormatError(error.description) }
                file.adviseRandom()
                let timing = clock.lap("index")
                let dump = try HprofDump.restore(file, from: reader, timings: [timing])
                progress?.phase("index", 1)
                return LoadedDump(index: dump.index, extras: dump)
            } catch {
                continue
            }
        }
        return nil
    }

    static func write(_ sections: IndexSections, format: String, id: DumpIdentity) {
        var errors: [String] = []
        for place in [id.besidePath, id.cachePath] {
            if place == id.cachePath { DumpIdentity.makeCacheDirectory() }
            do {
                try IndexFile.write(sections, key: id.key, format: format, to: place, dumpPath: id.path)
                return
            } catch {
                errors.append(error.description)
            }
        }
        FileHandleError.write("hdx: warning: index not written (\(errors.joined(separator: "; "))); the next run reads the dump again\n")
    }

    /// Removes the indexes of `path` (beside it and in the cache folder), or with nil everything in the cache
    /// folder that hdx wrote. Returns the removed paths.
    public static func clean(path: String?) -> [String] {
        var removed: [String] = []
        func remove(_ p: String) { if unlink(p) == 0 { removed.append(p) } }
        if let path {
            let dir = DumpIdentity.directory(of: path), name = DumpIdentity.fileName(of: path)
            let cachePrefix = DumpIdentity.cacheStem(for: path)
            for entry in listDirectory(dir) where entry.hasPrefix(name + ".") && entry.hasSuffix(".hdxindex")
                || entry.hasPrefix("." + name + ".") && entry.contains(".hdxindex.hdx-") {
                remove(dir + entry)
            }
            let cache = DumpIdentity.cacheDirectory
            for entry in listDirectory(cache) where entry.hasPrefix(cachePrefix) {
                remove(cache + entry)
            }
        } else {
            let cache = DumpIdentity.cacheDirectory
            for entry in listDirectory(cache) where entry.hasSuffix(".hdxindex") || entry.contains(".hdxindex.hdx-") {
                remove(cache + entry)
            }
        }
        return removed
    }

    static func listDirectory(_ dir: String) -> [String] {
        guard let d = opendir(dir.isEmpty ? "." : dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }
}

/// What identifies a dump for its index: device, inode, size, modification time, a hash of its first and last MiB,
/// which heap dump of the file, and the hdx build (the executable's size and modification time, so that an index
/// written by another hdx version is never read). The open descriptor is also the lock others wait on.
struct DumpIdentity {
    let path: String
    let fd: Int32
    let key: [UInt8]
    let dump: Int
    let indexable: Bool

    init?(path: String, dump: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size > 0 else {
            close(fd)
            return nil
        }
        let size = Int(st.st_size)
        let mib = 1 << 20
        let head = DumpIdentity.readBytes(fd, at: 0, count: min(mib, size))
        let tail = DumpIdentity.readBytes(fd, at: max(size - mib, 0), count: min(mib, size))
        self.path = path
        self.fd = fd
        self.dump = dump
        // Only uncompressed HPROF files: the first bytes say so.
        indexable = head.starts(with: Array("JAVA PROFILE ".utf8))
        var e = IndexEncoder()
        e.u32(HeapIndex.persistenceVersion)
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
        e.int(dump)
        var exe = stat()
        if stat("/proc/self/exe", &exe) == 0 {
            e.int(Int(exe.st_size))
            #if canImport(Glibc)
            e.int(Int(exe.st_mtim.tv_sec)); e.int(Int(exe.st_mtim.tv_nsec))
            #endif
        }
        key = e.bytes
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
