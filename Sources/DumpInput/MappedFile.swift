#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file. Never writes to the file.
///
/// Readers walk the bytes with `loadUnaligned`; after a sequential pass they call `release(_:)` so that pages already
/// read leave the process's resident set (the kernel keeps them in its page cache).
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let count: Int
    public let base: UnsafeRawPointer
    private let mappedLength: Int

    /// Maps `path`; errors and `path` name `reportAs` when given (an inflated copy reports as the original file).
    public init(path: String, reportAs: String? = nil) throws(DumpError) {
        let shown = reportAs ?? path
        self.path = shown
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw DumpError(file: shown, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw DumpError(file: shown, "cannot stat: \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw DumpError(file: shown, "not a regular file")
        }
        count = Int(st.st_size)
        mappedLength = max(count, 1)
        guard count > 0 else {
            throw DumpError(file: shown, offset: 0, "expected a dump, found an empty file")
        }
        guard let p = mmap(nil, mappedLength, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw DumpError(file: shown, "cannot map: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(p)
        _ = madvise(p, mappedLength, MADV_SEQUENTIAL)
    }

    deinit {
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
