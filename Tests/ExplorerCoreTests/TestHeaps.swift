import HeapGraph
import HprofReader
@testable import ExplorerCore

/// Details for hand-built graphs: ids print as `0x` + hex of 0x1000 + 16·node, names come from tables.
struct TableDetails: GraphDetails {
    var names: [UInt64: String] = [:]         // key: src << 32 | dst
    var previews: [UInt32: String] = [:]
    var classObjects: [UInt32: String] = [:]
    var primitiveFields: [UInt32: [FieldValue]] = [:]
    var threadNames: [UInt32: String] = [:]
    let classNames: [String]
    let classOf: [UInt32]
    let out: [[UInt32]]

    func idString(_ node: UInt32) -> String { "0x" + String(0x1000 + 16 * UInt64(node), radix: 16) }
    func node(forIDString text: String) -> UInt32? {
        guard text.hasPrefix("0x"), let v = UInt64(text.dropFirst(2), radix: 16), v >= 0x1000 else { return nil }
        return UInt32((v - 0x1000) / 16)
    }
    func referenceName(from source: UInt32, to target: UInt32) -> String? {
        names[UInt64(source) << 32 | UInt64(target)]
    }
    func preview(_ node: UInt32) -> String? { previews[node] }
    func threadName(_ serial: UInt32) -> String? { threadNames[serial] }
    func fields(of node: UInt32) -> [FieldValue] {
        var f = primitiveFields[node] ?? []
        guard Int(node) < out.count else { return f }
        for raw in out[Int(node)] {
            let t = Edge.target(raw)
            f.append(FieldValue(name: referenceName(from: node, to: t) ?? "?", type: classNames[Int(classOf[Int(t)])],
                                value: "", target: t))
        }
        return f
    }
    func displayClassName(_ node: UInt32) -> String {
        classObjects[node] ?? classNames[Int(classOf[Int(node)])]
    }
}

/// Builds a HeapIndex from a node list with named edges.
struct HeapBuilder {
    var classNames: [String] = []
    var classOf: [UInt32] = [0]
    var shallow: [UInt32] = [0]
    var out: [[UInt32]] = [[]]
    var roots: [GCRoot] = []
    var details = TableDetails(classNames: [], classOf: [], out: [])

    mutating func cls(_ name: String) -> UInt32 {
        if let i = classNames.firstIndex(of: name) { return UInt32(i) }
        classNames.append(name)
        return UInt32(classNames.count - 1)
    }

    @discardableResult
    mutating func node(_ className: String, _ size: UInt32, preview: String? = nil) -> UInt32 {
        let c = cls(className)
        classOf.append(c)
        shallow.append(size)
        out.append([])
        let n = UInt32(classOf.count - 1)
        if let preview { details.previews[n] = preview }
        return n
    }

    mutating func edge(_ from: UInt32, _ to: UInt32, _ name: String, weak: Bool = false) {
        out[Int(from)].append(Edge.make(to, weak: weak))
        details.names[UInt64(from) << 32 | UInt64(to)] = name
    }

    func build(path: String = "/dumps/leakdemo.hprof", format: DumpFormat = .hprof, warnings: [String] = []) -> HeapIndex {
        var outStart = ContiguousArray<UInt32>([0])
        var edges = ContiguousArray<UInt32>()
        for e in out { edges += e; outStart.append(UInt32(edges.count)) }
        var ids = ContiguousArray<UInt64>([0])
        for i in 1..<classOf.count { ids.append(0x1000 + 16 * UInt64(i)) }
        let graph = try! HeapGraph(objectIDs: ids, classOf: ContiguousArray(classOf),
                                   shallow32: ContiguousArray(shallow), outStart: outStart, outEdges: edges,
                                   roots: roots, classes: ClassTable(names: classNames))
        var d = details
        d = TableDetails(names: d.names, previews: d.previews, classObjects: d.classObjects,
                         primitiveFields: d.primitiveFields, threadNames: d.threadNames, classNames: classNames, classOf: classOf, out: out)
        let info = DumpInfo(format: format, version: "JAVA PROFILE 1.0.2", path: path, fileBytes: 2_000_000,
                            facts: [(key: "idSize", value: "8")], warnings: warnings)
        do {
            return try HeapIndex(graph: graph, details: d, info: info)
        } catch {
            preconditionFailure("an index built without a progress sink cannot be cancelled: \(error)")
        }
    }
}

/// A small leak: a static cache (class com.example.Cache → HashMap → Node[] → Nodes → byte[] values), a thread
/// with a session that shares one value, a frame local that shares one key, a weak reference and one garbage object.
/// Retained sizes (computed by hand): Cache class 766,688; HashMap 766,624; Node[] 766,576; shared byte[] 1,000,016;
/// reachable 1,766,960; unreachable 4,096.
enum LeakDemo {
    static func index(warnings: [String] = []) -> HeapIndex {
        var b = HeapBuilder()
        let cache = b.node("com.example.Cache", 64)                       // 1
        let map = b.node("java.util.HashMap", 48)                         // 2
        let table = b.node("java.util.HashMap$Node[]", 16400)             // 3
        let n1 = b.node("java.util.HashMap$Node", 32)                     // 4
        let n2 = b.node("java.util.HashMap$Node", 32)                     // 5
        let n3 = b.node("java.util.HashMap$Node", 32)                     // 6
        let k1 = b.node("java.lang.String", 24, preview: "\"user-1\"")    // 7
        let k2 = b.node("java.lang.String", 24, preview: "\"user-2\"")    // 8
        let k3 = b.node("java.lang.String", 24, preview: "\"user-3\"")    // 9
        let v1 = b.node("byte[]", 1_000_016, preview: "byte[1000000]")    // 10
        let v2 = b.node("byte[]", 500_016, preview: "byte[500000]")       // 11
        let v3 = b.node("byte[]", 250_016, preview: "byte[250000]")       // 12
        let thread = b.node("java.lang.Thread", 120, preview: "\"main\"") // 13
        let locals = b.node("java.lang.Object[]", 40)                     // 14
        let weak = b.node("java.lang.ref.WeakReference", 32)              // 15
        b.node("byte[]", 4096, preview: "byte[4080]")                     // 16: garbage
        let session = b.node("com.example.Session", 40)                   // 17
        b.edge(cache, map, "map")
        b.edge(map, table, "table")
        b.edge(table, n1, "[0]"); b.edge(table, n2, "[1]"); b.edge(table, n3, "[2]")
        b.edge(n1, k1, "key"); b.edge(n1, v1, "value")
        b.edge(n2, k2, "key"); b.edge(n2, v2, "value")
        b.edge(n3, k3, "key"); b.edge(n3, v3, "value")
        b.edge(thread, session, "session")
        b.edge(locals, k1, "[0]"); b.edge(locals, thread, "[1]")
        b.edge(weak, v3, "referent", weak: true)
        b.edge(session, v1, "lastValue")
        b.roots = [GCRoot(node: cache, kind: .stickyClass), GCRoot(node: thread, kind: .threadObject, thread: 1),
                   GCRoot(node: locals, kind: .javaFrame, thread: 1, frame: 0), GCRoot(node: weak, kind: .jniGlobal)]
        b.details.classObjects[cache] = "class com.example.Cache"
        b.details.threadNames[1] = "main"
        b.details.primitiveFields[map] = [FieldValue(name: "size", type: "int", value: "3"),
                                          FieldValue(name: "loadFactor", type: "float", value: "0.75")]
        return b.build(warnings: warnings)
    }

    static func model() -> ExplorerModel {
        ExplorerModel(index: index(warnings: ["truncated at byte 1,999,000: 2 records skipped"]))
    }
}

/// A root array with `n` byte[] children of sizes 1000 + i (so the biggest is the last one added).
enum WideDemo {
    static func index(children n: Int) -> HeapIndex {
        var b = HeapBuilder()
        let holder = b.node("java.lang.Object[]", 16 + 4 * UInt32(n))
        for i in 0..<n {
            let c = b.node("byte[]", 1000 + UInt32(i))
            b.edge(holder, c, "[\(i)]")
        }
        b.roots = [GCRoot(node: holder, kind: .jniGlobal)]
        return b.build(path: "/dumps/wide.hprof")
    }
}
