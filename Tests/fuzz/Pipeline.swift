// What every fuzz target runs on one input, shared with the regression tests (RegressionTests.swift):
// the reader of the target's format, then the whole pipeline on what loaded (index with dominators and histogram,
// object fields, paths from the roots, leak suspects or the HANA verdict, the report as text, HTML and JSON).
import DumpInput
import DumpKit
import Foundation
import HanaReader
import HeapGraph
import HprofReader
import V8Reader

enum FuzzTarget: String, CaseIterable {
    case hprof, v8Header = "v8-header", v8Body = "v8-body", hana, gzip

    /// The file a target builds from its input: the V8 targets fuzz one part of a snapshot and fix the rest.
    func file(from input: UnsafeRawBufferPointer) -> [UInt8] {
        switch self {
        case .hprof, .hana, .gzip: return Array(input)
        case .v8Header: return V8Framing.headerPrefix + Array(input) + V8Framing.fixedBody
        case .v8Body: return V8Framing.fixedMeta + Array(input)
        }
    }

    /// Loads the file at `path` with the target's reader (gzip: the way `hdx` opens any file) and runs the analyses.
    /// A DumpError is the expected outcome for most inputs; a trap, a sanitizer report or a hang is a bug.
    func run(path: String) throws(DumpError) -> LoadedDump {
        let dump: LoadedDump
        switch self {
        case .gzip:
            dump = try DumpLoader.load(path: path)
        case .hprof:
            let d = try HprofDump.load(try MappedFile(path: path))
            dump = LoadedDump(format: .hprof, index: d.index, hprof: d)
        case .v8Header, .v8Body:
            let s = try V8Snapshot.load(try MappedFile(path: path))
            dump = LoadedDump(format: .v8, index: s.index, v8: s)
        case .hana:
            let h = try HanaDump.load(try MappedFile(path: path))
            dump = LoadedDump(format: .hana, index: h.index, hana: h)
        }
        FuzzTarget.analyse(dump)
        return dump
    }

    static func analyse(_ dump: LoadedDump) {
        let index = dump.index
        for n in index.topDominators(limit: 5) {
            _ = index.details.fields(of: n)
            _ = dump.pathsFromRoots(to: n, max: 2)
        }
        let report = DumpReport(dump: dump)
        _ = ReportText.render(report)
        _ = ReportHTML.render(report)
        _ = try? JSONEncoder().encode(report)
        if let hana = dump.hana {
            for v in hana.views.prefix(8) { _ = hana.rows(of: v).count }
            for i in 0..<min(hana.threads.count, 64) { _ = hana.thread(at: i) }
        }
    }
}

enum V8Framing {
    /// v8-header: the input is the value of the "snapshot" key; the body (4 nodes, 3 edges) is fixed.
    static let headerPrefix = Array(#"{"snapshot":"#.utf8)
    static let fixedBody = Array("""
    ,
    "nodes":[9,1,1,0,2,0,0
    ,3,2,3,64,1,0,0
    ,3,3,5,32,0,0,0
    ,2,4,7,16,0,0,0],
    "edges":[2,5,7
    ,5,6,14
    ,2,7,21],
    "trace_function_infos":[],
    "trace_tree":[],
    "samples":[],
    "locations":[],
    "strings":["","(GC roots)","Window","Node","leaked string","window","detached","name"]}

    """.utf8)

    /// v8-body: the meta Node 20 writes is fixed; the input starts with the counts (`"node_count":N,…},`) and goes on
    /// with the nodes, edges, trace sections and strings.
    static let fixedMeta = Array("""
    {"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],\
    "node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic",\
    "concatenated string","sliced string","symbol","bigint","object shape","wasm object"],"string","number","number",\
    "number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element",\
    "property","internal","hidden","shortcut","weak"],"string_or_number","node"],"trace_function_info_fields":\
    ["function_id","name","script_name","script_id","line","column"],"trace_node_fields":["id","function_info_index",\
    "count","size","children"],"sample_fields":["timestamp_us","last_assigned_id"],"location_fields":["object_index",\
    "script_id","line","column"]},
    """.utf8)
}
