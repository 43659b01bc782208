import DumpInput
import DumpStrip
import Foundation

/// A private scratch directory per test.
struct Scratch {
    let dir: String

    init() {
        dir = NSTemporaryDirectory() + "hdx-strip-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { dir + "/" + name }

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = path(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    func read(_ name: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path(name)) ?? Data()) }

    func mode(_ name: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path(name)))?[.posixPermissions] as? Int) ?? -1
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    /// Strips `input` (bytes) into `out`, returning the result.
    func strip(_ input: [UInt8], kind: Stripper.Kind, out: String = "out", options: StripOptions = StripOptions())
        throws -> StripResult {
        let inPath = write("in-\(out)", input)
        let mapped = try MappedFile(path: inPath)
        return try Stripper.strip(mapped, kind: kind, inputPath: inPath, outPath: path(out), force: false,
                                  options: options)
    }
}

/// Big-endian HPROF bytes, written by hand for the tests (8-byte ids).
struct HprofBytes {
    var bytes: [UInt8] = Array("JAVA PROFILE 1.0.2".utf8) + [0, 0, 0, 0, 8] + [UInt8](repeating: 0, count: 8)

    mutating func u1(_ v: UInt8) { bytes.append(v) }
    mutating func u2(_ v: Int) { bytes += [UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
    mutating func u4(_ v: Int) { bytes += (0..<4).map { UInt8(v >> (24 - 8 * $0) & 0xff) } }
    mutating func id(_ v: UInt64) { bytes += (0..<8).map { UInt8(v >> (56 - 8 * UInt64($0)) & 0xff) } }

    /// A top-level record: `body` appends its content; the length is filled in.
    mutating func record(_ tag: UInt8, _ body: (inout HprofBytes) -> Void) {
        var inner = HprofBytes()
        inner.bytes = []
        body(&inner)
        u1(tag); u4(0); u4(inner.bytes.count)
        bytes += inner.bytes
    }

    mutating func utf8(_ id: UInt64, _ text: String) {
        record(0x01) { $0.id(id); $0.bytes += Array(text.utf8) }
    }
}

/// Inflates a gzip file with zlib (through DumpInput's inflater) and returns its bytes.
enum GzipInflaterShim {
    static func inflate(_ path: String) throws -> [UInt8] {
        let (file, _) = try GzipInflater.inflate(try MappedFile(path: path), accept: { _ in nil })
        return Array(file.bytes)
    }
}
