import DumpInput
import Foundation

/// `hdx strip` for V8 `.heapsnapshot`: every string that is a *value* — the name of a string, concatenated string,
/// sliced string or regexp node — becomes `<string N>` (N: its index in the strings table); script sources (strings
/// reached by an internal `source` edge) become empty; strings no node or edge uses are masked too. Names stay:
/// constructor, function, property, variable and system names, unless `--names`, which replaces constructor,
/// function, property, variable and script names by pseudonyms (`C…`, `F…`, `p…`, `v…`, `S…`) and keeps
/// JavaScript's and Node's built-in names and V8's system names (`system / …`, `(…)`, `<…>`) readable.
///
/// The nodes, edges, locations, samples and trace arrays are copied byte for byte, except that a value string whose
/// text is also used as a name (`"id"` both a property name and a string value) gets a new placeholder appended to
/// the strings table and its string node's name field points there, so the name survives and the value does not.
public struct V8Stripper {
    // String roles (bit flags).
    static let value: UInt8 = 1, source: UInt8 = 2, system: UInt8 = 4, className: UInt8 = 8
    static let function: UInt8 = 16, property: UInt8 = 32, variable: UInt8 = 64, script: UInt8 = 128
    static let nameRoles: UInt8 = system | className | function | property | variable | script

    public static func strip(_ file: MappedFile, to sink: OutputSink, options: StripOptions) throws -> StripResult {
        var scan = JSONScan(base: file.base, end: file.count, path: file.path)
        scan.release = { file.release($0) }
        let top = try scan.topLevel()
        file.releaseAll()   // the pages read to find the sections leave the resident set (each pass releases its own)
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
        let nf = nodeFields.count, ef = edgeFields.count
        let strings = try scan.stringElements(in: stringsRange)
        let stringCount = strings.count / 2
        file.release(stringsRange)
        var roles = [UInt8](repeating: 0, count: stringCount)
        func role(_ s: Int, _ r: UInt8, at offset: Int) throws {
            guard s >= 0 && s < stringCount else {
                throw DumpError(file: file.path, offset: offset, "expected a string index below \(stringCount), found \(s)")
            }
            roles[s] |= r
        }

        // Node roles by type.
        var nodeRole = [UInt8](repeating: system, count: nodeTypes.count)
        for (i, t) in nodeTypes.enumerated() {
            switch t {
            case "string", "concatenated string", "sliced string", "regexp": nodeRole[i] = value
            case "object", "native": nodeRole[i] = className
            case "closure", "code": nodeRole[i] = function
            default: nodeRole[i] = system
            }
        }
        var edgeRole = [UInt8](repeating: 0, count: edgeTypes.count)   // 0: the name is an index
        for (i, t) in edgeTypes.enumerated() {
            switch t {
            case "element", "hidden": edgeRole[i] = 0
            case "property", "shortcut": edgeRole[i] = property
            case "context": edgeRole[i] = variable
            default: edgeRole[i] = system
            }
        }

        // Pass 1: nodes (type, name), then edges (type, name, target).
        var types: [UInt8] = []
        var names: [UInt32] = []
        var current = (type: 0, name: 0)
        try scan.forEachInteger(in: nodesRange) { k, v, s, _ in
            let f = k % nf
            if f == typeIx {
                guard v < nodeTypes.count else { throw DumpError(file: file.path, offset: s, "expected a node type below \(nodeTypes.count)") }
                current.type = v
            }
            if f == nameIx { current.name = v }
            if f == nf - 1 {
                try role(current.name, nodeRole[current.type], at: s)
                types.append(UInt8(current.type))
                names.append(UInt32(current.name))
            }
        }
        let nodeCount = types.count
        file.release(nodesRange)
        var isSource = [Bool](repeating: false, count: nodeCount)
        var sourceNames = Set<Int>()
        for i in 0..<stringCount where strings[2 * i + 1] - strings[2 * i] == 8 && scan.decode(strings[2 * i], strings[2 * i + 1]) == "source" {
            sourceNames.insert(i)
        }
        let internalType = edgeTypes.firstIndex(of: "internal") ?? -1
        var edge = (type: 0, name: 0, to: 0)
        try scan.forEachInteger(in: edgesRange) { k, v, s, _ in
            let f = k % ef
            if f == eTypeIx {
                guard v < edgeTypes.count else { throw DumpError(file: file.path, offset: s, "expected an edge type below \(edgeTypes.count)") }
                edge.type = v
            }
            if f == eNameIx { edge.name = v }
            if f == eToIx {
                guard v % nf == 0, v / nf < nodeCount else {
                    throw DumpError(file: file.path, offset: s, "expected a node index (a multiple of \(nf) below \(nodeCount * nf))")
                }
                edge.to = v / nf
            }
            guard f == ef - 1 else { return }
            let r = edgeRole[edge.type]
            guard r != 0 else { return }
            try role(edge.name, r, at: s)
            if edge.type == internalType && sourceNames.contains(edge.name) && nodeRole[Int(types[edge.to])] == value {
                isSource[edge.to] = true
            }
        }
        file.release(edgesRange)
        // Trace function infos: function and script names.
        if let infos = section("trace_function_infos"), let fields = meta["trace_function_info_fields"] as? [String],
           !fields.isEmpty {
            let fn = fields.firstIndex(of: "name"), sn = fields.firstIndex(of: "script_name")
            try scan.forEachInteger(in: infos) { k, v, s, _ in
                if k % fields.count == fn { try role(v, function, at: s) }
                if k % fields.count == sn { try role(v, script, at: s) }
            }
        }
        for v in 0..<nodeCount where isSource[v] { roles[Int(names[v])] |= source }

        // Decide every string: kept bytes, a pseudonym, or a placeholder; shared value strings get an appended one.
        var result = StripResult(format: "v8")
        var replacement = [String?](repeating: nil, count: stringCount)   // nil: keep the original bytes
        var appended: [String] = []
        var appendedIndex = [Int32](repeating: -1, count: stringCount)
        var masked = 0, dropped = 0, renamed = 0
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
                    replacement[i] = result.pseudonyms.pseudonym(for: text, prefix: prefix)
                    renamed += 1
                }
            }
        }

        // Pass 2: copy the file, rewriting the strings array and (when needed) string nodes' name fields.
        let base = file.base
        var pos = 0
        func copy(to offset: Int) throws {
            while offset > pos {   // 16 MiB at a time, each released once written
                let n = min(offset - pos, 16 << 20)
                try sink.write(base + pos, n)
                if n > 1 << 20 { file.release(pos..<(pos + n)) }
                pos += n
            }
        }
        var edits: [(Range<Int>, Int)] = [(stringsRange, 1)]
        if !appended.isEmpty { edits.append((nodesRange, 0)) }
        edits.sort { $0.0.lowerBound < $1.0.lowerBound }
        var repointed = 0
        var released = nodesRange.lowerBound
        for (range, what) in edits {
            try copy(to: range.lowerBound)
            if what == 0 {
                try scan.forEachInteger(in: nodesRange) { k, _, s, e in
                    guard k % nf == nameIx else { return }
                    let v = k / nf
                    let ai = appendedIndex[Int(names[v])]
                    guard ai >= 0, nodeRole[Int(types[v])] == value else { return }
                    try copy(to: s)
                    try sink.write(String(ai))
                    pos = e
                    repointed += 1
                    if e - released > 16 << 20 {
                        file.release(released..<e)
                        released = e
                    }
                }
                try copy(to: range.upperBound)
                file.release(range)
            } else {
                try sink.write("[")
                for i in 0..<stringCount {
                    if i > 0 { try sink.write(",\n") }
                    if let r = replacement[i] { try sink.write(Stripper.jsonString(r)) }
                    else { try sink.write(base + strings[2 * i], strings[2 * i + 1] - strings[2 * i]) }
                }
                for a in appended { try sink.write(",\n" + Stripper.jsonString(a)) }
                try sink.write("]")
                pos = range.upperBound
            }
        }
        try copy(to: file.count)
        file.releaseAll()
        result.counts = [("stringsMasked", masked), ("sourcesDropped", dropped), ("namesReplaced", renamed),
                         ("placeholdersAppended", appended.count), ("stringNodesRepointed", repointed)]
        result.bytesWritten = sink.written
        return result
    }

    /// Names that stay readable with `--names`: V8's and the embedder's system names, and built-ins.
    static func readable(_ name: String) -> Bool {
        if name.isEmpty { return true }
        let first = name.unicodeScalars.first!
        if first == "(" || first == "<" || first == "[" || first == "#" || first == "@" { return true }
        if name.hasPrefix("system / ") || name.hasPrefix("Detached ") || name.hasPrefix("Node / ")
            || name.hasPrefix("node:") || name.hasPrefix("v8/")
            || ((name.hasPrefix("get ") || name.hasPrefix("set ")) && builtins.contains(String(name.dropFirst(4)))) {
            return true
        }
        if name.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) { return true }
        return builtins.contains(name)
    }

    static let builtins: Set<String> = [
        "Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "RegExp", "Error",
        "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
        "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Promise", "Proxy", "Reflect", "JSON",
        "Math", "Atomics", "Intl", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array",
        "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
        "Float64Array", "BigInt64Array", "BigUint64Array", "Generator", "AsyncGenerator", "AsyncFunction",
        "GeneratorFunction", "AsyncGeneratorFunction", "Iterator", "Arguments", "global", "globalThis", "Window",
        "Global", "process", "Buffer", "EventEmitter", "console", "module", "exports", "require", "URL",
        "URLSearchParams", "TextEncoder", "TextDecoder", "AbortController", "AbortSignal", "Event", "EventTarget",
        "MessageChannel", "MessagePort", "Blob", "Headers", "Request", "Response", "WebAssembly", "Timeout",
        "Immediate", "__proto__", "constructor", "prototype", "length", "name", "first", "second", "arguments",
        "caller", "sloppy_function_map", "this", "value", "done", "next", "then", "toString", "valueOf", "get", "set",
        "apply", "call", "bind", "anonymous",
    ]
}
