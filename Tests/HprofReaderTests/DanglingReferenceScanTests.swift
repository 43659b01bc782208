import Testing
import DumpKit
import HeapGraph
@testable import HprofReader

/// "No object refers to it", which tells HotSpot's archived-heap roots array from an ordinary JNI-global `Object[]`,
/// is read off the outgoing edges (the incoming ones are not built yet when the dump is read).
@Suite struct DanglingReferenceScanTests {
    /// TinyHeap plus the JNI-global Object[] 0x2000 with two references to ids not in the dump; `referrer`: an
    /// instance (0x2100, `Holder.a`, a Java frame root) that refers to the array.
    static func write(referrer: Bool) -> HprofWriter {
        TinyHeap.write { w in
            w.record(0x1C) { h in
                h.objectArray(0x2000, classID: TinyHeap.objArray, elements: [0xE0000, 0xE0010, 0x1010])
                h.root(0x01, 0x2000)
                if referrer {
                    h.instance(0x2100, classID: TinyHeap.holder, data: h.idBytes(0x2000) + [0, 0, 0, 1])
                    h.root(0x03, 0x2100)
                }
            }
        }
    }

    @Test func anArrayAnObjectRefersToIsNotTheArchivedRootsArray() throws {
        let d = try DumpLoader.load(path: try Self.write(referrer: true).write("dangling-referred.hprof"))
        #expect(d.index.info.warnings == ["2 reference(s) point to ids that are not in the dump (referrers: java.lang.Object[] 2); ignored"])
        #expect(!d.index.info.facts.contains { $0.key == "undumpedClassMirrors" })
        #expect(d.extras(HprofDump.self)?.archivedRootsArrays == [])
    }

    @Test func anArrayNoObjectRefersToIs() throws {
        let d = try DumpLoader.load(path: try Self.write(referrer: false).write("dangling-unreferred.hprof"))
        #expect(d.index.info.warnings.isEmpty, "\(d.index.info.warnings)")
        let array = try #require(d.index.graph.node(forID: 0x2000))
        #expect(d.extras(HprofDump.self)?.archivedRootsArrays == [array])
    }

    /// The scan itself over edges enough to be cut per core: only edges' targets count, weak ones too.
    @Test func referredFindsTargetsInEveryPart() {
        var edges = ContiguousArray((0..<300_000).map { UInt32(10 + $0 % 1000) })
        edges[299_999] = Edge.make(5_000, weak: true)
        edges[150_000] = 7_000
        let found = DanglingReferences.referred([5_000, 7_000, 8_000, 500], edges: Column(edges))
        #expect(found == [5_000, 7_000, 500])
    }
}
