#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the big per-object and per-edge arrays of an index live while it is built: anonymous memory (the default),
/// or, out of core, shared mappings of private temporary files (mode 0600, unlinked at once), so that the kernel can
/// write their pages back and drop them under memory pressure instead of the process running out of memory. The
/// arrays are read and written the same way in both cases; only where their pages come from differs.
///
/// A file that cannot be created or reserved (no space: `posix_fallocate` refuses before any page is touched, so a
/// full disk is never a SIGBUS) falls back to anonymous memory for that array.
public struct ArrayStorage: Sendable {
    /// The folder of the temporary files, or nil for anonymous memory.
    public let directory: String?

    /// Anonymous memory.
    public static let memory = ArrayStorage(directory: nil)

    public init(directory: String?) { self.directory = directory }

    public var isOutOfCore: Bool { directory != nil }

    /// Out of core in `$TMPDIR` when set, else /var/tmp (kept on disk by convention, where /tmp is often a tmpfs).
    public static func outOfCore() -> ArrayStorage { ArrayStorage(directory: temporaryDirectory) }

    /// Out of core when a temporary file can be created in `temporaryDirectory`; else anonymous memory and why.
    /// (A tmpfs folder works but keeps its pages in memory or swap: TMPDIR should name a folder on disk.)
    public static func probeOutOfCore() -> (storage: ArrayStorage, caveat: String?) {
        let dir = temporaryDirectory
        guard let fd = StorageBlock.temporaryFile(in: dir) else {
            return (.memory, "no temporary file could be created in \(dir) (\(String(cString: strerror(errno)))): "
                        + "built in memory; set TMPDIR to a writable folder on disk")
        }
        close(fd)
        return (ArrayStorage(directory: dir), nil)
    }

    public static var temporaryDirectory: String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        var st = stat()
        return stat("/var/tmp", &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR ? "/var/tmp" : "/tmp"
    }

    /// `count` elements, all `value`.
    public func allocate<T: BitwiseCopyable>(_ count: Int, repeating value: T) -> StoredArray<T> {
        StoredArray(count: count, repeating: value, directory: directory)
    }

    /// `count` zeroed elements whose pages are faulted in by both cores, half each: for a big array allocated
    /// while the other core has nothing to do (the kernel's zeroing and mapping of the pages is most of the cost).
    public func allocateZeroedOnBothCores<T: BitwiseCopyable>(_ count: Int) -> StoredArray<T> {
        StoredArray(zeroedOnBothCores: count, directory: directory)
    }

    /// An empty array that grows as it is appended to.
    public func growable<T: BitwiseCopyable>(_ type: T.Type, capacity: Int = 1 << 16) -> GrowableArray<T> {
        GrowableArray(capacity: capacity, directory: directory)
    }
}

/// One block of memory: `malloc`ed, or a shared mapping of an unlinked temporary file (whose descriptor is kept
/// while the block can still grow).
final class StorageBlock: @unchecked Sendable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var bytes: Int
    /// The temporary file while mapped; -1 for anonymous memory (also after falling back to it).
    private var fd: Int32 = -1
    private var released = false
    /// Whether the block began as a file mapping.
    let mapped: Bool

    /// `populate`: the block will be written whole (a fixed-size array), so its pages may be mapped up front
    /// (`onBothCores`: half by each core).
    init(bytes: Int, directory: String?, zeroed: Bool, populate: Bool = false, onBothCores: Bool = false) {
        let size = max(bytes, 1)
        if let directory, let fd = StorageBlock.temporaryFile(in: directory) {
            if let p = StorageBlock.map(fd, bytes: size) {
                self.fd = fd
                base = p
                mapped = true
                self.bytes = size
                return
            }
            close(fd)
        }
        guard let p = zeroed ? calloc(size, 1) : malloc(size) else {
            fatalError("out of memory allocating \(size) bytes")
        }
        base = p
        mapped = false
        self.bytes = size
        guard populate else { return }
        if onBothCores && size >= 2 * StorageBlock.populateFrom {
            let (address, half) = (Int(bitPattern: p), size / 2)   // an address, to be Sendable
            BothCores.run({ StorageBlock.populate(UnsafeMutableRawPointer(bitPattern: address)!, bytes: half) },
                          { StorageBlock.populate(UnsafeMutableRawPointer(bitPattern: address + half)!,
                                                  bytes: size - half) })
        } else {
            StorageBlock.populate(p, bytes: size)
        }
    }

    /// Blocks from this size on are faulted in by one call when they will be used whole.
    static let populateFrom = 4 << 20

    /// Maps a fresh block's pages in one call (MADV_POPULATE_WRITE, Linux 5.14+) rather than one page fault per
    /// 4 KiB as the first pass over it writes them: a few hundred thousand traps fewer per index.
    private static func populate(_ p: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= populateFrom else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: p) + page - 1) / page * page
        let end = (Int(bitPattern: p) + bytes) / page * page
        guard end > start, let q = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(q, end - start, 23)   // MADV_POPULATE_WRITE
        #endif
    }

    deinit { release() }

    /// Grows to `newBytes` (contents kept); the base address may change. A file that cannot grow (no space)
    /// continues in anonymous memory.
    func grow(to newBytes: Int) {
        guard newBytes > bytes, !released else { return }
        if fd >= 0 {
            if let p = StorageBlock.map(fd, bytes: newBytes) {
                munmap(base, bytes)
                base = p
                bytes = newBytes
                return
            }
            guard let p = malloc(newBytes) else { fatalError("out of memory growing to \(newBytes) bytes") }
            memcpy(p, base, bytes)
            munmap(base, bytes)
            close(fd)
            fd = -1
            base = p
            bytes = newBytes
            return
        }
        guard let p = realloc(base, newBytes) else { fatalError("out of memory growing to \(newBytes) bytes") }
        base = p
        bytes = newBytes
    }

    /// Gives back what lies beyond `newBytes` where that is cheap: `realloc` of anonymous memory (a large block
    /// shrinks in place); a file mapping keeps its size (its unused pages were never written).
    func shrink(to newBytes: Int) {
        guard newBytes < bytes, fd < 0, !released, !mapped, let p = realloc(base, max(newBytes, 1)) else { return }
        base = p
        bytes = max(newBytes, 1)
    }

    /// Gives back the block early (its pages and, for a file, its disk space).
    func release() {
        guard !released else { return }
        released = true
        if fd >= 0 {
            munmap(base, bytes)
            close(fd)
            fd = -1
        } else {
            free(base)
        }
        bytes = 0
    }

    static func temporaryFile(in dir: String) -> Int32? {
        #if os(Linux)
        let tmpfile = Int32(0o20000000) | O_DIRECTORY   // O_TMPFILE (a composite macro Swift does not import)
        let anonymous = open(dir, tmpfile | O_RDWR | O_CLOEXEC, 0o600)
        if anonymous >= 0 { return anonymous }
        #endif
        var template = Array("\(dir)/.hdx-index-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fchmod(fd, 0o600)
        return fd
    }

    /// Sizes the file to `bytes` with its blocks reserved, and maps all of it shared; nil when there is no space.
    static func map(_ fd: Int32, bytes: Int) -> UnsafeMutableRawPointer? {
        guard posix_fallocate(fd, 0, off_t(bytes)) == 0 else { return nil }
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let p, p != MAP_FAILED else { return nil }
        return p
    }
}

/// A fixed-size array in `ArrayStorage`; `column` hands it to the index without copying.
public final class StoredArray<Element: BitwiseCopyable>: @unchecked Sendable {
    let block: StorageBlock
    public let buffer: UnsafeMutableBufferPointer<Element>

    init(count: Int, repeating value: Element, directory: String?) {
        let zero = withUnsafeBytes(of: value) { $0.allSatisfy { $0 == 0 } }
        block = StorageBlock(bytes: count * MemoryLayout<Element>.stride, directory: directory, zeroed: zero,
                             populate: true)
        buffer = UnsafeMutableBufferPointer(start: block.base.bindMemory(to: Element.self, capacity: count),
                                            count: count)
        // Fresh file pages and calloc'ed memory are zero already.
        if !zero { buffer.initialize(repeating: value) }
    }

    /// `count` zeroed elements, their pages faulted in now, half by each core.
    init(zeroedOnBothCores count: Int, directory: String?) {
        block = StorageBlock(bytes: count * MemoryLayout<Element>.stride, directory: directory, zeroed: true,
                             populate: true, onBothCores: true)
        buffer = UnsafeMutableBufferPointer(start: block.base.bindMemory(to: Element.self, capacity: count),
                                            count: count)
    }

    /// The first `count` elements of `block` (taken over from a `GrowableArray`).
    init(block: StorageBlock, count: Int) {
        self.block = block
        buffer = UnsafeMutableBufferPointer(start: block.base.bindMemory(to: Element.self, capacity: count),
                                            count: count)
    }

    /// `count` elements from byte `offset` of `block`, bound to `Element` from now on.
    private init(block: StorageBlock, byteOffset: Int, count: Int) {
        precondition(byteOffset >= 0 && byteOffset + count * MemoryLayout<Element>.stride <= block.bytes
                     && byteOffset % MemoryLayout<Element>.alignment == 0, "reused range outside its block")
        self.block = block
        buffer = UnsafeMutableBufferPointer(start: (block.base + byteOffset).bindMemory(to: Element.self,
                                                                                        capacity: count),
                                            count: count)
    }

    /// This array's memory, once its own use is over, as `count` elements of `U` from byte `offset` on, keeping the
    /// block alive: a later step's array without a fresh allocation (whose pages the kernel would have to zero and
    /// map again). The elements hold whatever was left there; nothing may read this array through its old type
    /// afterwards.
    func reused<U: BitwiseCopyable>(as type: U.Type, byteOffset: Int, count: Int) -> StoredArray<U> {
        StoredArray<U>(block: block, byteOffset: byteOffset, count: count)
    }

    /// The size of the memory behind this array (at least `count` elements).
    var byteCapacity: Int { block.bytes }

    public var count: Int { buffer.count }
    public var isMapped: Bool { block.mapped }

    /// A read-only column over the same memory, keeping this array alive.
    public var column: Column<Element> {
        Column(unsafeBase: UnsafePointer(buffer.baseAddress), count: buffer.count, owner: self)
    }

    @inlinable public subscript(i: Int) -> Element {
        get { buffer[i] }
        set { buffer[i] = newValue }
    }
}

/// An array that is appended to (the edges of one slice group): doubles its block when full.
public struct GrowableArray<Element: BitwiseCopyable>: @unchecked Sendable {
    let block: StorageBlock
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var capacity: Int
    @usableFromInline var storedCount = 0
    public var count: Int { storedCount }

    init(capacity: Int, directory: String?) {
        let c = max(capacity, 16)
        block = StorageBlock(bytes: c * MemoryLayout<Element>.stride, directory: directory, zeroed: false)
        base = block.base.bindMemory(to: Element.self, capacity: c)
        self.capacity = c
    }

    @inlinable @inline(__always)
    public mutating func append(_ v: Element) {
        if storedCount == capacity { grow() }
        base[storedCount] = v
        storedCount += 1
    }

    @usableFromInline mutating func grow() {
        let c = capacity * 2
        block.grow(to: c * MemoryLayout<Element>.stride)
        base = block.base.bindMemory(to: Element.self, capacity: c)
        capacity = c
    }

    public var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for `total` elements in all (one growth instead of several doublings).
    public mutating func reserve(_ total: Int) {
        guard total > capacity else { return }
        block.grow(to: total * MemoryLayout<Element>.stride)
        base = block.base.bindMemory(to: Element.self, capacity: total)
        capacity = total
    }

    /// Grows the count to `total` and hands `fill` the whole room, which writes the elements past the old count
    /// (several threads may write disjoint ranges of it).
    public mutating func extend(to total: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        reserve(total)
        fill(UnsafeMutableBufferPointer(start: base, count: max(total, storedCount)))
        storedCount = max(storedCount, total)
    }

    /// Appends many elements at once.
    public mutating func append(contentsOf items: UnsafeBufferPointer<Element>) {
        reserve(storedCount + items.count)
        if let from = items.baseAddress, !items.isEmpty { (base + storedCount).update(from: from, count: items.count) }
        storedCount += items.count
    }

    /// The elements as a fixed array in the same memory (no copy; the unused room is given back where the memory
    /// allows). The growable array must not be used afterwards.
    public func finish() -> StoredArray<Element> {
        block.shrink(to: storedCount * MemoryLayout<Element>.stride)
        return StoredArray(block: block, count: storedCount)
    }

    /// Gives back the memory (the array is empty afterwards and must not be appended to again).
    public mutating func release() {
        block.release()
        storedCount = 0
        capacity = 0
    }
}
