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
        let sections = try Sections(file, top: top)
        let strings = try scan.stringElements(in: sections.strings)
        file.release(sections.strings)
        let usage = try Usage(scan, file: file, sections: sections, strings: strings)
        var result = StripResult(format: "v8")
        let plan = Plan(usage.roles, strings: strings, scan: scan, options: options, pseudonyms: &result.pseudonyms)
        let repointed = try copy(file, to: sink, scan: scan, sections: sections, usage: usage, strings: strings, plan: plan)
        file.releaseAll()
        result.counts = [("stringsMasked", plan.masked), ("sourcesDropped", plan.dropped), ("namesReplaced", plan.renamed),
                         ("placeholdersAppended", plan.appended.count), ("stringNodesRepointed", repointed)]
        result.bytesWritten = sink.written
        return result
    }

    /// Pass 2: copy the file, rewriting the strings array and (when needed) string nodes' name fields. Returns the
    /// number of string nodes pointed at an appended placeholder.
    private static func copy(_ file: MappedFile, to sink: OutputSink, scan: JSONScan, sections: Sections, usage: Usage,
                             strings: [Int], plan: Plan) throws -> Int {
        let base = file.base
        let nf = sections.nodeFields
        var pos = 0
        func copy(to offset: Int) throws {
            while offset > pos {   // 16 MiB at a time, each released once written
                let n = min(offset - pos, 16 << 20)
                try sink.write(base + pos, n)
                if n > 1 << 20 { file.release(pos..<(pos + n)) }
                pos += n
            }
        }
        var edits: [(Range<Int>, Int)] = [(sections.strings, 1)]
        if !plan.appended.isEmpty { edits.append((sections.nodes, 0)) }
        edits.sort { $0.0.lowerBound < $1.0.lowerBound }
        var repointed = 0
        var released = sections.nodes.lowerBound
        for (range, what) in edits {
            try copy(to: range.lowerBound)
            if what == 0 {
                try scan.forEachInteger(in: sections.nodes) { k, _, s, e in
                    guard k % nf == sections.nameIx else { return }
                    let v = k / nf
                    let ai = plan.appendedIndex[Int(usage.names[v])]
                    guard ai >= 0, sections.nodeRole[Int(usage.types[v])] == value else { return }
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
                for i in 0..<plan.replacement.count {
                    if i > 0 { try sink.write(",\n") }
                    if let r = plan.replacement[i] { try sink.write(Stripper.jsonString(r)) }
                    else { try sink.write(base + strings[2 * i], strings[2 * i + 1] - strings[2 * i]) }
                }
                for a in plan.appended { try sink.write(",\n" + Stripper.jsonString(a)) }
                try sink.write("]")
                pos = range.upperBound
            }
        }
        try copy(to: file.count)
        return repointed
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
