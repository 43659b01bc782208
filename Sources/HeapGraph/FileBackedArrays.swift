#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ContiguousArray`s whose pages, out of core, are a shared mapping of a private temporary file: the allocation seam
/// of readers that keep their arrays as `ContiguousArray` (V8). In memory (`ArrayStorage.memory`) these are plain
/// arrays. Out of core the array is allocated as usual and the whole pages of its elements are then replaced, in
/// place (`MAP_FIXED`), by a mapping of an unlinked 0600 file of the same size in `ArrayStorage.directory`, so the
/// kernel can write them back and drop them; everything that reads or writes the array is unchanged.
///
/// Why this is sound with glibc's malloc: the array asks for at least `outsideArenas` bytes of capacity, more than a
/// thread arena's heap can hold (64 MiB), so its block is either its own `mmap` (freeing it unmaps the whole block,
/// the file mapping with it, and the file's space is given back) or lies in the main heap (whose trimming unmaps or
/// `MADV_DONTNEED`s it; glibc never assumes such pages read as zero). The capacity beyond `count` is address space
/// only: no page of it is touched. Only on Linux; elsewhere the arrays stay in memory.
extension ArrayStorage {
    /// Arrays from this many bytes on are placed in a file out of core (smaller ones stay in memory).
    public static let fileArrayFrom = 64 << 10
    /// The capacity (bytes) an out-of-core array asks for: above any malloc thread arena.
    static let outsideArenas = 128 << 20

    /// `count` elements the caller writes before anything reads them.
    public func uninitializedArray<T: BitwiseCopyable>(_ type: T.Type, count: Int) -> ContiguousArray<T> {
        make(count: count, fill: nil)
    }

    /// `count` elements, all `value`.
    public func array<T: BitwiseCopyable>(repeating value: T, count: Int) -> ContiguousArray<T> {
        guard wantsFile(T.self, count) else { return ContiguousArray(repeating: value, count: count) }
        return make(count: count, fill: value)
    }

    /// A copy of `items` (in a file when out of core).
    public func array<T: BitwiseCopyable>(copying items: UnsafeBufferPointer<T>) -> ContiguousArray<T> {
        guard wantsFile(T.self, items.count) else { return ContiguousArray(items) }
        var out: ContiguousArray<T> = make(count: items.count, fill: nil)
        out.withUnsafeMutableBufferPointer { o in
            if let from = items.baseAddress, let to = o.baseAddress { to.update(from: from, count: items.count) }
        }
        return out
    }

    private func wantsFile<T>(_ type: T.Type, _ count: Int) -> Bool {
        #if os(Linux)
        return directory != nil && count * MemoryLayout<T>.stride >= ArrayStorage.fileArrayFrom
        #else
        return false
        #endif
    }

    private func make<T: BitwiseCopyable>(count: Int, fill: T?) -> ContiguousArray<T> {
        let stride = MemoryLayout<T>.stride
        guard wantsFile(T.self, count), let directory else {
            return ContiguousArray(unsafeUninitializedCapacity: count) { buf, n in
                if let fill { buf.initialize(repeating: fill) }
                n = count
            }
        }
        let capacity = max(count, (ArrayStorage.outsideArenas + stride - 1) / stride)
        return ContiguousArray(unsafeUninitializedCapacity: capacity) { buf, n in
            let elements = UnsafeMutableBufferPointer(rebasing: buf[0..<count])
            let covered = FileOverlay.place(UnsafeMutableRawBufferPointer(elements), directory: directory)
            if let fill {
                let zero = withUnsafeBytes(of: fill) { $0.allSatisfy { $0 == 0 } }
                if zero, let covered {
                    // Fresh file pages read as zero: only the partial pages at either end need writing.
                    let raw = UnsafeMutableRawBufferPointer(elements)
                    let head = covered.lowerBound, tail = covered.upperBound
                    UnsafeMutableRawBufferPointer(rebasing: raw[0..<head]).initializeMemory(as: UInt8.self, repeating: 0)
                    UnsafeMutableRawBufferPointer(rebasing: raw[tail...]).initializeMemory(as: UInt8.self, repeating: 0)
                } else {
                    elements.initialize(repeating: fill)
                }
            }
            n = count
        }
    }
}

/// Puts a temporary file under the whole pages of a block of memory.
enum FileOverlay {
    /// Maps a fresh temporary file over the whole pages inside `block` (its contents are lost: call it before
    /// writing). Returns the byte range of `block` now backed by the file, or nil when nothing was placed (no
    /// whole page, no file, no space: the block stays anonymous memory).
    static func place(_ block: UnsafeMutableRawBufferPointer, directory: String) -> Range<Int>? {
        #if os(Linux)
        guard let base = block.baseAddress else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + block.count) / page * page
        guard end > start, let at = UnsafeMutableRawPointer(bitPattern: start),
              let fd = StorageBlock.temporaryFile(in: directory) else { return nil }
        defer { close(fd) }   // the mapping keeps the (unlinked) file alive
        guard posix_fallocate(fd, 0, off_t(end - start)) == 0 else { return nil }
        let p = mmap(at, end - start, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0)
        guard let p, p != MAP_FAILED, p == at else {
            // A failed MAP_FIXED may have unmapped the range already: put anonymous memory back.
            let anon = mmap(at, end - start, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
            guard anon == at else { fatalError("could not restore memory after a failed file mapping") }
            return nil
        }
        let from = start - Int(bitPattern: base)
        return from..<(from + end - start)
        #else
        return nil
        #endif
    }
}
