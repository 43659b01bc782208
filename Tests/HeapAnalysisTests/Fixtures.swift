@testable import HeapGraph

/// A small index built by hand: nodes 1...n with shallow sizes and classes, edges, roots.
func makeIndex(n: Int, shallow: [UInt32], classOf: [UInt32], classes: [String], edges: [(UInt32, UInt32)],
               roots: [UInt32], ids: [UInt64]? = nil, classObjects: [UInt32?]? = nil) throws -> HeapIndex {
    var start = ContiguousArray<UInt32>(repeating: 0, count: n + 2)
    var out = ContiguousArray<UInt32>()
    for v in 1...n {
        for e in edges where e.0 == UInt32(v) { out.append(e.1) }
        start[v + 1] = UInt32(out.count)
    }
    let g = try HeapGraph(objectIDs: ContiguousArray([0] + (ids ?? (1...n).map { UInt64($0) })),
                          classOf: ContiguousArray([0] + classOf), shallow32: ContiguousArray([0] + shallow),
                          outStart: start, outEdges: out, roots: roots.map { GCRoot(node: $0, kind: .other) },
                          classes: ClassTable(names: classes, classObjects: classObjects))
    return try HeapIndex(graph: g, details: NamesOnly(graph: g), info: DumpInfo(format: DumpFormat(id: "test", shortName: "test", displayName: "test", expectation: "a test"), version: "t", path: "t",
                                                                            fileBytes: 0))
}

struct NamesOnly: GraphDetails {
    let graph: HeapGraph
    func idString(_ node: UInt32) -> String { "#\(graph.objectIDs[Int(node)])" }
    func node(forIDString text: String) -> UInt32? { UInt64(text.dropFirst()).flatMap { graph.node(forID: $0) } }
    func referenceName(from source: UInt32, to target: UInt32) -> String? { "ref" }
    func preview(_ node: UInt32) -> String? { nil }
    func fields(of node: UInt32) -> [FieldValue] { [] }
    func displayClassName(_ node: UInt32) -> String { graph.className(node) }
}
