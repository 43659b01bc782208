#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput
import HeapGraph

/// The inflated bytes of a gzip dump, kept beside its index (`DUMP.gz.hdxinflated` next to `DUMP.gz.hdxindex`, mode
/// 0600) so that a reopen maps them instead of inflating the dump again.
///
/// Why a private file rather than inflating lazily: the readers' restore already reads the dump's bytes (HPROF class
/// records, thread stacks and string offsets; V8 names and edge names are read back from the JSON on demand), so
/// a lazy inflate would run on every reopen anyway, at the full first-open inflation cost (about a second per GB).
/// The price is disk space: the inflated size again, next to the index; `hdx index --clean` removes both.
///
/// Trust: the index holds the cache file's name and key (device, inode, size, modification time, hashes of its first
/// and last MiB; as for the dump itself), and the file must be a regular file owned by this user with no access for
/// others. Anything else and the index is not used (it is rebuilt, the cache file rewritten).
enum InflatedCache {
    static let suffix = ".hdxinflated"
    static let sectionName = "z.inflated"

    /// The cache file that goes with the index at `index`.
    static func path(forIndex index: String) -> String {
        (index.hasSuffix(".hdxindex") ? String(index.dropLast(".hdxindex".count)) : index) + suffix
    }

    /// Writes the inflated bytes beside `index`; returns the file's path and the index section naming it.
    static func write(_ inflated: MappedFile, index: String, dumpPath: String) throws(DumpError)
        -> (path: String, section: IndexEncoder) {
        let path = path(forIndex: index)
        try PrivateFile.create(path, inputs: [dumpPath]) { (out: PrivateFileWriter) throws(DumpError) in
            let bytes = inflated.bytes
            var p = 0
            while p < bytes.count {
                let n = min(1 << 20, bytes.count - p)
                try out.write(UnsafeRawBufferPointer(rebasing: bytes[p..<p + n]))
                p += n
            }
        }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0, let (key, _) = DumpIdentity.fileKey(fd) else {
            if fd >= 0 { close(fd) }
            unlink(path)
            throw DumpError(file: path, "cannot read back the inflated dump just written")
        }
        close(fd)
        var e = IndexEncoder()
        e.string(DumpIdentity.fileName(of: path))
        e.int(key.count)
        for b in key { e.u8(b) }
        return (path, e)
    }

    /// Maps the cache file named by the index at `index`, reported under the dump's path.
    static func map(index: String, sections: IndexSectionReader, dumpPath: String) throws(IndexFormatError)
        -> MappedFile {
        var d = try sections.decoder(sectionName)
        let name = try d.string()
        let path = path(forIndex: index)
        guard name == DumpIdentity.fileName(of: path) else { throw IndexFormatError("\(sectionName): another file") }
        var stored: [UInt8] = []
        for _ in 0..<(try d.count()) { stored.append(try d.u8()) }
        try d.requireEnd()
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw IndexFormatError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o077 == 0 else {
            throw IndexFormatError("\(path): not a private regular file of this user; not trusted")
        }
        guard let (key, _) = DumpIdentity.fileKey(fd), key == stored else {
            throw IndexFormatError("\(path): changed since the index was written")
        }
        do { return try MappedFile(fd: fd, reportAs: dumpPath) } catch { throw IndexFormatError(error.description) }
    }
}
