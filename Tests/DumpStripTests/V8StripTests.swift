import DumpStrip
import Foundation
import Testing

/// A hand-made snapshot: the root → Account {password: "hunter2", id: "id", source: <script text>}. "id" is both a
/// property name and a string value; the script text hangs off an internal `source` edge.
let tinySnapshot = """
{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],\
"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic",\
"concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number",\
"number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element",\
"property","internal","hidden","shortcut","weak"],"string_or_number","node"],"trace_function_info_fields":[],\
"trace_node_fields":[],"sample_fields":[],"location_fields":["object_index","script_id","line","column"]},\
"node_count":5,"edge_count":4,"trace_function_count":0},
"nodes":[9,0,1,0,1,0,0
,3,1,3,32,3,0,0
,2,3,5,20,0,0,0
,2,4,7,16,0,0,0
,2,6,9,40,0,0,0],
"edges":[1,0,7
,2,2,14,2,4,21,3,5,28],
"trace_function_infos":[],"trace_tree":[],"samples":[],"locations":[7,1,2,3],
"strings":["","Account","password","hunter2","id","source","function f() { return 'tok-\\u00e9' }","system / Script"]}
"""

@Suite("V8: string values replaced, names kept, arrays unchanged")
struct V8StripTests {
    func parse(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func replacesValuesKeepsNamesAndRepointsSharedStrings() throws {
        let s = Scratch(); defer { s.remove() }
        let result = try s.strip(Array(tinySnapshot.utf8), kind: .v8)
        let out = try parse(s.read("out"))
        let original = try parse(Array(tinySnapshot.utf8))
        #expect(out["strings"] as? [String] == ["", "Account", "password", "<string 3>", "id", "source", "",
                                               "<string 7>", "<string 4>"])
        var nodes = try #require(original["nodes"] as? [Int])
        nodes[3 * 7 + 1] = 8   // the "id" string node now names the appended placeholder
        #expect(out["nodes"] as? [Int] == nodes)
        #expect(out["edges"] as? [Int] == original["edges"] as? [Int])
        #expect(out["locations"] as? [Int] == [7, 1, 2, 3])
        #expect((out["snapshot"] as? NSDictionary) == (original["snapshot"] as? NSDictionary))
        let counts = Dictionary(result.counts, uniquingKeysWith: +)
        #expect(counts["stringsMasked"] == 3 && counts["sourcesDropped"] == 1 && counts["stringNodesRepointed"] == 1)
    }

    @Test func namesBecomePseudonyms() throws {
        let s = Scratch(); defer { s.remove() }
        let result = try s.strip(Array(tinySnapshot.utf8), kind: .v8, options: StripOptions(names: true))
        let strings = try #require(try parse(s.read("out"))["strings"] as? [String])
        let names = result.pseudonyms.originals
        #expect(Set(names.values) == ["Account", "password", "id"])
        #expect(strings[1].hasPrefix("C") && names[strings[1]] == "Account")
        #expect(strings[2].hasPrefix("p") && names[strings[2]] == "password")
        #expect(strings[5] == "source")   // an internal (system) edge name stays
        #expect(!strings.contains("hunter2") && !strings.contains("Account"))
    }

    @Test func rejectsAnEdgeToNoNode() throws {
        let s = Scratch(); defer { s.remove() }
        let bad = tinySnapshot.replacingOccurrences(of: "\"edges\":[1,0,7", with: "\"edges\":[1,0,700")
        #expect { _ = try s.strip(Array(bad.utf8), kind: .v8) } throws: { "\($0)".contains("expected a node index") }
    }
}
