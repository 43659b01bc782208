import DumpInput
import Foundation

extension V8Stripper {
    /// Where the sections are and what the meta block says about the node and edge fields, with the string role of
    /// each node type and edge type.
    struct Sections {
        var meta: [String: Any]
        var nodes: Range<Int>, edges: Range<Int>, strings: Range<Int>
        var traceFunctionInfos: Range<Int>?
        var nodeTypes: [String], edgeTypes: [String]
        var nodeFields: Int, edgeFields: Int
        var typeIx: Int, nameIx: Int, eTypeIx: Int, eNameIx: Int, eToIx: Int
        /// The role a node's name has, by node type; an edge's name, by edge type (0: the name is an index).
        var nodeRole: [UInt8], edgeRole: [UInt8]

        init(_ file: MappedFile, top: [(key: String, range: Range<Int>)]) throws {
            func section(_ key: String) -> Range<Int>? { top.first { $0.key == key }?.range }
            guard let metaRange = section("snapshot"), let nodesRange = section("nodes"), let edgesRange = section("edges"),
                  let stringsRange = section("strings") else {
                throw DumpError(file: file.path, offset: 0, "expected a V8 heap snapshot with snapshot, nodes, edges and strings")
            }
            // The meta block is small: Foundation parses it.
            let metaData = Data(bytes: file.base + metaRange.lowerBound, count: metaRange.count)
            guard let snapshot = (try? JSONSerialization.jsonObject(with: metaData)) as? [String: Any],
                  let meta = snapshot["meta"] as? [String: Any],
                  let nodeFields = meta["node_fields"] as? [String], let nodeTypeList = meta["node_types"] as? [Any],
                  let nodeTypes = nodeTypeList.first as? [String], let edgeFields = meta["edge_fields"] as? [String],
                  let edgeTypeList = meta["edge_types"] as? [Any], let edgeTypes = edgeTypeList.first as? [String],
                  let typeIx = nodeFields.firstIndex(of: "type"), let nameIx = nodeFields.firstIndex(of: "name"),
                  let eTypeIx = edgeFields.firstIndex(of: "type"), let eNameIx = edgeFields.firstIndex(of: "name_or_index"),
                  let eToIx = edgeFields.firstIndex(of: "to_node"), nodeTypes.count < 256 else {
                throw DumpError(file: file.path, offset: metaRange.lowerBound, "expected snapshot.meta with node and edge fields")
            }
            self.meta = meta
            (nodes, edges, strings, traceFunctionInfos) = (nodesRange, edgesRange, stringsRange, section("trace_function_infos"))
            (self.nodeTypes, self.edgeTypes) = (nodeTypes, edgeTypes)
            (self.nodeFields, self.edgeFields) = (nodeFields.count, edgeFields.count)
            (self.typeIx, self.nameIx, self.eTypeIx, self.eNameIx, self.eToIx) = (typeIx, nameIx, eTypeIx, eNameIx, eToIx)
            nodeRole = nodeTypes.map { t in
                switch t {
                case "string", "concatenated string", "sliced string", "regexp": value
                case "object", "native": className
                case "closure", "code": function
                default: system
                }
            }
            edgeRole = edgeTypes.map { t in
                switch t {
                case "element", "hidden": 0
                case "property", "shortcut": property
                case "context": variable
                default: system
                }
            }
        }
    }

    /// Pass 1: nodes (type, name), then edges (type, name, target), then trace function infos: the roles of every
    /// string, and each node's type and name.
    struct Usage {
        var roles: [UInt8]
        var types: [UInt8] = []
        var names: [UInt32] = []

        init(_ scan: JSONScan, file: MappedFile, sections t: Sections, strings: [Int]) throws {
            let stringCount = strings.count / 2
            var roles = [UInt8](repeating: 0, count: stringCount)
            func role(_ s: Int, _ r: UInt8, at offset: Int) throws {
                guard s >= 0 && s < stringCount else {
                    throw DumpError(file: file.path, offset: offset, "expected a string index below \(stringCount), found \(s)")
                }
                roles[s] |= r
            }
            var types: [UInt8] = []
            var names: [UInt32] = []
            var current = (type: 0, name: 0)
            try scan.forEachInteger(in: t.nodes) { k, v, s, _ in
                let f = k % t.nodeFields
                if f == t.typeIx {
                    guard v < t.nodeTypes.count else { throw DumpError(file: file.path, offset: s, "expected a node type below \(t.nodeTypes.count)") }
                    current.type = v
                }
                if f == t.nameIx { current.name = v }
                if f == t.nodeFields - 1 {
                    try role(current.name, t.nodeRole[current.type], at: s)
                    types.append(UInt8(current.type))
                    names.append(UInt32(current.name))
                }
            }
            let nodeCount = types.count
            file.release(t.nodes)
            let isSource = try Usage.scriptSources(scan, file: file, sections: t, strings: strings, types: types, role: role)
            // Trace function infos: function and script names.
            if let infos = t.traceFunctionInfos, let fields = t.meta["trace_function_info_fields"] as? [String],
               !fields.isEmpty {
                let fn = fields.firstIndex(of: "name"), sn = fields.firstIndex(of: "script_name")
                try scan.forEachInteger(in: infos) { k, v, s, _ in
                    if k % fields.count == fn { try role(v, function, at: s) }
                    if k % fields.count == sn { try role(v, script, at: s) }
                }
            }
            for v in 0..<nodeCount where isSource[v] { roles[Int(names[v])] |= source }
            self.roles = roles
            self.types = types
            self.names = names
        }

        /// The edges: their names' roles, and which value strings are script sources (reached by an internal
        /// `source` edge).
        private static func scriptSources(_ scan: JSONScan, file: MappedFile, sections t: Sections, strings: [Int],
                                          types: [UInt8], role: (Int, UInt8, Int) throws -> Void) throws -> [Bool] {
            let nodeCount = types.count
            var isSource = [Bool](repeating: false, count: nodeCount)
            var sourceNames = Set<Int>()
            for i in 0..<(strings.count / 2) where strings[2 * i + 1] - strings[2 * i] == 8
                && scan.decode(strings[2 * i], strings[2 * i + 1]) == "source" {
                sourceNames.insert(i)
            }
            let internalType = t.edgeTypes.firstIndex(of: "internal") ?? -1
            var edge = (type: 0, name: 0, to: 0)
            let nf = t.nodeFields
            try scan.forEachInteger(in: t.edges) { k, v, s, _ in
                let f = k % t.edgeFields
                if f == t.eTypeIx {
                    guard v < t.edgeTypes.count else { throw DumpError(file: file.path, offset: s, "expected an edge type below \(t.edgeTypes.count)") }
                    edge.type = v
                }
                if f == t.eNameIx { edge.name = v }
                if f == t.eToIx {
                    guard v % nf == 0, v / nf < nodeCount else {
                        throw DumpError(file: file.path, offset: s, "expected a node index (a multiple of \(nf) below \(nodeCount * nf))")
                    }
                    edge.to = v / nf
                }
                guard f == t.edgeFields - 1 else { return }
                let r = t.edgeRole[edge.type]
                guard r != 0 else { return }
                try role(edge.name, r, s)
                if edge.type == internalType && sourceNames.contains(edge.name) && t.nodeRole[Int(types[edge.to])] == value {
                    isSource[edge.to] = true
                }
            }
            file.release(t.edges)
            return isSource
        }
    }

    /// What becomes of every string: kept bytes, a pseudonym, or a placeholder; shared value strings get an appended
    /// placeholder (`appendedIndex`) so that the name survives and the value does not.
    struct Plan {
        /// nil: keep the original bytes.
        var replacement: [String?]
        var appended: [String] = []
        var appendedIndex: [Int32]
        var masked = 0, dropped = 0, renamed = 0

        init(_ roles: [UInt8], strings: [Int], scan: JSONScan, options: StripOptions, pseudonyms: inout Pseudonyms) {
            let stringCount = roles.count
            replacement = [String?](repeating: nil, count: stringCount)
            appendedIndex = [Int32](repeating: -1, count: stringCount)
            for i in 0..<stringCount {
                let r = roles[i]
                let placeholder = r & source != 0 ? "" : "<string \(i)>"
                if r & nameRoles == 0 {
                    replacement[i] = placeholder
                    if r & source != 0 { dropped += 1 } else { masked += 1 }
                    continue
                }
                if r & value != 0 {
                    appendedIndex[i] = Int32(stringCount + appended.count)
                    appended.append(placeholder)
                    if r & source != 0 { dropped += 1 } else { masked += 1 }
                }
                if options.names && r & system == 0 {
                    let text = scan.decode(strings[2 * i], strings[2 * i + 1])
                    if !V8Stripper.readable(text) && !options.keeps(text) {
                        let prefix = r & className != 0 ? "C" : r & function != 0 ? "F" : r & property != 0 ? "p"
                            : r & variable != 0 ? "v" : "S"
                        replacement[i] = pseudonyms.pseudonym(for: text, prefix: prefix)
                        renamed += 1
                    }
                }
            }
        }
    }
}
