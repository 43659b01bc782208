import Dispatch

/// A section of a mapped index file that is verified lazily, chunk by chunk, the first time a byte of the chunk is
/// read: a reopen then hashes only the pages its answer touches instead of the whole index, and still no value
/// from the file is ever used unchecked. The columns over the section (`Column`) and its decoder pass every read
/// through the gate; a chunk whose hash differs from the one the (verified) header stored calls `onMismatch`, which
/// the persisted index sets to rebuild the index (it never returns).
///
/// The per-chunk flags are plain bytes written without synchronisation on purpose: the section's bytes are
/// read-only, so a thread that sees a stale 0 merely hashes the chunk again.
public final class SectionGate: @unchecked Sendable {
    /// log2 of the chunk size (256 KiB), the unit of lazy verification.
    public static let chunkShift = 18
    public static let chunkBytes = 1 << chunkShift

    /// Called with the index file and the section name when a chunk does not match; must not return.
    nonisolated(unsafe) public static var onMismatch: (@Sendable (_ file: String, _ section: String) -> Never)?

    public let name: String
    let file: String
    let bytes: UnsafeRawBufferPointer
    let sums: [UInt64]
    @usableFromInline let state: UnsafeMutablePointer<UInt8>
    /// 1 once every chunk was verified.
    @usableFromInline let whole: UnsafeMutablePointer<UInt8>
    /// The mapping the bytes live in.
    let owner: AnyObject

    /// How many chunk sums a section of `byteCount` bytes has.
    public static func chunkCount(_ byteCount: Int) -> Int { (byteCount + chunkBytes - 1) >> chunkShift }

    /// Chunk sums of `bytes` (as the header stores them), computed on all cores.
    public static func sums(_ bytes: UnsafeRawBufferPointer) -> [UInt64] {
        let n = chunkCount(bytes.count)
        var out = [UInt64](repeating: 0, count: n)
        let input = SendableBytes(bytes)
        out.withUnsafeMutableBufferPointer { o in
            let p = SendableSums(o.baseAddress)
            DispatchQueue.concurrentPerform(iterations: n) { c in
                p.base!.advanced(by: c).pointee = IndexHash.hash(chunk(c, of: input.bytes))
            }
        }
        return out
    }

    static func chunk(_ c: Int, of bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let lo = c << chunkShift
        return UnsafeRawBufferPointer(rebasing: bytes[lo..<min(lo + chunkBytes, bytes.count)])
    }

    /// `sums` must have `chunkCount(bytes.count)` entries.
    public init(name: String, file: String, bytes: UnsafeRawBufferPointer, sums: [UInt64], owner: AnyObject) {
        precondition(sums.count == SectionGate.chunkCount(bytes.count))
        self.name = name
        self.file = file
        self.bytes = bytes
        self.sums = sums
        self.owner = owner
        state = .allocate(capacity: max(sums.count, 1))
        state.initialize(repeating: 0, count: max(sums.count, 1))
        whole = .allocate(capacity: 1)
        whole.initialize(to: sums.isEmpty ? 1 : 0)
    }

    deinit {
        state.deallocate()
        whole.deallocate()
    }

    /// Verifies the chunk holding `byteOffset` (within the section) unless it was.
    @inlinable @inline(__always)
    public func check(byteOffset: Int) {
        let c = byteOffset &>> SectionGate.chunkShift
        if state[c] == 0 { verify(chunk: c) }
    }

    /// Verifies the chunks holding bytes `range` of the section.
    @inlinable
    public func check(bytes range: Range<Int>) {
        guard !range.isEmpty, whole.pointee == 0 else { return }
        var c = range.lowerBound &>> SectionGate.chunkShift
        let last = (range.upperBound - 1) &>> SectionGate.chunkShift
        while c <= last {
            if state[c] == 0 { verify(chunk: c) }
            c += 1
        }
    }

    /// Verifies every chunk (on all cores).
    @inlinable @inline(__always)
    public func checkAll() {
        if whole.pointee == 0 { verifyAll() }
    }

    @usableFromInline func verify(chunk c: Int) {
        guard IndexHash.hash(SectionGate.chunk(c, of: bytes)) == sums[c] else { fail() }
        state[c] = 1
    }

    @usableFromInline func verifyAll() {
        if !matches() { fail() }
    }

    /// Whether every chunk matches (verifying those not yet verified), without calling `onMismatch`.
    public func matches() -> Bool {
        if whole.pointee != 0 { return true }
        let pending = (0..<sums.count).filter { state[$0] == 0 }
        let failed = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        defer { failed.deallocate() }
        failed.initialize(to: 0)
        let flag = SendableFlag(failed)
        DispatchQueue.concurrentPerform(iterations: pending.count) { i in
            let c = pending[i]
            if IndexHash.hash(SectionGate.chunk(c, of: bytes)) == sums[c] { state[c] = 1 } else { flag.p.pointee = 1 }
        }
        guard failed.pointee == 0 else { return false }
        whole.pointee = 1
        return true
    }

    func fail() -> Never {
        if let handler = SectionGate.onMismatch { handler(file, name) }
        fatalError("index \(file): section \(name) does not match its checksum")
    }
}

private struct SendableSums: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt64>?
    init(_ base: UnsafeMutablePointer<UInt64>?) { self.base = base }
}

private struct SendableBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
}

private struct SendableFlag: @unchecked Sendable {
    let p: UnsafeMutablePointer<UInt8>
    init(_ p: UnsafeMutablePointer<UInt8>) { self.p = p }
}
