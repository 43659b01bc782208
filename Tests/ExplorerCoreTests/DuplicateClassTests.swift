import HeapGraph
import Testing
@testable import DumpReports
@testable import ExplorerCore

/// Classes defined by more than one loader (the Class loaders report screen), on a hand-made heap: class `A` is
/// defined by loaders 3 and 4, class `B` once by the bootstrap loader.
@Suite struct DuplicateClassTests {
    @Test func sameNameInTwoLoaders() throws {
        let names = ["A", "A", "B", "Loader"]
        let classOf: [UInt32] = [0, 3, 3, 3, 3, 3]
        let graph = try HeapGraph(objectIDs: [0, 1, 2, 3, 4, 5], classOf: ContiguousArray(classOf),
                                  shallow32: [0, 16, 16, 32, 32, 16], outStart: [0, 0, 0, 0, 0, 0, 0], outEdges: [],
                                  roots: [GCRoot(node: 3, kind: .jniGlobal), GCRoot(node: 4, kind: .jniGlobal)],
                                  classes: ClassTable(names: names, classObjects: [1, 2, 5, nil]))
        var details = TableDetails(classNames: names, classOf: classOf, out: Array(repeating: [], count: 6))
        details.primitiveFields[1] = [FieldValue(name: "<classloader>", type: "Object", value: "0x3", target: 3)]
        details.primitiveFields[2] = [FieldValue(name: "<classloader>", type: "Object", value: "0x4", target: 4)]
        details.primitiveFields[5] = [FieldValue(name: "<classloader>", type: "Object", value: "null")]
        let info = DumpInfo(format: .hprof, version: "JAVA PROFILE 1.0.2", path: "/dumps/loaders.hprof", fileBytes: 1)
        let index = try HeapIndex(graph: graph, details: details, info: info)
        let dups = ReportScreens.duplicateClasses(index)
        #expect(dups.map(\.name) == ["A"])
        #expect(dups.first?.loaders == [3, 4])
    }
}
