import DumpKit
import Foundation
import HeapGraph
import Testing
@testable import ExplorerCore

/// Sort by Distance (`s`, V8) on the dominator tree and on the Object screen's retainers, against
/// SampleDumps/generators/v8_devtools_reference.js (DevTools' distances, retained sizes and class names re-computed
/// over the snapshot JSON): a level's children come nearest first, ties biggest retained first (DevTools' object rows);
/// retainers nearest first, ties by name (DevTools' retainer rows); `s` again goes back to the retained / dump order.
@Suite(.serialized) struct DominatorDistanceSortTests {
    struct Ref { var distance: Int; var retained: Int; var cls: String }

    static func reference(_ sample: String) throws -> [UInt64: Ref]? {
        let tsv = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-dom-distance-\(getpid()).tsv").path
        defer { try? FileManager.default.removeItem(atPath: tsv) }
        let script = Samples.root.appendingPathComponent("generators/v8_devtools_reference.js").path
        guard try ContainmentHiddenTests.node([script, Samples.path(sample), "--nodes", tsv]) != nil else { return nil }
        var out: [UInt64: Ref] = [:]
        for line in try String(contentsOfFile: tsv, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 5, let id = UInt64(f[0]), let r = Int(f[2]), let d = Int(f[4]) else { continue }
            out[id] = Ref(distance: d, retained: r, cls: String(f[3]))
        }
        return out
    }

    /// DevTools' key of a distance: user distances, then system-only (≥ 100,000,000), then none (-5 in the port).
    static func key(_ d: Int) -> Int { d >= 0 ? d : Int.max }

    static func ref(_ model: ExplorerModel, _ refs: [UInt64: Ref], _ n: UInt32) -> Ref? {
        refs[UInt64(model.idString(n).dropFirst()) ?? 0]
    }

    /// The reference's order of all of `node`'s dominator-tree children: (distance, retained) pairs.
    static func expectedChildren(_ model: ExplorerModel, _ refs: [UInt64: Ref], of node: UInt32) -> [(Int, Int)] {
        let all = model.tree.children(of: node).compactMap { ref(model, refs, $0) }
        return all.map { (key($0.distance), $0.retained) }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }
    }

    @Test func dominatorChildrenNearestFirst() throws {
        let sample = "v8/leak-1.heapsnapshot"
        guard let refs = try Self.reference(sample) else { print("DominatorDistanceSortTests: skipped, no node"); return }
        let model = ExplorerModel(dump: try Samples.dump(sample))
        let app = DistanceSortTests.app(model, "3")
        let page = try #require(app.currentPage as? DominatorPage)
        let byRetained = page.current.children
        app.handle(.char("s"))
        #expect(page.byDistance)
        func check(_ node: UInt32) {
            let got = page.current.children.map { n -> (Int, Int) in
                let r = Self.ref(model, refs, n)
                return (Self.key(r?.distance ?? -99), r?.retained ?? -1)
            }
            let expected = Self.expectedChildren(model, refs, of: node)
            #expect(got.count == min(expected.count, DominatorPage.firstBatch))
            #expect(got.map(\.0) == expected.prefix(got.count).map(\.0))
            #expect(got.map(\.1) == expected.prefix(got.count).map(\.1))
        }
        // The top level: children at several distances, the system-only ones after the user ones.
        let top = page.current.children.compactMap { Self.ref(model, refs, $0)?.distance }
        #expect(Set(top).count >= 3)
        #expect(top.first == 1)
        check(HeapGraph.superRoot)
        #expect(app.render(width: 120, height: 40).plainText.contains("▲Distance"))
        // Into the child with the most children, then back out: both levels in the distance order.
        let biggest = try #require(page.current.children.max { model.tree.childCount($0) < model.tree.childCount($1) })
        #expect(model.tree.childCount(biggest) >= 5)
        page.list.select(try #require(page.current.children.firstIndex(of: biggest)))
        app.handle(.enter)
        check(biggest)
        app.handle(.char("s"))
        #expect(!page.byDistance)
        #expect(page.current.children == model.children(of: biggest, limit: DominatorPage.firstBatch))
        app.handle(.left)
        // The level above follows the order in force when it is shown again, its selection kept.
        #expect(page.current.children == byRetained)
        #expect(page.selectedNode == biggest)
    }

    @Test func retainersNearestFirst() throws {
        let sample = "v8/leak-1.heapsnapshot"
        guard let refs = try Self.reference(sample) else { print("DominatorDistanceSortTests: skipped, no node"); return }
        let model = ExplorerModel(dump: try Samples.dump(sample))
        // The object whose distinct retainers have the most distinct distances.
        var best: (node: UInt32, spread: Int) = (0, 0)
        for v in 1..<UInt32(model.graph.nodeCount) {
            let srcs = Set(model.graph.predecessors(v).map { Edge.target($0) }).subtracting([HeapGraph.superRoot])
            guard srcs.count >= 4, srcs.count <= 400 else { continue }
            let spread = Set(srcs.compactMap { Self.ref(model, refs, $0)?.distance }).count
            if spread > best.spread { best = (v, spread) }
        }
        #expect(best.spread >= 3)
        let page = ObjectPage(node: best.node, model: model)
        func listed() -> [UInt32] {
            page.rows.compactMap { if case .incoming(let raw, _) = $0 { return Edge.target(raw) } else { return nil } }
        }
        let dumpOrder = listed()
        _ = page.handle(.char("s"), PageContext(model: model, glyphs: Glyphs(ascii: false)))
        #expect(page.retainersByDistance)
        let got = listed()
        #expect(Set(got) == Set(dumpOrder) && got.count == dumpOrder.count)
        // The reference's order: distance, then name (DevTools' retainer rows), then (same name) any.
        let keyed = got.map { n -> (Int, String) in
            let r = Self.ref(model, refs, n)
            return (Self.key(r?.distance ?? -99), r?.cls ?? "")
        }
        for (a, b) in zip(keyed, keyed.dropFirst()) {
            #expect(a.0 < b.0 || (a.0 == b.0 && a.1 <= b.1), "\(a) before \(b)")
        }
        _ = page.handle(.char("s"), PageContext(model: model, glyphs: Glyphs(ascii: false)))
        #expect(listed() == dumpOrder)
    }
}
