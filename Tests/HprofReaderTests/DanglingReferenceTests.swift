import Foundation
import Testing
import DumpInput
import DumpKit
import DumpReports
import HeapGraph
@testable import HprofReader

/// References to ids with no record: what HotSpot leaves out by design (class mirrors of CDS-archived classes that
/// are not loaded, held by the archived-heap roots array) is a fact; anything else stays a warning.
@Suite struct DanglingReferenceTests {
    /// TinyHeap plus: Object[3] 0x2000 (a JNI global, no object refers to it) holding 0xE0000, 0xE0010 (not in the
    /// dump) and leaf 0x1010, like HotSpot's archived-heap roots array; Holder 0x2100 (Java frame root) whose field
    /// `a` names 0xDEAD0 (not in the dump either).
    static func write(withHolder: Bool) -> HprofWriter {
        TinyHeap.write { w in
            w.record(0x1C) { h in
                h.objectArray(0x2000, classID: TinyHeap.objArray, elements: [0xE0000, 0, 0xE0010, 0x1010])
                h.root(0x01, 0x2000)
                if withHolder {
                    h.instance(0x2100, classID: TinyHeap.holder, data: h.idBytes(0xDEAD0) + [0, 0, 0, 1])
                    h.root(0x03, 0x2100)
                }
            }
        }
    }

    @Test func archivedRootsArrayIsAFactNotAWarning() throws {
        let d = try DumpLoader.load(path: try Self.write(withHolder: false).write("dangling-archived.hprof"))
        #expect(d.index.info.warnings.isEmpty, "\(d.index.info.warnings)")
        let fact = d.index.info.facts.first { $0.key == "undumpedClassMirrors" }?.value ?? ""
        #expect(fact.hasPrefix("2 references from the CDS archived-heap roots array (Object[] 0x2000"), "\(fact)")
    }

    @Test func otherDanglingReferencesStayAWarningNamingTheReferrer() throws {
        let d = try DumpLoader.load(path: try Self.write(withHolder: true).write("dangling-mixed.hprof"))
        #expect(d.index.info.warnings == ["1 reference(s) point to ids that are not in the dump (referrers: Holder 1); ignored"])
        #expect(d.index.info.facts.contains { $0.key == "undumpedClassMirrors" && $0.value.hasPrefix("2 references") })
    }

    /// The JDK 17 G1 sample (plain `jcmd GC.heap_dump`): its 792 dangling references are exactly the java.lang.Class
    /// mirrors the JVM's own histogram counts but the dump does not hold: histogram `java.lang.Class` instances =
    /// CLASS_DUMPs + primitive-type mirrors (both java.lang.Class nodes in hdx) + the undumped mirrors.
    @Test func realDumpDanglingReferencesAreTheUndumpedMirrors() throws {
        let dir = String(#filePath).components(separatedBy: "/Tests/")[0] + "/SampleDumps/java/"
        let d = try DumpLoader.load(path: dir + "finalizer.hprof.gz")
        #expect(!d.index.info.warnings.contains { $0.contains("not in the dump") }, "\(d.index.info.warnings)")
        let fact = try #require(d.index.info.facts.first { $0.key == "undumpedClassMirrors" }?.value)
        let undumped = try #require(Int(fact.prefix { $0.isNumber }))
        let histogram = try String(contentsOfFile: dir + "finalizer.histogram.txt", encoding: .utf8)
        let line = try #require(histogram.split(separator: "\n").first { $0.hasSuffix(" java.lang.Class (java.base@17.0.15)") })
        let jvmMirrors = try #require(Int(line.split(separator: " ")[1]))
        let g = d.index.graph
        let k = try #require(g.classes.names.firstIndex(of: "java.lang.Class"))
        let dumped = (1..<g.nodeCount).filter { g.classOf[$0] == UInt32(k) }.count
        #expect(undumped == 792)
        #expect(dumped + undumped == jvmMirrors, "\(dumped) dumped + \(undumped) undumped vs the JVM's \(jvmMirrors)")
        // The array itself is JVM-internal: a leak suspect made of it says so.
        let array = try #require(g.node(forID: 0xffe72730))
        #expect(d.extras(HprofDump.self)?.archivedRootsArrays == [array])
        let suspect = DumpReport(dump: d).suspects?.first { $0.id == "0xffe72730" }
        #expect(suspect == nil || suspect?.description.contains("CDS archived-heap roots array") == true)
    }
}
