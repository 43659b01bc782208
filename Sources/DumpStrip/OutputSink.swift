import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sequential, buffered writer onto a file descriptor, optionally gzip-compressed. Strippers write their output
/// through it in order, so the output never has to be held in memory.
public final class OutputSink {
    public static let capacity = 1 << 20
    private let fd: Int32
    private let name: String
    private var gz: gzFile?
    private let buffer: UnsafeMutableRawPointer
    private var used = 0
    /// Bytes written so far (before compression).
    public private(set) var written = 0

    public init(fd: Int32, name: String, gzip: Bool) throws(StripFailure) {
        self.fd = fd
        self.name = name
        buffer = UnsafeMutableRawPointer.allocate(byteCount: OutputSink.capacity, alignment: 16)
        memset(buffer, 0, OutputSink.capacity)
        if gzip {
            let copy = dup(fd)
            guard copy >= 0, let g = gzdopen(copy, "wb6") else {
                buffer.deallocate()
                throw StripFailure(.io, "cannot start a gzip stream for \(name)")
            }
            _ = gzbuffer(g, 1 << 20)
            gz = g
        }
    }

    deinit {
        buffer.deallocate()
        if let gz { gzclose(gz) }
    }

    /// Room for `count` contiguous bytes at the end of the buffer (flushes first when needed); `count` ≤ capacity.
    public func reserve(_ count: Int) throws(StripFailure) -> UnsafeMutableRawPointer {
        precondition(count <= OutputSink.capacity)
        if used + count > OutputSink.capacity { try flush() }
        let p = buffer + used
        used += count
        written += count
        return p
    }

    public func write(_ p: UnsafeRawPointer, _ count: Int) throws(StripFailure) {
        var offset = 0
        while offset < count {
            if used == OutputSink.capacity { try flush() }
            let n = min(count - offset, OutputSink.capacity - used)
            memcpy(buffer + used, p + offset, n)
            used += n
            offset += n
        }
        written += count
    }

    public func writeZeros(_ count: Int) throws(StripFailure) {
        var left = count
        while left > 0 {
            if used == OutputSink.capacity { try flush() }
            let n = min(left, OutputSink.capacity - used)
            memset(buffer + used, 0, n)
            used += n
            left -= n
        }
        written += count
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws in
            if let base = b.baseAddress { try write(base, b.count) }
        }
    }

    public func write(_ text: String) throws {
        var t = text
        try t.withUTF8 { (b: UnsafeBufferPointer<UInt8>) throws in
            if let base = b.baseAddress { try write(UnsafeRawPointer(base), b.count) }
        }
    }

    public func u8(_ v: UInt8) throws(StripFailure) { try reserve(1).storeBytes(of: v, as: UInt8.self) }
    public func u32be(_ v: UInt32) throws(StripFailure) {
        try reserve(4).storeBytes(of: v.bigEndian, toByteOffset: 0, as: UInt32.self)
    }

    public func flush() throws(StripFailure) {
        guard used > 0 else { return }
        if let gz {
            if gzwrite(gz, buffer, UInt32(used)) != Int32(used) {
                throw StripFailure(.io, "cannot write \(name): gzip stream error")
            }
        } else {
            var off = 0
            while off < used {
                let w = systemWrite(fd, buffer + off, used - off)
                if w < 0 {
                    if errno == EINTR { continue }
                    throw StripFailure(.io, "cannot write \(name): \(String(cString: strerror(errno)))")
                }
                off += w
            }
        }
        used = 0
    }

    /// Flushes everything and ends the gzip stream.
    public func finish() throws(StripFailure) {
        try flush()
        if let g = gz {
            gz = nil
            if gzclose(g) != Z_OK { throw StripFailure(.io, "cannot finish the gzip stream of \(name)") }
        }
    }
}

/// The C `write`, outside the class whose methods are also called `write`.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
