import Foundation
import Testing
import DumpInput
import DumpKit
import DumpReports
import HeapGraph
@testable import HprofReader

/// A leak suspect made of class objects names the static fields that hold the memory (as MAT's suspects do),
/// instead of "N instances of java.lang.Class".
@Suite struct StaticSuspectTests {
    static let object: UInt64 = 0x100, klass: UInt64 = 0x110, bytes: UInt64 = 0x120, orderDesk: UInt64 = 0x130
    static let audit: UInt64 = 0x140, config: UInt64 = 0x150, big: UInt64 = 0x160

    /// Class objects are top-level (sticky roots), each holding a byte[] in a static field:
    ///   OrderDesk.ORDER_CACHE → byte[1400] 0x1000, Audit.LOG → byte[1200] 0x1010, Config.DEFAULTS → byte[800] 0x1020,
    ///   OrderDesk.NAME → byte[8] 0x1030 (too small to list: under 1% of the suspect).
    /// Big 0x2000 (a JNI global) → byte[6000] 0x2010 outweighs each class, so no class object alone passes 20%,
    /// while the three classes together hold 3,400 of about 9,600 bytes (35%).
    static func write() -> HprofWriter {
        var w = HprofWriter()
        let names: [(UInt64, String)] = [(1, "java/lang/Object"), (2, "java/lang/Class"), (3, "[B"), (4, "OrderDesk"),
                                         (5, "Audit"), (6, "Config"), (7, "Big"), (10, "ORDER_CACHE"), (11, "LOG"),
                                         (12, "DEFAULTS"), (13, "NAME"), (14, "data")]
        for (i, s) in names { w.utf8(i, s) }
        let classes: [(UInt64, UInt64)] = [(object, 1), (klass, 2), (bytes, 3), (orderDesk, 4), (audit, 5),
                                           (config, 6), (big, 7)]
        for (k, (cid, nid)) in classes.enumerated() { w.loadClass(serial: UInt32(k + 1), classID: cid, nameID: nid) }
        w.record(0x1C) { h in
            h.classDump(object, super: 0)
            h.classDump(klass, super: object)
            h.classDump(bytes, super: object)
            h.classDump(orderDesk, super: object, statics: [(10, 2, 0x1000), (13, 2, 0x1030)])
            h.classDump(audit, super: object, statics: [(11, 2, 0x1010)])
            h.classDump(config, super: object, statics: [(12, 2, 0x1020)])
            h.classDump(big, super: object, fields: [(14, 2)])
            h.primitiveArray(0x1000, type: 8, count: 1400, elementSize: 1)
            h.primitiveArray(0x1010, type: 8, count: 1200, elementSize: 1)
            h.primitiveArray(0x1020, type: 8, count: 800, elementSize: 1)
            h.primitiveArray(0x1030, type: 8, count: 8, elementSize: 1)
            h.instance(0x2000, classID: big, data: h.idBytes(0x2010))
            h.primitiveArray(0x2010, type: 8, count: 6000, elementSize: 1)
            for c in [object, klass, bytes, orderDesk, audit, config, big] { h.root(0x05, c) }
            h.root(0x01, 0x2000)
        }
        w.record(0x2C) { _ in }
        return w
    }

    @Test func classGroupSuspectNamesItsStaticFields() throws {
        let d = try DumpLoader.load(path: try Self.write().write("statics.hprof"))
        let g = d.index.graph
        func size(_ id: UInt64) throws -> UInt64 { g.shallowSize(try #require(g.node(forID: id))) }
        let report = DumpReport(dump: d)
        let suspects = try #require(report.suspects)
        let group = try #require(suspects.first { $0.kind == "class" })
        #expect(group.class == "java.lang.Class")
        let fields = try #require(group.staticFields)
        #expect(fields.map { "\($0.declaringClass).\($0.field)" } == ["OrderDesk.ORDER_CACHE", "Audit.LOG", "Config.DEFAULTS"])
        #expect(fields.map(\.retained) == [try size(0x1000), try size(0x1010), try size(0x1020)], "each byte[] alone")
        #expect(fields.map(\.id) == ["0x1000", "0x1010", "0x1020"])
        #expect(group.description.contains("through their static fields. Held in static fields: OrderDesk.ORDER_CACHE"))
        #expect(!group.description.contains("top-level instances of java.lang.Class"))
        let text = ReportText.render(report)
        #expect(text.contains("OrderDesk.ORDER_CACHE  →  byte[] 0x1000"), "\(text)")
        // The Big instance is a suspect of its own, with no static fields.
        let bigSuspect = try #require(suspects.first { $0.id == "0x2000" })
        #expect(bigSuspect.staticFields == nil)
    }
}
