#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput
import HeapGraph
@testable import V8Reader

/// Helpers: write snapshot text to a private temporary file, load it, find nodes by V8 id.
enum Fixture {
    static let meta = """
    {"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],\
    "node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic",\
    "concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number",\
    "number","number"],"edge_fields":["type","name_or_index","to_node"],\
    "edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],\
    "trace_function_info_fields":[],"trace_node_fields":[],"sample_fields":[],"location_fields":[]}
    """

    /// Node type numbers in `meta`.
    enum T: Int { case hidden = 0, array, string, object, code, closure, regexp, number, native, synthetic, cons }
    /// Edge type numbers in `meta`.
    enum E: Int { case context = 0, element, property, internalEdge, hidden, shortcut, weak }

    struct Node {
        var type: T
        var name: String
        var id: Int
        var size: Int
        var detachedness = 0
        /// (edge type, name or index, target position in the node list)
        var edges: [(E, String, Int)] = []
    }

    /// Builds a complete snapshot file text from nodes; names become the strings table.
    static func text(_ nodes: [Node], extraRootIndex: Int? = nil) -> String {
        var strings: [String] = [""]
        func sid(_ s: String) -> Int {
            if let i = strings.firstIndex(of: s) { return i }
            strings.append(s)
            return strings.count - 1
        }
        var nodeRows: [String] = []
        var edgeRows: [String] = []
        for n in nodes {
            nodeRows.append("\(n.type.rawValue),\(sid(n.name)),\(n.id),\(n.size),\(n.edges.count),0,\(n.detachedness)")
            for (t, name, to) in n.edges {
                let nm = (t == .element || t == .hidden) ? Int(name)! : sid(name)
                edgeRows.append("\(t.rawValue),\(nm),\(to * 7)")
            }
        }
        let root = extraRootIndex.map { ",\"root_index\":\($0 * 7)" } ?? ""
        let quoted: [String] = strings.map { (s: String) -> String in
            var q = "\""
            for c in s {
                // Backslashes are taken as written (tests spell escapes themselves); quotes are escaped.
                if c == "\"" { q += "\\\"" } else { q.append(c) }
            }
            return q + "\""
        }
        var out = "{\"snapshot\":{\"meta\":" + meta
        out += ",\"node_count\":\(nodes.count),\"edge_count\":\(edgeRows.count)" + root
        out += ",\"trace_function_count\":0},\n\"nodes\":[" + nodeRows.joined(separator: "\n,")
        out += "],\n\"edges\":[" + edgeRows.joined(separator: "\n,")
        out += "],\n\"trace_function_infos\":[],\n\"trace_tree\":[],\n\"samples\":[],\n\"locations\":[],\n\"strings\":["
        out += quoted.joined(separator: ",\n") + "]}\n"
        return out
    }

    static func write(_ text: String) -> String {
        let dir = getenv("TMPDIR").map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) } ?? "/tmp"
        var template = Array("\(dir)/hdx-v8test-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(fd >= 0)
        _ = fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let w = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
            precondition(w > 0)
            written += w
        }
        close(fd)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func load(_ text: String) throws -> V8Snapshot {
        let path = write(text)
        defer { unlink(path) }
        return try V8Snapshot.load(try MappedFile(path: path))
    }

    static func loadError(_ text: String) -> DumpError? {
        let path = write(text)
        defer { unlink(path) }
        do {
            _ = try V8Snapshot.load(try MappedFile(path: path))
            return nil
        } catch {
            return error
        }
    }

    /// Repository root (from this file's path), for the committed samples.
    static var repoRoot: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }

    static func sample(_ name: String) throws -> V8Snapshot {
        try V8Snapshot.load(try MappedFile(path: repoRoot + "/SampleDumps/v8/" + name))
    }
}

extension V8Snapshot {
    func node(_ id: Int) -> UInt32 { index.graph.node(forID: UInt64(id))! }
    func retained(_ id: Int) -> UInt64 { index.tree.retained[Int(node(id))] }
    func shallow(_ id: Int) -> UInt64 { index.graph.shallowSize(node(id)) }
    func idom(_ id: Int) -> Int? {
        let d = index.tree.idom[Int(node(id))]
        return d == HeapGraph.none || d == HeapGraph.superRoot ? nil : Int(index.graph.objectIDs[Int(d)])
    }
    func className(_ id: Int) -> String { index.graph.className(node(id)) }
    func histogramRow(_ name: String) -> ClassHistogram.Row? {
        index.histogram.rows.first { index.graph.classes[$0.classIndex] == name }
    }
}
