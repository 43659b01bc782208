import Testing
import DumpKit
import HeapGraph

/// `java.lang.String` values: JDK 9+ `byte[]` with coder 0 (Latin-1) and 1 (UTF-16, VM byte order), JDK 8 `char[]`.
@Suite struct StringDecodingTests {
    func dump(latin1: [UInt8], utf16: [UInt8], chars: [UInt16]) throws -> LoadedDump {
        var w = HprofWriter()
        for (i, s) in [(1, "java/lang/Object"), (2, "java/lang/String"), (3, "[B"), (4, "[C"), (5, "value"),
                       (6, "coder"), (7, "Legacy")] as [(UInt64, String)] { w.utf8(i, s) }
        for (k, (cid, nid)) in [(0x100, 1), (0x110, 2), (0x120, 3), (0x130, 4), (0x140, 7)].enumerated() {
            w.loadClass(serial: UInt32(k + 1), classID: UInt64(cid), nameID: UInt64(nid))
        }
        w.record(0x1C) { h in
            h.classDump(0x100, super: 0)
            h.classDump(0x110, super: 0x100, fields: [(5, 2), (6, 8)])
            h.classDump(0x120, super: 0x100)
            h.classDump(0x130, super: 0x100)
            h.classDump(0x140, super: 0x100, fields: [(5, 2)])   // a JDK 8-style String: char[] value, no coder
            h.instance(0x1000, classID: 0x110, data: h.idBytes(0x2000) + [0])
            h.instance(0x1010, classID: 0x110, data: h.idBytes(0x2100) + [1])
            h.u1(0x23); h.id(0x2000); h.u4(1); h.u4(UInt32(latin1.count)); h.u1(8); h.bytes += latin1
            h.u1(0x23); h.id(0x2100); h.u4(1); h.u4(UInt32(utf16.count)); h.u1(8); h.bytes += utf16
            h.u1(0x23); h.id(0x2200); h.u4(1); h.u4(UInt32(chars.count)); h.u1(5)
            for c in chars { h.u2(c) }
            h.root(0x01, 0x1000)
            h.root(0x01, 0x1010)
            h.root(0x01, 0x2200)
        }
        w.record(0x2C) { _ in }
        return try DumpLoader.load(path: try w.write("strings.hprof"))
    }

    @Test func latin1AndUTF16() throws {
        // "café" in Latin-1; "日本" in UTF-16LE (the VM's byte order on x86 and ARM).
        let d = try dump(latin1: [0x63, 0x61, 0x66, 0xE9], utf16: [0xE5, 0x65, 0x2C, 0x67], chars: [0x48, 0x69])
        let details = d.index.details
        #expect(details.preview(d.index.graph.node(forID: 0x1000)!) == "\"café\"")
        #expect(details.preview(d.index.graph.node(forID: 0x1010)!) == "\"日本\"")
        #expect(details.preview(d.index.graph.node(forID: 0x2200)!) == "length 2")
    }
}
