import DumpKit
import Foundation
import GeneratedDumps
import HeapGraph
import Testing
@testable import DumpReports

/// Paths to the accumulation point when statics of classes a custom URLClassLoader loaded hold it
/// (SampleDumps/generators/java/LoaderAccumulationDemo.java, run at test time): the backward search meets
/// plugin.Store first through its `<classloader>` link, and plugin.Keeper's static refers to its own loader beside
/// that link. Checked against a brute force written from the rule, not from hdx's code: a static field (a field of a
/// class object not named `<…>`) or a GC root holds the point when a forward walk over strong references from it
/// reaches the point without leaving another class through a static or passing another GC root; each such holder
/// appears once, and each entry's retained size is the bytes that become unreachable when the entry's object goes.
@Suite(.serialized) struct LoaderStaticPathsTests {
    struct Rule {
        let dump: LoadedDump
        let classObjects: Set<UInt32>
        var g: HeapGraph { dump.index.graph }

        /// Whether `u` holds `v`: a class's static field, or any reference of a GC root (not one only a Finalizer
        /// makes a root).
        func holds(_ u: UInt32, _ v: UInt32) -> Bool {
            if classObjects.contains(u),
               dump.index.details.fields(of: u, limit: Int.max).contains(where: { $0.target == v && !$0.name.hasPrefix("<") }) {
                return true
            }
            let isRoot = g.predecessors(u).contains { Edge.target($0) == HeapGraph.superRoot }
            let records = g.rootRecords(of: u)
            return isRoot && (records.isEmpty || records.contains { $0.kind != .finalizing })
        }

        /// Whether the walk from holder `from` (first step: a holding reference) reaches `to`.
        func reaches(from: UInt32, to: UInt32) -> Bool {
            var seen = Set<UInt32>([from])
            var stack = [from]
            while let v = stack.popLast() {
                if v == to { return true }
                for raw in g.successors(v) where !Edge.isWeak(raw) {
                    let u = Edge.target(raw)
                    if seen.contains(u) || holds(v, u) != (v == from) { continue }
                    seen.insert(u)
                    stack.append(u)
                }
            }
            return false
        }

        /// Bytes reachable over strong references from the GC roots that are not when `x` is taken away.
        func retained(_ x: UInt32) -> UInt64 {
            func reachable(without: UInt32?) -> [Bool] {
                var seen = [Bool](repeating: false, count: g.nodeCount)
                seen[0] = true
                var stack: [UInt32] = [HeapGraph.superRoot]
                while let v = stack.popLast() {
                    for raw in g.successors(v) where !Edge.isWeak(raw) {
                        let u = Edge.target(raw)
                        if seen[Int(u)] || u == without { continue }
                        seen[Int(u)] = true
                        stack.append(u)
                    }
                }
                return seen
            }
            let all = reachable(without: nil), rest = reachable(without: x)
            var sum: UInt64 = 0
            for v in 1..<g.nodeCount where all[v] && !rest[v] { sum += g.shallowSize(UInt32(v)) }
            return sum
        }
    }

    @Test func staticsOfLoadedClassesAreWaysIn() throws {
        guard let dump = try GeneratedDumps.java("LoaderAccumulationDemo", notChecked: "statics of loaded classes")
        else { return }
        let g = dump.index.graph
        let details = dump.index.details
        func classObject(_ name: String) throws -> UInt32 {
            let k = try #require(g.classes.names.firstIndex(of: name))
            return try #require(g.classes.classObjects[k])
        }
        let mirror = try classObject("plugin.Mirror")
        let shared = try #require(details.fields(of: mirror).first { $0.name == "COPY" }?.target)
        let acc = try #require(details.fields(of: shared).first { $0.name == "elementData" }?.target)
        let report = DumpReport(dump: dump)
        let suspect = try #require(report.suspects?.first { $0.accumulationPoint.id == details.idString(acc) })
        let paths = try #require(suspect.accumulationPaths)
        let holders = paths.tree.compactMap(\.holder)
        // The four ways in, each once (before the fix: Mirror.COPY and LOADER only).
        #expect(holders.sorted() == ["static field LoaderAccumulationDemo.LOADER", "static field plugin.Keeper.OWN",
                                     "static field plugin.Mirror.COPY", "static field plugin.Store.BOX"])
        #expect(paths.found == 4 && paths.complete && paths.more == 0)

        // The brute force: every holder of the point, each class once.
        let rule = Rule(dump: dump, classObjects: Set(g.classes.classObjects.compactMap { $0 }))
        var expected: Set<String> = []
        for v in 1..<UInt32(g.nodeCount) where v != acc {
            guard g.successors(v).contains(where: { !Edge.isWeak($0) && rule.holds(v, Edge.target($0)) }),
                  rule.reaches(from: v, to: acc) else { continue }
            expected.insert(details.idString(v))
        }
        let leafIDs = paths.tree.enumerated().filter { i, _ in !paths.tree.contains { $0.parent == i } }.map(\.element.id)
        #expect(Set(leafIDs) == expected && leafIDs.count == expected.count)
        // Keeper's way in is named by its static, not by the `<classloader>` link to the same loader.
        let keeper = try #require(paths.tree.first { $0.holder == "static field plugin.Keeper.OWN" })
        #expect(keeper.field == "OWN")

        // Every entry's retained size, against the brute force.
        for e in paths.tree {
            let node = try #require((1..<UInt32(g.nodeCount)).first { details.idString($0) == e.id })
            #expect(e.retained == rule.retained(node), "\(e.class) \(e.id)")
        }
        // The text report draws the four.
        let text = ReportText.render(report)
        #expect(text.contains("paths to the accumulation point: 4 ways in"))
        #expect(text.contains("held by static field plugin.Store.BOX"))
    }
}
