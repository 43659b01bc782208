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
///     header body: key bytes, format, section count, per section: name, offset, length, checksum
///
/// The key (`DumpKey`) names the dump the index was built from; a file whose key, version, header checksum or any
/// section checksum does not match is not used. Checksums are a 4-lane multiply-xor hash over 8-byte words (not
/// cryptographic: they catch torn writes, bit flips and truncation, which is what can happen to our own file; a file
/// another user planted is refused by owner and mode before it is read). Every section is verified before use, in
/// 4 MiB chunks spread over all cores, so that no value from the file is ever used unchecked: this reads each page of
/// the index once (from the page cache, so it shows as file-backed resident memory that the kernel can drop).
enum IndexFile {
    static let magic: [UInt8] = Array("HDXINDEX".utf8)
    static let containerVersion: UInt32 = 1
    static let alignment = 4096
    static let chunk = 4 << 20

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
        let sums = checksums(raws)
        // Lay out: header, then sections at aligned offsets.
        func body(offsets: [Int]) -> [UInt8] {
            var e = IndexEncoder()
            e.int(key.count)
            var b = e.bytes
            b += key
            var rest = IndexEncoder()
            rest.string(format)
            rest.int(list.count)
            for (i, item) in list.enumerated() {
                rest.string(item.name)
                rest.int(offsets[i])
                rest.int(raws[i].count)
                rest.u64(sums[i])
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
        var sections: [String: UnsafeRawBufferPointer] = [:]
        var sums: [(UnsafeRawBufferPointer, UInt64)] = []
        for _ in 0..<(try h.count(minBytes: 32)) {
            let name = try h.string()
            let offset = try h.int(), length = try h.int()
            let sum = try h.u64()
            guard offset >= headerLength, offset % alignment == 0, length >= 0, length <= all.count - offset,
                  sections[name] == nil else {
                throw IndexFormatError("section \(name) out of bounds")
            }
            let raw = UnsafeRawBufferPointer(rebasing: all[offset..<offset + length])
            sections[name] = raw
            sums.append((raw, sum))
        }
        try h.requireEnd()
        // Verified chunk by chunk, each chunk's pages released from the resident set right after: the check
        // reads the whole index once, but only what the command then touches stays resident.
        let actual = checksums(sums.map(\.0), release: { chunk in
            file.release((chunk.baseAddress! - file.base)..<(chunk.baseAddress! - file.base + chunk.count))
        })
        for (i, s) in sums.enumerated() where actual[i] != s.1 {
            let name = sections.first { $0.value.baseAddress == s.0.baseAddress && $0.value.count == s.0.count }?.key
            throw IndexFormatError("section \(name ?? "?") checksum mismatch")
        }
        return (IndexSectionReader(sections: sections, owner: file), format)
    }

    /// Checksums of all buffers, computed in 4 MiB chunks on all cores and folded per buffer in chunk order.
    static func checksums(_ buffers: [UnsafeRawBufferPointer],
                          release: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil) -> [UInt64] {
        var list: [HashJob] = []
        for (i, b) in buffers.enumerated() {
            var p = 0
            repeat {
                let n = min(chunk, b.count - p)
                list.append(HashJob(bytes: UnsafeRawBufferPointer(rebasing: b[p..<p + n]), buffer: i))
                p += n
            } while p < b.count
        }
        let jobs = list
        let results = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: jobs.count)
        defer { results.deallocate() }
        let out = results.baseAddress!
        let pointer = SendablePointer(out)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            pointer.value[j] = IndexHash.hash(jobs[j].bytes)
            if jobs[j].bytes.count > 0 { release?(jobs[j].bytes) }
        }
        var sums = Array(repeating: UInt64(0), count: buffers.count)
        for (j, job) in jobs.enumerated() {
            sums[job.buffer] = (sums[job.buffer] ^ results[j]) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(job.bytes.count)
        }
        return sums
    }

    static func roundUp(_ v: Int) -> Int { (v + alignment - 1) / alignment * alignment }

    static func copyOut(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let m = UnsafeMutableRawBufferPointer.allocate(byteCount: max(b.count, 1), alignment: 16)
        if b.count > 0 { m.copyMemory(from: b) }
        return UnsafeRawBufferPointer(rebasing: m[0..<b.count])
    }
}

private struct HashJob: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let buffer: Int
}

private struct SendablePointer: @unchecked Sendable {
    let value: UnsafeMutablePointer<UInt64>
    init(_ value: UnsafeMutablePointer<UInt64>) { self.value = value }
}

/// A fast non-cryptographic 64-bit hash: four independent multiply-xor lanes over 8-byte words.
enum IndexHash {
    static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a0: UInt64 = 0x243F_6A88_85A3_08D3, a1: UInt64 = 0x1319_8A2E_0370_7344
        var a2: UInt64 = 0xA409_3822_299F_31D0, a3: UInt64 = 0x082E_FA98_EC4E_6C89
        var i = 0
        let n = b.count
        if let base = b.baseAddress {
            while i + 32 <= n {
                a0 = ((a0 ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k)
                a1 = ((a1 ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k)
                a2 = ((a2 ^ base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k)
                a3 = ((a3 ^ base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k)
                a0 ^= a0 >> 31; a1 ^= a1 >> 31; a2 ^= a2 >> 31; a3 ^= a3 >> 31
                i += 32
            }
            while i < n {
                a0 = (a0 ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* k
                a0 ^= a0 >> 31
                i += 1
            }
        }
        var h = UInt64(n) &* k
        for a in [a0, a1, a2, a3] {
            h = (h ^ a) &* k
            h ^= h >> 29
        }
        return h
    }
}
