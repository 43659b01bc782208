#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import DumpInput
import HeapGraph

/// The persisted index file: one header, then named sections each aligned to 4 KiB.
///
///     "HDXINDEX" | u32 container version | u32 header length | header body (IndexEncoder) | u64 header checksum
///     header body: key bytes, format, chunk shift, section count,
///                  per section: name, offset, length, chunk count, one checksum per chunk
///
/// The key (`DumpKey`) names the dump the index was built from; a file whose key, version or header checksum does
/// not match is not used. Each section is checksummed per 256 KiB chunk (`SectionGate`: a 4-lane multiply-xor hash
/// over 8-byte words, not cryptographic: it catches torn writes, bit flips and truncation, which is what can happen
/// to our own file; a file another user planted is refused by owner and mode before it is read). Opening verifies
/// only the header; a chunk is verified the first time one of its bytes is read, so a reopen hashes (and faults in)
/// only the pages its answer needs, and no value from the file is ever used unchecked. A chunk that does not match
/// makes hdx rebuild the index (`PersistedIndex.rebuildAfterMismatch`).
enum IndexFile {
    static let magic: [UInt8] = Array("HDXINDEX".utf8)
    static let containerVersion: UInt32 = 2
    static let alignment = 4096

    /// Writes `sections` with `key` to `path` through `PrivateFile` (temporary name, 0600, rename).
    static func write(_ sections: IndexSections, key: [UInt8], format: String, to path: String,
                      dumpPath: String) throws(DumpError) {
        let list = sections.list
        let raws: [UnsafeRawBufferPointer] = list.map { item in
            switch item.payload {
            case .encoded(let bytes): return bytes.withUnsafeBytes { copyOut($0) }
            case .column(let raw, _): return raw
            }
        }
        defer {
            for (i, item) in list.enumerated() {
                if case .encoded = item.payload { raws[i].deallocate() }
            }
        }
        // Spilled columns (see `Spill`) go back out of memory once read.
        let sums = raws.map { r in
            defer { Spill.drop(r) }
            return SectionGate.sums(r)
        }
        // Lay out: header, then sections at aligned offsets.
        func body(offsets: [Int]) -> [UInt8] {
            var e = IndexEncoder()
            e.int(key.count)
            var b = e.bytes
            b += key
            var rest = IndexEncoder()
            rest.string(format)
            rest.int(SectionGate.chunkShift)
            rest.int(list.count)
            for (i, item) in list.enumerated() {
                rest.string(item.name)
                rest.int(offsets[i])
                rest.int(raws[i].count)
                rest.int(sums[i].count)
                for sum in sums[i] { rest.u64(sum) }
            }
            b += rest.bytes
            return b
        }
        let provisional = body(offsets: Array(repeating: 0, count: list.count))
        let headerLength = 16 + provisional.count + 8
        var offsets: [Int] = []
        var at = roundUp(headerLength)
        for r in raws {
            offsets.append(at)
            at = roundUp(at + r.count)
        }
        var header = magic
        var e = IndexEncoder()
        e.u32(containerVersion)
        e.u32(UInt32(headerLength))
        header += e.bytes
        header += body(offsets: offsets)
        var sumEncoder = IndexEncoder()
        sumEncoder.u64(header.withUnsafeBytes { IndexHash.hash($0) })
        header += sumEncoder.bytes
        precondition(header.count == headerLength)
        try PrivateFile.create(path, inputs: [dumpPath]) { (out: PrivateFileWriter) throws(DumpError) in
            try out.write(header)
            var written = header.count
            let zeros = [UInt8](repeating: 0, count: alignment)
            for (i, r) in raws.enumerated() {
                try out.write(zeros[0..<(offsets[i] - written)])
                written = offsets[i]
                var p = 0
                while p < r.count {
                    let n = min(1 << 20, r.count - p)
                    try out.write(UnsafeRawBufferPointer(rebasing: r[p..<p + n]))
                    p += n
                }
                written += r.count
                Spill.drop(r)
            }
        }
    }

    /// Maps `path` and returns its verified sections, or why it cannot be used.
    static func read(_ path: String, key: [UInt8]) -> Result<(IndexSectionReader, format: String), IndexFormatError> {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .failure(IndexFormatError("cannot open: \(String(cString: strerror(errno)))")) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return .failure(IndexFormatError("not a regular file"))
        }
        guard st.st_uid == geteuid(), st.st_mode & 0o022 == 0 else {
            close(fd)
            return .failure(IndexFormatError("not owned by this user or writable by others; not trusted"))
        }
        guard st.st_size >= 24 else {
            close(fd)
            return .failure(IndexFormatError("truncated"))
        }
        let mapped: MappedFile
        do { mapped = try MappedFile(fd: fd, reportAs: path) } catch {
            close(fd)
            return .failure(IndexFormatError(error.description))
        }
        close(fd)
        do throws(IndexFormatError) {
            return .success(try parse(mapped, key: key))
        } catch {
            return .failure(error)
        }
    }

    static func parse(_ file: MappedFile, key: [UInt8]) throws(IndexFormatError) -> (IndexSectionReader, format: String) {
        let all = file.bytes
        guard all.count >= 24, Array(all[0..<8]) == magic else { throw IndexFormatError("not an hdx index") }
        var d = IndexDecoder(UnsafeRawBufferPointer(rebasing: all[8..<16]), section: "header")
        guard try d.u32() == containerVersion else { throw IndexFormatError("another index version") }
        let headerLength = Int(try d.u32())
        guard headerLength >= 24, headerLength <= all.count else { throw IndexFormatError("header length out of range") }
        let stored = all.loadUnaligned(fromByteOffset: headerLength - 8, as: UInt64.self)
        guard UInt64(littleEndian: stored) == IndexHash.hash(UnsafeRawBufferPointer(rebasing: all[0..<headerLength - 8])) else {
            throw IndexFormatError("header checksum mismatch")
        }
        var h = IndexDecoder(UnsafeRawBufferPointer(rebasing: all[16..<headerLength - 8]), section: "header")
        let keyLength = try h.count()
        var storedKey: [UInt8] = []
        for _ in 0..<keyLength { storedKey.append(try h.u8()) }
        guard storedKey == key else { throw IndexFormatError("built from another version of the dump or of hdx") }
        let format = try h.string()
        guard try h.int() == SectionGate.chunkShift else { throw IndexFormatError("another chunk size") }
        var gates: [SectionGate] = []
        var names = Set<String>()
        for _ in 0..<(try h.count(minBytes: 32)) {
            let name = try h.string()
            let offset = try h.int(), length = try h.int()
            guard offset >= headerLength, offset % alignment == 0, length >= 0, length <= all.count - offset,
                  names.insert(name).inserted, try h.int() == SectionGate.chunkCount(length) else {
                throw IndexFormatError("section \(name) out of bounds")
            }
            var sums: [UInt64] = []
            sums.reserveCapacity(SectionGate.chunkCount(length))
            for _ in 0..<SectionGate.chunkCount(length) { sums.append(try h.u64()) }
            gates.append(SectionGate(name: name, file: file.path, bytes: UnsafeRawBufferPointer(rebasing: all[offset..<offset + length]),
                                     sums: sums, owner: file))
        }
        try h.requireEnd()
        return (IndexSectionReader(gates: gates, owner: file), format)
    }

    static func roundUp(_ v: Int) -> Int { (v + alignment - 1) / alignment * alignment }

    static func copyOut(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let m = UnsafeMutableRawBufferPointer.allocate(byteCount: max(b.count, 1), alignment: 16)
        if b.count > 0 { m.copyMemory(from: b) }
        return UnsafeRawBufferPointer(rebasing: m[0..<b.count])
    }
}
