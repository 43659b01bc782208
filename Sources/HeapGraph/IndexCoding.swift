/// Building blocks of the persisted index file: named sections that are either typed arrays (written as they lie
/// in memory, read back as mapped `Column`s) or small records encoded with `IndexEncoder`. The file container
/// (header, key, checksums, placement) lives in DumpKit; here is only what the graph types need to save and
/// restore themselves.

/// Appends little-endian values and length-prefixed strings.
public struct IndexEncoder: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    public mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
    public mutating func strings(_ list: [String]) {
        int(list.count)
        for s in list { string(s) }
    }
}

/// Reads what `IndexEncoder` wrote; every read is bounds-checked and a count is checked against the bytes left
/// before anything is allocated for it.
public struct IndexDecoder {
    let bytes: UnsafeRawBufferPointer
    public private(set) var position = 0
    let section: String

    public init(_ bytes: UnsafeRawBufferPointer, section: String) {
        self.bytes = bytes
        self.section = section
    }

    public var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ n: Int) throws(IndexFormatError) -> Int {
        guard n >= 0, n <= bytes.count - position else {
            throw IndexFormatError("section \(section): expected \(n) more bytes at \(position), have \(bytes.count - position)")
        }
        defer { position += n }
        return position
    }

    public mutating func u8() throws(IndexFormatError) -> UInt8 { bytes[try take(1)] }
    public mutating func bool() throws(IndexFormatError) -> Bool {
        let v = try u8()
        guard v <= 1 else { throw IndexFormatError("section \(section): expected a boolean at \(position - 1)") }
        return v == 1
    }
    public mutating func u32() throws(IndexFormatError) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self))
    }
    public mutating func u64() throws(IndexFormatError) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self))
    }
    public mutating func i32() throws(IndexFormatError) -> Int32 { Int32(bitPattern: try u32()) }
    public mutating func int() throws(IndexFormatError) -> Int { Int(Int64(bitPattern: try u64())) }
    /// A count of items that take at least `minBytes` each: checked against what is left.
    public mutating func count(minBytes: Int = 1) throws(IndexFormatError) -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - position) / max(minBytes, 1) else {
            throw IndexFormatError("section \(section): count \(n) at \(position - 8) exceeds the section")
        }
        return n
    }
    public mutating func string() throws(IndexFormatError) -> String {
        let n = try count()
        let at = try take(n)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<at + n]), as: UTF8.self)
    }
    public mutating func strings() throws(IndexFormatError) -> [String] {
        let n = try count(minBytes: 8)
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }
    public func requireEnd() throws(IndexFormatError) {
        guard isAtEnd else { throw IndexFormatError("section \(section): \(bytes.count - position) bytes left over") }
    }
}

/// Why a persisted index was not used (it is then rebuilt).
public struct IndexFormatError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The sections of an index about to be written. Column payloads are kept alive (their owner) until written.
public struct IndexSections: @unchecked Sendable {
    // @unchecked: a `.column` payload is read-only memory that its `owner` keeps alive; nothing writes through it.
    public enum Payload {
        case encoded([UInt8])
        case column(UnsafeRawBufferPointer, owner: AnyObject?)
    }
    public private(set) var list: [(name: String, payload: Payload)] = []

    public init() {}

    public mutating func add(_ name: String, _ encoder: IndexEncoder) {
        precondition(!list.contains { $0.name == name }, "duplicate index section \(name)")
        list.append((name, .encoded(encoder.bytes)))
    }

    public mutating func add<T>(_ name: String, _ column: Column<T>) {
        precondition(!list.contains { $0.name == name }, "duplicate index section \(name)")
        list.append((name, .column(column.rawBytes, owner: column.owner)))
    }
}

/// The sections of a mapped index file. Each is verified before its bytes are used: a gated section (`SectionGate`)
/// chunk by chunk as its columns are read, whole when it is decoded or taken raw.
public struct IndexSectionReader: @unchecked Sendable {
    // @unchecked: the sections are read-only views of a mapping that `owner` keeps alive.
    let sections: [String: UnsafeRawBufferPointer]
    let gates: [String: SectionGate]
    let owner: AnyObject

    /// Sections already verified as a whole.
    public init(sections: [String: UnsafeRawBufferPointer], owner: AnyObject) {
        self.sections = sections
        self.gates = [:]
        self.owner = owner
    }

    /// Sections verified lazily through their gates.
    public init(gates: [SectionGate], owner: AnyObject) {
        var s: [String: UnsafeRawBufferPointer] = [:], g: [String: SectionGate] = [:]
        for gate in gates {
            s[gate.name] = gate.bytes
            g[gate.name] = gate
        }
        sections = s
        self.gates = g
        self.owner = owner
    }

    public func has(_ name: String) -> Bool { sections[name] != nil }

    /// The section's bytes, all verified.
    public func raw(_ name: String) throws(IndexFormatError) -> UnsafeRawBufferPointer {
        guard let s = sections[name] else { throw IndexFormatError("section \(name) is missing") }
        if let gate = gates[name], !gate.matches() { throw IndexFormatError("section \(name) checksum mismatch") }
        return s
    }

    /// Verifies every section not verified yet; the name of the first that does not match, or nil.
    public func verifyAll() -> String? {
        gates.values.sorted { $0.name < $1.name }.first { !$0.matches() }?.name
    }

    /// A mapped column with exactly `count` elements when given, verified chunk by chunk as it is read.
    public func column<T>(_ name: String, count: Int? = nil, as: T.Type = T.self) throws(IndexFormatError) -> Column<T> {
        guard let bytes = sections[name] else { throw IndexFormatError("section \(name) is missing") }
        guard let c = Column<T>(mapped: bytes, owner: owner, gate: gates[name]) else {
            throw IndexFormatError("section \(name): not a whole number of aligned \(T.self) values")
        }
        if let count, c.count != count {
            throw IndexFormatError("section \(name): expected \(count) values, found \(c.count)")
        }
        return c
    }

    public func decoder(_ name: String) throws(IndexFormatError) -> IndexDecoder {
        IndexDecoder(try raw(name), section: name)
    }
}
