import Foundation
import Testing
import DumpKit
import HeapGraph

/// The HPROF String scan (`:"text"`, `hdx strings`) on dumps written byte by byte: each String layout (JDK 9+
/// `byte[]` + `coder`, JDK 8 `char[]`, JDK 6 `char[]` + `offset`/`count`), Latin-1 and UTF-16 values, arrays far
/// from their String (another slice), a truncated dump. Expected matches come from the Swift texts written.
@Suite struct StringScanTests {
    enum Layout { case jdk9, jdk8, jdk6 }
    enum Stored { case latin1, utf16 }

    /// Name ids: 1 Object, 2 String, 3 [B, 4 [C, 5 value, 6 coder, 7 hash, 8 offset, 9 count, 10 Filler.
    /// String i has id 0x10000 + 16·i, its array 0x20000 + 16·i. `apart`: the arrays come after 600 KB of filler
    /// (other slices); else each follows its String. `cut`: bytes dropped from the end.
    static func write(_ layout: Layout, _ texts: [(String, Stored)], apart: Bool = false, cut: Int = 0) -> HprofWriter {
        var w = HprofWriter()
        let names: [(UInt64, String)] = [(1, "java/lang/Object"), (2, "java/lang/String"), (3, "[B"), (4, "[C"),
                                         (5, "value"), (6, "coder"), (7, "hash"), (8, "offset"), (9, "count")]
        for (i, s) in names { w.utf8(i, s) }
        for (k, c) in [(0x100, 1), (0x110, 2), (0x120, 3), (0x130, 4)].enumerated() {
            w.loadClass(serial: UInt32(k + 1), classID: UInt64(c.0), nameID: UInt64(c.1))
        }
        w.record(0x1C) { h in
            h.classDump(0x100, super: 0)
            switch layout {
            case .jdk9: h.classDump(0x110, super: 0x100, fields: [(5, 2), (6, 8), (7, 10)])
            case .jdk8: h.classDump(0x110, super: 0x100, fields: [(5, 2), (7, 10)])
            case .jdk6: h.classDump(0x110, super: 0x100, fields: [(5, 2), (8, 10), (9, 10), (7, 10)])
            }
            h.classDump(0x120, super: 0x100)
            h.classDump(0x130, super: 0x100)
            var arrays: [[UInt8]] = []
            for (i, (text, stored)) in texts.enumerated() {
                let sid = 0x10000 + 16 * UInt64(i), aid = 0x20000 + 16 * UInt64(i)
                var array: [UInt8] = [0x23] + h.idBytes(aid) + [0, 0, 0, 1]
                let units = Array(text.utf16)
                switch layout {
                case .jdk9:
                    let coder: UInt8 = stored == .latin1 ? 0 : 1
                    h.instance(sid, classID: 0x110, data: h.idBytes(aid) + [coder, 0, 0, 0, 0])
                    let bytes = stored == .latin1 ? units.map { UInt8($0) } : units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
                    array += be32(bytes.count) + [8] + bytes
                case .jdk8:
                    h.instance(sid, classID: 0x110, data: h.idBytes(aid) + [0, 0, 0, 0])
                    array += be32(units.count) + [5] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                case .jdk6:
                    // The text sits between "XX" and "YY" in a shared-looking array: offset 2, count = its length.
                    h.instance(sid, classID: 0x110, data: h.idBytes(aid) + be32(2) + be32(units.count) + [0, 0, 0, 0])
                    let all = Array("XX".utf16) + units + Array("YY".utf16)
                    array += be32(all.count) + [5] + all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                }
                if apart { arrays.append(array) } else { h.bytes += array }
                h.root(0x01, sid)
            }
            if apart {
                h.primitiveArray(0x30000, type: 8, count: 300_000, elementSize: 1)
                h.primitiveArray(0x30010, type: 8, count: 300_000, elementSize: 1)
                for a in arrays { h.bytes += a }
            }
        }
        if cut == 0 { w.record(0x2C) { _ in } } else { w.bytes.removeLast(cut) }
        return w
    }

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static let texts: [(String, Stored)] = [
        ("Hello World", .latin1), ("CAFÉ crème", .latin1), ("Grüße aus Köln", .latin1), ("日本語のテキスト", .utf16),
        ("emoji 😀 smile", .utf16), ("Кириллица ЖЖЖ", .utf16), ("hello again", .latin1), ("", .latin1),
        ("mixed Ünïcödé hello", .utf16),
    ]
    static let needles = ["hello", "HELLO", "é", "CRÈME", "köln", "本語", "😀", "жжж", "ЖЖЖ", "ü", "xx", "yy", "zzz",
                          "o w", ""]

    /// By hand from the texts: ASCII A–Z folded, the needle lowercased, compared as UTF-8.
    static func expected(_ texts: [(String, Stored)], _ needle: String, in d: LoadedDump) -> [UInt32] {
        let want = Array(needle.lowercased().utf8)
        return texts.indices.filter { i in
            let hay = texts[i].0.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            return want.isEmpty || (hay.count >= want.count
                && (0...(hay.count - want.count)).contains { Array(hay[$0..<$0 + want.count]) == want })
        }.compactMap { d.index.graph.node(forID: 0x10000 + 16 * UInt64($0)) }.sorted()
    }

    static func scan(_ d: LoadedDump, _ needle: String) throws -> [UInt32] {
        let scanner = try #require(StringScans.scanner(graph: d.index.graph, details: d.index.details))
        #expect(!(scanner is PreviewStringScan), "HPROF scans its String bytes")
        return StringScans.all(scanner, StringNeedle(needle))
    }

    @Test(arguments: [(Layout.jdk9, false), (.jdk9, true), (.jdk8, false), (.jdk8, true), (.jdk6, false), (.jdk6, true)])
    func scanMatchesTheTexts(_ layout: Layout, _ apart: Bool) throws {
        let texts = layout == .jdk9 ? Self.texts : Self.texts.map { ($0.0, Stored.utf16) }
        let d = try DumpLoader.load(path: try Self.write(layout, texts, apart: apart).write("strings-\(layout)-\(apart).hprof"))
        for needle in Self.needles {
            let expected = Self.expected(texts, needle, in: d)
            #expect(try Self.scan(d, needle) == expected, "\(layout) apart \(apart) \(needle)")
        }
        #expect(Self.expected(texts, "hello", in: d).count == 3)
        #expect(Self.expected(texts, "xx", in: d).isEmpty)
        // The value as the Object screen shows it, read the same direct way.
        let first = try #require(d.index.graph.node(forID: 0x10000 + 16 * 3))
        #expect(d.index.details.preview(first) == "\"日本語のテキスト\"")
    }

    @Test func truncatedDumpScansWhatIsThere() throws {
        // The last array loses its last bytes: its String has no value; the others are found.
        let texts: [(String, Stored)] = [("hello one", .latin1), ("hello two", .utf16), ("hello three", .latin1)]
        // 20 bytes: the last root record (JNI global: 17) and 3 bytes of the last array.
        let d = try DumpLoader.load(path: try Self.write(.jdk9, texts, cut: 20).write("strings-cut.hprof"))
        #expect(d.index.info.warnings.contains { $0.contains("truncated") || $0.contains("cut off") })
        let all = Self.expected(texts, "hello", in: d)
        #expect(all.count == 3)
        #expect(try Self.scan(d, "hello") == Array(all.prefix(2)), "\(all) \(d.index.info.warnings)")
    }

    @Test func aBrokenSurrogateDecodesAsReplacementAndMatchesOnlyAsOne() throws {
        // UTF-16 "a\u{D800}b": the lone surrogate is U+FFFD when decoded; "ab" does not match, "\u{FFFD}b" does.
        var w = Self.write(.jdk8, [("placeholder", .utf16)])
        let marker = Array("placeholder".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let at = try #require((0...(w.bytes.count - marker.count)).first { Array(w.bytes[$0..<$0 + marker.count]) == marker })
        let broken: [UInt16] = [0x61, 0xD800, 0x62] + Array(repeating: 0x20, count: 8)
        w.bytes.replaceSubrange(at..<at + marker.count, with: broken.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        let d = try DumpLoader.load(path: try w.write("strings-surrogate.hprof"))
        let node = try #require(d.index.graph.node(forID: 0x10000))
        #expect(try Self.scan(d, "ab").isEmpty)
        #expect(try Self.scan(d, "\u{FFFD}b") == [node])
        #expect(try Self.scan(d, "b ") == [node])
    }
}
