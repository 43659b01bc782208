#if canImport(Glibc)
import Glibc
#endif

/// Transparent huge pages for the parser's big output arrays: the kernel then maps 2 MiB at a time when the parser
/// first writes them, one page fault where there would be 512 (the faults and their bookkeeping were a tenth of the
/// CPU time of a first open). Only an advice: without THP (or with `never`) nothing changes.
enum HugePages {
    static let size = 2 << 20

    /// Advises the 2 MiB-aligned part of `bytes` bytes at `base` (buffers under 4 MiB are left alone).
    static func advise(_ base: UnsafeMutableRawPointer?, bytes: Int) {
        #if os(Linux)
        guard let base, bytes >= 2 * size else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(size - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }
}
