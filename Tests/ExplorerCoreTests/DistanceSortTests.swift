import DumpKit
import Foundation
import HeapGraph
import Testing
@testable import ExplorerCore

/// Sort by Distance (`s`) on V8 lists, against SampleDumps/generators/v8_devtools_reference.js (DevTools' rules
/// re-implemented over the snapshot JSON: its per-class minimum distance, and each node's distance and retained
/// size): the Histogram's rows and a class's instances come nearest first, ties biggest retained first; `S` reverses
/// the Histogram, `s` again goes back to retained.
@Suite(.serialized) struct DistanceSortTests {
    struct Reference {
        var classDistance: [String: Int] = [:]
        var classRetained: [String: Int] = [:]
        /// Node id → (distance, retained).
        var nodes: [UInt64: (distance: Int, retained: Int)] = [:]
    }

    static func reference(_ sample: String) throws -> Reference? {
        let tsv = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-distance-\(getpid()).tsv").path
        defer { try? FileManager.default.removeItem(atPath: tsv) }
        let script = Samples.root.appendingPathComponent("generators/v8_devtools_reference.js").path
        guard let out = try ContainmentHiddenTests.node([script, Samples.path(sample), "--nodes", tsv]) else { return nil }
        var ref = Reference()
        let json = try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any])
        for c in try #require(json["classes"] as? [[String: Any]]) {
            guard let name = c["cls"] as? String, let d = c["distance"] as? Int, let r = c["retained"] as? Int else { continue }
            ref.classDistance[name] = d
            ref.classRetained[name] = r
        }
        for line in try String(contentsOfFile: tsv, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 5, let id = UInt64(f[0]), let r = Int(f[2]), let d = Int(f[4]) else { continue }
            ref.nodes[id] = (d, r)
        }
        return ref
    }

    static func app(_ model: ExplorerModel, _ keys: String) -> ExplorerApp {
        let app = ExplorerApp(model: model, glyphs: Glyphs(ascii: false))
        for k in Key.script(keys) { app.handle(k) }
        return app
    }

    @Test func histogramNearestFirst() throws {
        let sample = "v8/leak-1.heapsnapshot"
        guard let ref = try Self.reference(sample) else { print("DistanceSortTests: skipped, no node"); return }
        let model = ExplorerModel(dump: try Samples.dump(sample))
        let app = Self.app(model, "2 s s s s")
        let page = try #require(app.currentPage as? HistogramPage)
        #expect(page.distanceSort)
        let names = page.rows.map { model.graph.classes[$0.classIndex] }
        let keyed = names.compactMap { n in ref.classDistance[n].map { ($0, -(ref.classRetained[n] ?? 0), n) } }
        #expect(keyed.count >= 25)
        #expect(keyed.first?.2 == "global")
        for (a, b) in zip(keyed, keyed.dropFirst()) {
            #expect(a.0 < b.0 || (a.0 == b.0 && a.1 <= b.1), "\(a.2) (\(a.0)) before \(b.2) (\(b.0))")
        }
        #expect(app.render(width: 120, height: 40).plainText.contains("▲Distance"))
        app.handle(.char("S"))
        let reversed = page.rows.compactMap { ref.classDistance[model.graph.classes[$0.classIndex]] }
        #expect(reversed == reversed.sorted(by: >))
        #expect(app.render(width: 120, height: 40).plainText.contains("▼Distance"))
        app.handle(.char("S"))
        app.handle(.char("s"))
        #expect(!page.distanceSort && page.sortKey == .retained)
    }

    @Test func instancesNearestFirst() throws {
        let sample = "v8/leak-1.heapsnapshot"
        guard let ref = try Self.reference(sample) else { print("DistanceSortTests: skipped, no node"); return }
        let model = ExplorerModel(dump: try Samples.dump(sample))
        // Objects: instances at many distances.
        let app = Self.app(model, "2 / ^ O b j e c t $ Enter Enter")
        let page = try #require(app.currentPage as? InstancesPage)
        let before = Set(page.nodes)
        app.handle(.char("s"))
        #expect(page.byDistance)
        #expect(page.nodes.count == min(page.total, ObjectListPage.batch))
        let pairs = page.nodes.compactMap { n in model.details.node(forIDString: model.idString(n)).flatMap { _ in
            ref.nodes[UInt64(model.idString(n).dropFirst()) ?? 0] } }
        #expect(pairs.count == page.nodes.count)
        #expect(Set(pairs.map(\.distance)).count >= 3)
        // The reference's own order of all the class's instances: distance, then retained (biggest first).
        let all = model.instances(of: page.classIndex).compactMap { ref.nodes[UInt64(model.idString($0).dropFirst()) ?? 0] }
        let expected = all.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.retained > $1.retained }
        #expect(pairs.map(\.distance) == expected.prefix(pairs.count).map(\.distance))
        #expect(pairs.map(\.retained) == expected.prefix(pairs.count).map(\.retained))
        #expect(app.render(width: 120, height: 40).plainText.contains("▲Distance"))
        app.handle(.char("s"))
        #expect(!page.byDistance && Set(page.nodes) == before)
    }
}
