#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file. Never writes to the file.
///
/// Readers walk the bytes with `loadUnaligned`; after a sequential pass they call `release(_:)` so that pages already
/// read leave the process's resident set (the kernel keeps them in its page cache). Only regular files are opened
/// (a FIFO or device would block or never end); a mapping that faults because the file shrank under hdx ends the
/// process with one line and exit 1 (`MappingGuard`).
public final class MappedFile: @unchecked Sendable {
    // @unchecked: every property is a `let`; the mapping is read-only (PROT_READ, MAP_PRIVATE) and unmapped only in
    // deinit; `release` and `releaseAll` only advise the kernel (madvise), which is thread-safe.
    public let path: String
    public let count: Int
    public let base: UnsafeRawPointer
    private let mappedLength: Int
    private let guardSlot: Int?

    /// Maps `path`; errors and `path` name `reportAs` when given.
    public convenience init(path: String, reportAs: String? = nil) throws(DumpError) {
        let shown = reportAs ?? path
        // Look before opening: open(2) on a FIFO blocks until a writer appears, on a device it may have effects.
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw DumpError(file: shown, "cannot open: \(String(cString: strerror(errno)))")
        }
        try MappedFile.requireRegular(st, shown)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            throw DumpError(file: shown, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        try self.init(fd: fd, reportAs: shown)
        MappedFile.testPauseAfterMap()
    }

    /// Maps the open file `fd` (which stays owned by the caller), e.g. an unlinked temporary file.
    public init(fd: Int32, reportAs shown: String) throws(DumpError) {
        self.path = shown
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw DumpError(file: shown, "cannot stat: \(String(cString: strerror(errno)))")
        }
        try MappedFile.requireRegular(st, shown)
        count = Int(st.st_size)
        mappedLength = max(count, 1)
        guard count > 0 else {
            throw DumpError(file: shown, offset: 0, "expected a dump, found an empty file")
        }
        guard let p = mmap(nil, mappedLength, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            let e = errno
            if e == ENOMEM, let (bytes, limit) = MemoryBudget.available() {
                throw DumpError(file: shown, "mapping the file needs \(MemoryBudget.formatMiB(count)) of address "
                                    + "space, only \(MemoryBudget.formatMiB(bytes)) available (\(limit))")
            }
            throw DumpError(file: shown, "cannot map \(count) bytes: \(String(cString: strerror(e)))")
        }
        base = UnsafeRawPointer(p)
        guardSlot = MappingGuard.register(base: base, length: mappedLength, file: shown)
        _ = madvise(p, mappedLength, MADV_SEQUENTIAL)
    }

    static func requireRegular(_ st: stat, _ shown: String) throws(DumpError) {
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw DumpError(file: shown, "expected a regular file, found \(kind)")
    }

    /// Test hook: `HDX_TEST_PAUSE_AFTER_MAP=FIFO` makes hdx wait after mapping a dump until a byte arrives on FIFO, so
    /// that an end-to-end test can truncate the file at a known moment.
    static func testPauseAfterMap() {
        guard let fifo = getenv("HDX_TEST_PAUSE_AFTER_MAP") else { return }
        let fd = open(fifo, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        var byte: UInt8 = 0
        _ = read(fd, &byte, 1)
        close(fd)
    }

    deinit {
        if let guardSlot { MappingGuard.unregister(guardSlot) }
        munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
    }

    /// The bytes as a buffer (no copy).
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Lets the kernel drop the mapped pages of `range` from this process's resident set.
    /// The data stays readable: a later access faults it back in from the page cache.
    public func release(_ range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lower = (range.lowerBound + page - 1) / page * page
        let upper = min(range.upperBound, count) / page * page
        guard upper > lower else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + lower), upper - lower, MADV_DONTNEED)
    }

    /// Drops the whole mapping from the resident set.
    public func releaseAll() { release(0..<count) }

    /// Advises the kernel that accesses will now be random (used by on-demand lookups after the index is built).
    public func adviseRandom() {
        _ = madvise(UnsafeMutableRawPointer(mutating: base), mappedLength, MADV_RANDOM)
    }
}
