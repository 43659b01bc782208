#if canImport(Glibc)
import CSystemShims
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpProgress

/// Spilling in place: the whole pages of a finished, read-only array in anonymous memory are written to an unlinked
/// 0600 temporary file and then replaced, at the same address, by a shared mapping of that file (moved there by
/// `mremap`, 8 MiB at a time).
/// Whoever reads the array sees the same bytes at the same address (no type, no `Column` changes); the anonymous
/// pages are gone at once, the data lives in the page cache (which the kernel can write back and drop) and comes
/// back as minor faults only where it is read. `drop` later takes a spilled range out of the process's resident set
/// again (`MADV_DONTNEED`: the next read faults the page back from the cache or the disk).
///
/// What counts where: RSS (VmRSS) counts anonymous pages plus the file pages the process has mapped and touched;
/// the page cache itself is not counted. So a spilled array costs no RSS until it is read, and only the pages read.
///
/// When it is sound (glibc): only arrays that are their own `mmap`ed malloc chunk are spilled (glibc serves every
/// request above its mmap threshold, at most 32 MiB, that way; `ownMappingRefusal` checks the chunk header and the
/// process's mappings, and anything else is kept). Freeing such an array unmaps the whole chunk, the file mapping with it, and
/// the unlinked file's space is given back. Never on a full disk: the file's blocks are reserved
/// (`posix_fallocate`) before anything is written, so the mapping cannot SIGBUS. No temporary folder, no space, a
/// failed mapping, or another OS: the array stays as it was.
public enum Spill {
    /// Ranges smaller than this are not worth a file.
    public static let minimumBytes = 1 << 20

    /// Spills the whole pages of `bytes` (a finished array nothing writes any more) to a file in `directory`.
    /// Returns the number of bytes now backed by the file (0: nothing changed). `requireOwnMapping: false` skips the
    /// malloc-chunk check (for memory the caller mapped itself).
    @discardableResult
    public static func spill(_ bytes: UnsafeRawBufferPointer, directory: String,
                             requireOwnMapping: Bool = true) -> Int {
        #if os(Linux)
        guard let range = wholePages(bytes), range.count >= min(minimumBytes, forcedMinimum) else { return 0 }
        if requireOwnMapping, let why = ownMappingRefusal(bytes) { return refuse("not its own malloc mapping: \(why)") }
        guard let fd = StorageBlock.temporaryFile(in: directory) else { return refuse("no temporary file") }
        defer { close(fd) }   // the mapping keeps the (unlinked) file alive
        let reserved = posix_fallocate(fd, 0, off_t(range.count))
        guard reserved == 0, let at = UnsafeMutableRawPointer(bitPattern: range.lowerBound) else {
            return refuse("posix_fallocate: error \(reserved)")
        }
        // Piece by piece: each piece's anonymous pages, freed by its swap, are at hand for the next piece's
        // page-cache pages (see `swapPiece`). A failure keeps the rest as it was; the pieces before stay spilled.
        var done = 0
        while done < range.count {
            let n = min(swapPiece, range.count - done)
            guard writeAll(fd, UnsafeRawPointer(at + done), n, offset: done) else {
                _ = refuse("pwrite at \(done)")
                break
            }
            guard swapIn(fd, at: at + done, count: n, offset: done) else {
                _ = refuse("swap at \(done)")
                break
            }
            done += n
        }
        return done
        #else
        return 0
        #endif
    }

    /// Why the last `spill` that stopped short did (its step and errno): for the messages of tests.
    static let lastRefusal = Locked("")

    private static func refuse(_ why: String) -> Int {
        let e = errno
        lastRefusal.withLock { $0 = "\(why), errno \(e)" }
        return 0
    }

    /// Takes the whole pages of `bytes` that are a shared mapping (a spilled array, an out-of-core array) out of the
    /// resident set: they stay in their file and a later read faults them back. Anything else in the range
    /// (anonymous memory, whose pages `MADV_DONTNEED` would zero) is left alone, per /proc/self/maps, so this is
    /// safe on any live array.
    public static func drop(_ bytes: UnsafeRawBufferPointer) {
        #if os(Linux)
        guard let range = wholePages(bytes) else { return }
        for shared in sharedMappings(within: range) {
            if let at = UnsafeMutableRawPointer(bitPattern: shared.lowerBound) {
                _ = madvise(at, shared.count, MADV_DONTNEED)
            }
        }
        #endif
    }

    /// Drops the shared-mapped pages of each column (see `drop`).
    public static func drop<T>(_ columns: Column<T>...) {
        for c in columns where c.count > 0 {
            drop(UnsafeRawBufferPointer(start: c.base, count: c.count * MemoryLayout<T>.stride))
        }
    }

    /// The page-aligned addresses inside `bytes`, or nil when it holds no whole page.
    static func wholePages(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        guard let base = bytes.baseAddress else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + bytes.count) / page * page
        return end > start ? start..<end : nil
    }

    /// With HDX_FORCE_SPILL set (tests), any whole page qualifies.
    static let forced: Bool = getenv("HDX_FORCE_SPILL").map { $0.pointee != 0 && $0.pointee != 0x30 } ?? false
    private static var forcedMinimum: Int { forced ? 1 : minimumBytes }

    /// Bytes per `pwrite`. Measured once on the 2-core VM (Linux 6.18, ext4) with C experiments that are not kept
    /// (`Benchmarks/first_open.py`'s dominator-phase sys time is the reproducible figure): 256 MiB written in 1 MiB
    /// pieces cost 0.04 CPU-s every time, in one call 0.17-0.56 CPU-s (the kernel's copy into page-cache folios runs up to 10x
    /// slower with huge writes, on one of the two CPUs in particular).
    static let writePiece = 1 << 20

    /// Bytes written and swapped in at a time. Writing a whole array before swapping any of it takes all its
    /// page-cache pages from free memory that the VM may have handed back to its host (fresh pages there cost a
    /// host fault each): 256 MiB cost 0.33 CPU-s on one CPU that way, 0.06-0.07 in 8 or 32 MiB pieces (the same
    /// one-off experiments), where the
    /// pages each swap frees are reused at once (and the resident set never holds both copies of more than a piece).
    static let swapPiece = 8 << 20

    #if os(Linux)
    private static func writeAll(_ fd: Int32, _ from: UnsafeRawPointer, _ count: Int, offset: Int) -> Bool {
        var done = 0
        while done < count {
            let n = pwrite(fd, from + done, min(count - done, writePiece), off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// Replaces the `count` bytes at `at` by a shared mapping of `fd` from `offset` (which holds the same bytes): the
    /// file is mapped at a free address first, then moved over the old pages by one
    /// `mremap(MREMAP_MAYMOVE | MREMAP_FIXED)`, which the kernel does under the address-space lock: a thread reading
    /// the array meanwhile sees the old pages or the new ones, never a hole. Returns false (the same bytes still at
    /// `at`, in anonymous memory) when the file cannot be mapped or moved.
    private static func swapIn(_ fd: Int32, at: UnsafeMutableRawPointer, count: Int, offset: Int) -> Bool {
        guard let fresh = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset)),
              fresh != MAP_FAILED else { return false }
        if hdx_mremap_fixed(fresh, count, at) == at { return true }
        // The move failed. The kernel unmaps the target before it moves, so in a very rare failure (no memory for
        // page tables) the old pages may be gone: the range is then no longer one anonymous mapping, and the
        // file's copy (still mapped at `fresh`) fills it again.
        let range = Int(bitPattern: at)..<(Int(bitPattern: at) + count)
        if anonymousMapping(covering: range) {
            munmap(fresh, count)
            return false
        }
        if hdx_mremap_fixed(fresh, count, at) == at { return true }
        let anon = mmap(at, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
        guard anon == at else { fatalError("could not restore memory after a failed spill") }
        memcpy(at, fresh, count)
        munmap(fresh, count)
        return false
    }

    #endif

    /// Nil when `bytes` lies in a glibc malloc chunk that is its own `mmap`, else which check failed: the chunk
    /// header sits 16 bytes before the pointer malloc returned, at the start of a page (an array's own header, up
    /// to 64 bytes, may follow it); its size word has IS_MMAPPED (2) set and NON_MAIN_ARENA (4) clear, is whole
    /// pages and covers the array; and the kernel shows that chunk inside one anonymous private mapping.
    static func ownMappingRefusal(_ bytes: UnsafeRawBufferPointer) -> String? {
        #if os(Linux)
        guard let base = bytes.baseAddress else { return "no address" }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let e = Int(bitPattern: base)
        let chunk = (e - 16) / page * page
        let header = e - chunk - 16
        guard header >= 0, header <= 64, header % 16 == 0,
              let p = UnsafeRawPointer(bitPattern: chunk) else { return "no chunk header at a page start" }
        let prevSize = p.loadUnaligned(as: UInt64.self)
        let sizeWord = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let size = Int(truncatingIfNeeded: sizeWord & ~7)
        guard prevSize == 0, sizeWord & 2 != 0, sizeWord & 4 == 0, size % page == 0,
              size > 0, chunk + size >= e + bytes.count else {
            return "chunk header \(prevSize) \(String(sizeWord, radix: 16)) is not one mmapped chunk around it"
        }
        return anonymousMapping(covering: chunk..<(chunk + size)) ? nil : "no one anonymous mapping covers it"
        #else
        return "not Linux"
        #endif
    }

    /// Whether one private anonymous read-write mapping (not the `[heap]`) covers `range`: asked of the kernel in
    /// one step (`PROCMAP_QUERY`, Linux 6.11+), else read from /proc/self/maps. The kernel writes that file a page
    /// at a time and lets the mappings change in between, so a line can be missed while other threads map and
    /// unmap: a "no" from the file is read again, up to three times.
    static func anonymousMapping(covering range: Range<Int>) -> Bool {
        if let answer = MappingQuery.anonymousPrivate(covering: range) { return answer }
        for _ in 0..<3 {
            var found = false
            forEachMapping { lo, hi, perms, inode, path in
                guard lo <= range.lowerBound && range.upperBound <= hi else { return true }
                found = perms.hasPrefix("rw-p") && inode == "0" && path.isEmpty
                return false
            }
            if found { return true }
        }
        return false
    }

    /// The parts of `range` that lie in shared mappings (perms `..s`).
    static func sharedMappings(within range: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        forEachMapping { lo, hi, perms, _, _ in
            let a = max(lo, range.lowerBound), b = min(hi, range.upperBound)
            if a < b && perms.hasSuffix("s") { out.append(a..<b) }
            return hi < range.upperBound
        }
        return out
    }

    /// Calls `body(start, end, perms, inode, path)` for each line of /proc/self/maps until it returns false.
    private static func forEachMapping(_ body: (Int, Int, Substring, Substring, String) -> Bool) {
        guard let f = fopen("/proc/self/maps", "r") else { return }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 1024)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, let dash = fields[0].firstIndex(of: "-"),
                  let lo = Int(fields[0][..<dash], radix: 16),
                  let hi = Int(fields[0][fields[0].index(after: dash)...], radix: 16) else { continue }
            let path = fields.count >= 6 ? String(fields[5].filter { !$0.isWhitespace }) : ""
            if !body(lo, hi, fields[1], fields[4], path) { return }
        }
    }
}

/// The kernel's answer, taken under its address-space lock, for the one mapping that covers an address
/// (`ioctl(PROCMAP_QUERY)` on /proc/self/maps, Linux 6.11+): no torn read while other threads map and unmap.
enum MappingQuery {
    /// `struct procmap_query` (include/uapi/linux/fs.h): 104 bytes, every field naturally aligned.
    private struct Query {
        var size: UInt64 = UInt64(MemoryLayout<Query>.size)
        var queryFlags: UInt64 = 0          // 0: the mapping must contain `queryAddress`
        var queryAddress: UInt64 = 0
        var start: UInt64 = 0
        var end: UInt64 = 0
        var flags: UInt64 = 0               // 1 read, 2 write, 4 execute, 8 shared
        var pageSize: UInt64 = 0
        var offset: UInt64 = 0
        var inode: UInt64 = 0
        var devMajor: UInt32 = 0
        var devMinor: UInt32 = 0
        var nameSize: UInt32 = 0            // in: the name buffer's size; out: the name's, NUL included (0: none)
        var buildIDSize: UInt32 = 0
        var nameAddress: UInt64 = 0
        var buildIDAddress: UInt64 = 0
    }

    /// _IOWR('f', 17, struct procmap_query).
    private static let request = UInt(3 << 30 | 104 << 16 | Int(UInt8(ascii: "f")) << 8 | 17)

    /// Whether one private, writable mapping of no file and no name (not the `[heap]`, not a named region) covers
    /// `range`; nil when the kernel cannot say (an older kernel: the caller reads /proc/self/maps).
    static func anonymousPrivate(covering range: Range<Int>) -> Bool? {
        #if os(Linux)
        precondition(MemoryLayout<Query>.size == 104)
        let fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var name = [CChar](repeating: 0, count: 64)
        var q = Query()
        q.queryAddress = UInt64(range.lowerBound)
        let result: Int32 = name.withUnsafeMutableBufferPointer { buffer in
            q.nameAddress = UInt64(UInt(bitPattern: buffer.baseAddress))
            q.nameSize = UInt32(buffer.count)
            return withUnsafeMutablePointer(to: &q) { ioctl(fd, request, $0) }
        }
        if result != 0 { return errno == ENOENT ? false : nil }   // ENOENT: nothing mapped there
        return q.start <= UInt64(range.lowerBound) && UInt64(range.upperBound) <= q.end
            && q.flags & 0b1111 == 0b0011 && q.inode == 0 && q.nameSize == 0   // rw-p, as in the maps file
        #else
        return nil
        #endif
    }
}
