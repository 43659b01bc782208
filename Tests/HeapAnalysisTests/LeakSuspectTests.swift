import Testing
import DumpKit
@testable import HeapAnalysis
@testable import HeapGraph

@Suite struct LeakSuspectTests {
    /// root 1 (10) -> 2 Map (10) -> 3 Table (10) -> 4..13 entries (60 each) ; root 14 other (300)
    /// reachable = 10+10+10+600+300 = 930. Node 1 retains 630 (67.7%); descending: 2 keeps 620 ≥ 0.7·630, 3 keeps
    /// 610 ≥ 0.7·620, the biggest entry keeps 60 < 0.7·610: the accumulation point is the table (3).
    /// Node 14 retains 300 (32.3%) with no children: its own accumulation point.
    @Test func accumulationPointByMATRule() throws {
        var edges: [(UInt32, UInt32)] = [(1, 2), (2, 3)]
        for e in 4...13 { edges.append((3, UInt32(e))) }
        let idx = try makeIndex(n: 14, shallow: [10, 10, 10] + Array(repeating: 60, count: 10) + [300],
                                classOf: [0, 1, 2] + Array(repeating: 3, count: 10) + [4],
                                classes: ["Holder", "Map", "Table", "Entry", "Other"], edges: edges, roots: [1, 14])
        let s = LeakSuspects.find(in: idx)
        #expect(s.count == 2)
        #expect(s[0].kind == .object(1))
        #expect(s[0].retained == 630)
        #expect(s[0].accumulationPoint == 3)
        #expect(s[0].path == [1, 2, 3])
        #expect(s[1].kind == .object(14))
        #expect(s[1].accumulationPoint == 14)
        // A higher threshold leaves only the first; a lower drop ratio descends into an entry.
        #expect(LeakSuspects.find(in: idx, threshold: 0.5).count == 1)
        #expect(LeakSuspects.find(in: idx, threshold: 0.5, bigDropRatio: 0.05).first?.accumulationPoint == 4)
    }

    /// Five top-level instances of one class, each 15% of the heap, together 75%: one class-group suspect.
    @Test func classGroupSuspect() throws {
        let idx = try makeIndex(n: 6, shallow: [150, 150, 150, 150, 151, 249], classOf: [0, 0, 0, 0, 0, 1],
                                classes: ["Listener", "Other"], edges: [], roots: [1, 2, 3, 4, 5, 6])
        let s = LeakSuspects.find(in: idx)
        #expect(s.count == 2, "the group, and the 249-byte object (24.9%)")
        guard case .classGroup(let c, let instances) = s[0].kind else { Issue.record("no class group"); return }
        #expect(c == 0)
        #expect(s[0].retained == 751)
        #expect(instances.first == 5, "biggest instance first")
        #expect(instances.count == 5)
    }

    /// A suspect inside a suspect: below the accumulation point a child still holds more than the threshold.
    @Test func nestedSuspectBelowAccumulationPoint() throws {
        // 1 (loader, 10) -> 2 (list, 10) -> 3 (statics A: 400), 4 (statics B: 300), 5 (statics C: 290)
        let idx = try makeIndex(n: 5, shallow: [10, 10, 400, 300, 290], classOf: [0, 1, 2, 2, 2],
                                classes: ["Loader", "List", "Class"], edges: [(1, 2), (2, 3), (2, 4), (2, 5)],
                                roots: [1])
        let s = LeakSuspects.find(in: idx)
        #expect(s.map(\.node) == [1, 3, 4, 5])
        #expect(s[0].accumulationPoint == 2)
        #expect(s[1].parent == 1 && s[1].path == [1, 2, 3])
    }

    @Test func histogramDiffExactDeltas() throws {
        let old = try makeIndex(n: 3, shallow: [10, 20, 20], classOf: [0, 1, 1], classes: ["Holder", "Item"],
                                edges: [(1, 2), (1, 3)], roots: [1])
        let new = try makeIndex(n: 5, shallow: [10, 20, 20, 20, 5], classOf: [0, 1, 1, 1, 2],
                                classes: ["Holder", "Item", "Tag"], edges: [(1, 2), (1, 3), (1, 4), (4, 5)], roots: [1])
        let d = HistogramDiff(old: old, new: new)
        let byName = Dictionary(uniqueKeysWithValues: d.rows.map { ($0.className, $0) })
        #expect(byName["Holder"]?.retainedDelta == 25)
        #expect(byName["Holder"]?.countDelta == 0)
        #expect(byName["Item"]?.countDelta == 1)
        #expect(byName["Item"]?.shallowDelta == 20)
        #expect(byName["Item"]?.retainedDelta == 25)
        #expect(byName["Tag"]?.old.count == 0 && byName["Tag"]?.new.retained == 5)
        #expect(d.rows.first?.className == "Holder" || d.rows.first?.className == "Item")
        #expect(d.rows.last?.className == "Tag")
        let growth = GrowthPath(old: old, new: new)
        #expect(growth.steps.map(\.key) == ["Holder"], "growth spreads over items: it accumulates in the holder")
        #expect(growth.accumulationPoint?.delta == 25)
    }
}
