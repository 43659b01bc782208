import Foundation
import Testing
import DumpKit
import HeapGraph
@testable import V8Reader

/// `hdx diff` of the two committed Node snapshots against DevTools' Comparison view computed independently: the
/// DevTools-rules port (`v8_devtools_reference.js --nodes`) gives every node's id, self size (after DevTools moves
/// owned arrays' sizes to their owner) and class; the node types come from the raw `.heapsnapshot` JSON. DevTools'
/// rule (`buildAggregates` + `calculateDiffForClass`): a node counts when its self size is above 0 or it is native;
/// per class, ids only in NEW are `# New`, ids only in OLD `# Deleted`, and `# Delta` is their difference.
@Suite(.serialized) struct DiffCountTests {
    struct Counted {
        /// Per class: the ids of the nodes DevTools counts.
        var ids: [String: Set<UInt64>] = [:]
        var size: [UInt64: UInt64] = [:]
    }

    static func devToolsCounted(_ file: String) throws -> Counted? {
        let tsv = NSTemporaryDirectory() + "hdx-diff-ref-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: tsv) }
        guard try DevToolsReferenceTests.runNode([DevToolsReferenceTests.generators + "v8_devtools_reference.js",
                                                  file, "--nodes", tsv]) != nil else { return nil }
        // Node types from the raw JSON, in node order (the TSV's lines are in node order too).
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))
            as? [String: Any])
        let meta = try #require((raw["snapshot"] as? [String: Any])?["meta"] as? [String: Any])
        let fields = try #require(meta["node_fields"] as? [String])
        let types = try #require((meta["node_types"] as? [Any])?.first as? [String])
        let nodes = try #require(raw["nodes"] as? [Int])
        let native = try #require(types.firstIndex(of: "native"))
        let typeField = try #require(fields.firstIndex(of: "type"))
        var out = Counted()
        let lines = try String(contentsOfFile: tsv, encoding: .utf8).split(separator: "\n")
        #expect(lines.count * fields.count == nodes.count)
        for (i, line) in lines.enumerated() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 4, let id = UInt64(f[0]), let selfSize = Double(f[1]) else { continue }
            guard selfSize > 0 || nodes[i * fields.count + typeField] == native else { continue }
            out.ids[String(f[3]), default: []].insert(id)
            out.size[id] = UInt64(selfSize)
        }
        return out
    }

    @Test func newDeletedAndDeltaAreDevToolsComparison() throws {
        guard DevToolsReferenceTests.nodeBinary() != nil else {
            print("DiffCountTests: skipped, node is not installed")
            return
        }
        let dir = Fixture.repoRoot + "/SampleDumps/v8/"
        guard let a = try Self.devToolsCounted(dir + "leak-1.heapsnapshot"),
              let b = try Self.devToolsCounted(dir + "leak-2.heapsnapshot") else { return }
        let cmp = try DumpComparison(old: try DumpLoader.load(path: dir + "leak-1.heapsnapshot"),
                                     new: try DumpLoader.load(path: dir + "leak-2.heapsnapshot"))
        #expect(cmp.matchedBy == "node id")
        let rows = Dictionary(cmp.rows(includeUnchanged: true).rows.map { ($0.class, $0) }, uniquingKeysWith: { x, _ in x })
        var differences = 0
        var checkedNew = 0
        for name in Set(a.ids.keys).union(b.ids.keys) {
            let old = a.ids[name] ?? [], new = b.ids[name] ?? []
            let added = new.subtracting(old), removed = old.subtracting(new)
            let addedBytes = added.reduce(UInt64(0)) { $0 + (b.size[$1] ?? 0) }
            guard let r = rows[name] else { differences += 1; Issue.record("\(name): no row"); continue }
            checkedNew += added.count
            if r.newObjects != added.count || r.deletedObjects != removed.count || r.new.count != new.count
                || r.old.count != old.count || r.countDelta != added.count - removed.count
                || r.addedBytes != addedBytes {
                differences += 1
                if differences <= 10 {
                    let text: String = "\(name): hdx +\(r.newObjects ?? -1)/-\(r.deletedObjects ?? -1) "
                        + "\(r.old.count)→\(r.new.count) \(r.addedBytes ?? 0) B; DevTools +\(added.count)/-\(removed.count) "
                        + "\(old.count)→\(new.count) \(addedBytes) B"
                    Issue.record(Comment(rawValue: text))
                }
            }
        }
        #expect(differences == 0)
        #expect(checkedNew > 20_000)          // the planted leak adds tens of thousands of objects
        // The row the issue named: `(array)` no longer says +1 by class and +3,337/−11 by id.
        let array = try #require(rows["(array)"])
        #expect(array.countDelta == (array.newObjects ?? 0) - (array.deletedObjects ?? 0))
        // And every row, not only DevTools' classes.
        #expect(rows.values.allSatisfy { $0.countDelta == ($0.newObjects ?? 0) - ($0.deletedObjects ?? 0) })
    }
}
