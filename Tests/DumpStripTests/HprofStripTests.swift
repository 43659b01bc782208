import Foundation
import DumpStrip
import Testing

/// A hand-made HPROF: java.lang.Object (a static int k = 7) and class Secret (a constant 0x11223344, a static
/// int S = 42, fields int pin and Object next), one Secret (pin = 1234, next → the char[]), the char[] "hunter2",
/// an Object[] of both, a sticky-class and a frame root, and a symbol that names nothing ("hunter2 literal").
/// `zeroed` builds the file exactly as the stripper must write it, by hand.
func tinyHprof(zeroed: Bool) -> [UInt8] {
    var h = HprofBytes()
    h.utf8(1, "java/lang/Object")
    h.utf8(2, "Secret")
    h.utf8(3, "pin")
    h.utf8(4, "next")
    h.utf8(5, "S")
    h.utf8(6, zeroed ? "xxxxxxxxxxxxxxx" : "hunter2 literal")
    h.utf8(7, "k")
    h.record(0x02) { $0.u4(1); $0.id(0x100); $0.u4(1); $0.id(1) }
    h.record(0x02) { $0.u4(2); $0.id(0x200); $0.u4(1); $0.id(2) }
    h.record(0x1C) { r in
        // CLASS_DUMP java/lang/Object: static int k = 7 (JDK: kept)
        r.u1(0x20); r.id(0x100); r.u4(1); for _ in 0..<6 { r.id(0) }; r.u4(0)
        r.u2(0); r.u2(1); r.id(7); r.u1(10); r.u4(7); r.u2(0)
        // CLASS_DUMP Secret: constant #1 int, static int S, fields int pin, Object next
        r.u1(0x20); r.id(0x200); r.u4(1); r.id(0x100); for _ in 0..<5 { r.id(0) }; r.u4(12)
        r.u2(1); r.u2(1); r.u1(10); r.u4(zeroed ? 0 : 0x1122_3344)
        r.u2(1); r.id(5); r.u1(10); r.u4(zeroed ? 0 : 42)
        r.u2(2); r.id(3); r.u1(10); r.id(4); r.u1(2)
        // INSTANCE_DUMP Secret: pin, next
        r.u1(0x21); r.id(0x300); r.u4(1); r.id(0x200); r.u4(12); r.u4(zeroed ? 0 : 1234); r.id(0x400)
        // PRIM_ARRAY char[7] "hunter2"
        r.u1(0x23); r.id(0x400); r.u4(1); r.u4(7); r.u1(5)
        for u in "hunter2".utf16 { r.u2(zeroed ? 0 : Int(u)) }
        // OBJ_ARRAY [0x300, 0x400]
        r.u1(0x22); r.id(0x500); r.u4(1); r.u4(2); r.id(0x600); r.id(0x300); r.id(0x400)
        r.u1(0x05); r.id(0x200)
        r.u1(0x03); r.id(0x300); r.u4(1); r.u4(0)
    }
    h.record(0x2C) { _ in }
    return h.bytes
}

@Suite("HPROF: values zeroed, structure kept byte for byte")
struct HprofStripTests {
    @Test func zeroesExactlyTheValues() throws {
        let s = Scratch(); defer { s.remove() }
        let result = try s.strip(tinyHprof(zeroed: false), kind: .hprof)
        #expect(s.read("out") == tinyHprof(zeroed: true))
        let counts = Dictionary(result.counts, uniquingKeysWith: +)
        #expect(counts["primitiveArraysZeroed"] == 1)
        #expect(counts["primitiveArrayBytesZeroed"] == 14)
        #expect(counts["instanceFieldBytesZeroed"] == 4)
        #expect(counts["staticValuesZeroed"] == 1)
        #expect(counts["constantPoolValuesZeroed"] == 1)
        #expect(counts["symbolsOverwritten"] == 1)
    }

    @Test func gzipOutputInflatesToTheSameBytes() throws {
        let s = Scratch(); defer { s.remove() }
        _ = try s.strip(tinyHprof(zeroed: false), kind: .hprof, out: "out.gz", options: StripOptions(gzip: true))
        let gz = s.read("out.gz")
        #expect(gz.prefix(2) == [0x1f, 0x8b])
        let inflated = try GzipInflaterShim.inflate(s.path("out.gz"))
        #expect(inflated == tinyHprof(zeroed: true))
    }

    @Test func namesBecomePseudonymsExceptTheJDKs() throws {
        let s = Scratch(); defer { s.remove() }
        let result = try s.strip(tinyHprof(zeroed: false), kind: .hprof, options: StripOptions(names: true))
        let names = result.pseudonyms.originals
        #expect(Set(names.values) == ["Secret", "pin", "next", "S"])
        #expect(names.keys.allSatisfy { $0.count == 10 && "CfmS".contains($0.first!) })
        let out = s.read("out")
        let secretPseudonym = try #require(names.first { $0.value == "Secret" }?.key)
        #expect(out.contains(Array(secretPseudonym.utf8)))
        #expect(out.contains(Array("java/lang/Object".utf8)))
        #expect(!out.contains(Array("Secret".utf8)))
        // Only the UTF8 records changed length: Secret (6 → 10), pin (3 → 10), next (4 → 10), S (1 → 10).
        #expect(out.count == tinyHprof(zeroed: false).count + 4 + 7 + 6 + 9)
    }

    @Test func keepLeavesMatchingNamesReadable() throws {
        let s = Scratch(); defer { s.remove() }
        let options = StripOptions(names: true, keep: { $0 == "Secret" || $0 == "pin" })
        let result = try s.strip(tinyHprof(zeroed: false), kind: .hprof, options: options)
        #expect(Set(result.pseudonyms.originals.values) == ["next", "S"])
    }

    @Test func aTruncatedFileIsAnErrorNamingTheOffset() throws {
        let s = Scratch(); defer { s.remove() }
        let bytes = Array(tinyHprof(zeroed: false).dropLast(30))
        #expect {
            _ = try s.strip(bytes, kind: .hprof)
        } throws: { error in
            "\(error)".contains(": at byte ") && "\(error)".contains("expected")
        }
        #expect(!FileManager.default.fileExists(atPath: s.path("out")))
    }
}
