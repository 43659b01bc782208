import DumpKit
import HeapGraph
import V8Reader
import Testing
@testable import ExplorerCore

/// The comparison explorer (`hdx diff OLD NEW`) on the committed pairs: the planted growth shows, sorting and
/// filtering work, Enter lists the class's instances in NEW; goldens per size and look.
@Suite struct CompareScreenTests {
    static func app(_ old: String, _ new: String, _ keys: String, glyphs: Glyphs = Glyphs(ascii: false)) throws
        -> ExplorerApp {
        // A fresh model per app: pages keep state, the loaded dumps are shared.
        let a = try Samples.dump(old), b = try Samples.dump(new)
        let cm = ComparisonModel(comparison: try DumpComparison(old: a, new: b))
        let app = ExplorerApp.comparison(cm, glyphs: glyphs)
        for k in Key.script(keys) { app.handle(k) }
        return app
    }

    static func model(_ old: String, _ new: String) throws -> ComparisonModel {
        ComparisonModel(comparison: try DumpComparison(old: try Samples.dump(old), new: try Samples.dump(new)))
    }

    static let screens: [(name: String, old: String, new: String, keys: String)] = [
        ("compare-java", Samples.javaBefore, Samples.javaAfter, ""),
        // A class without new objects: Enter lists its instances in NEW.
        ("compare-java-instances", Samples.javaBefore, Samples.javaAfter,
         "/ ^ j a v a \\ . u t i l \\ . A r r a y L i s t $ Enter Enter"),
    ]

    @Test(arguments: Look.all)
    func screens(_ look: Look) throws {
        for s in CompareScreenTests.screens {
            let app = try CompareScreenTests.app(s.old, s.new, s.keys, glyphs: look.glyphs)
            assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
        }
    }

    @Test func javaGrowthIsVisible() throws {
        let app = try CompareScreenTests.app(Samples.javaBefore, Samples.javaAfter, "")
        #expect(app.tabTitles == ["Compare", "Dominators (new)"])
        let text = app.render(width: 80, height: 24).plainText
        #expect(text.contains("Growth accumulates in java.util.HashMap$Node[]"))
        #expect(text.contains("class LeakDemo$SessionCache › java.util.HashMap › java.util.HashMap$Node[]"))
        #expect(text.contains("LeakDemo$Session"))
        #expect(text.contains("java.util.HashMap"))
        let page = try #require(app.currentPage as? ComparePage)
        let rows = (0..<page.rowCount).map { page.cm.rows[page.rowIndex($0)] }
        // Retained growth first, as DumpComparison orders it.
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.retainedDelta >= $1.retainedDelta })
        let session = try #require(rows.first { $0.class == "LeakDemo$Session" })
        #expect(session.countDelta == 267)            // 267 sessions more (LeakDemo.java's second phase)
        #expect(session.retainedDelta > 0)
    }

    @Test func sortCyclesAndKeepsSelection() throws {
        let app = try CompareScreenTests.app(Samples.javaBefore, Samples.javaAfter, "j j")
        let page = try #require(app.currentPage as? ComparePage)
        let selected = page.selectedRow?.class
        var keys: [ComparisonModel.SortKey] = []
        for _ in 0..<4 {
            app.handle(.char("s"))
            keys.append(page.sortKey)
            #expect(page.selectedRow?.class == selected)
            let rows = (0..<page.rowCount).map { page.cm.rows[page.rowIndex($0)] }
            switch page.sortKey {
            case .shallow: #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.shallowDelta >= $1.shallowDelta })
            case .count: #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.countDelta >= $1.countDelta })
            case .name: #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.class.utf8.lexicographicallyPrecedes($1.class.utf8) })
            case .retained: #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.retainedDelta >= $1.retainedDelta })
            }
        }
        #expect(keys == [.shallow, .count, .name, .retained])
    }

    /// A class without new objects: Enter lists its instances in NEW (the objects of a class that only lost some).
    @Test func filterThenEnterListsInstancesInNew() throws {
        let app = try CompareScreenTests.app(Samples.javaBefore, Samples.javaAfter,
                                             "/ ^ j a v a \\ . u t i l \\ . A r r a y L i s t $ Enter")
        let page = try #require(app.currentPage as? ComparePage)
        #expect(page.rowCount == 1)
        let row = try #require(page.selectedRow)
        #expect(row.class == "java.util.ArrayList")
        #expect(row.newObjects == 0 && row.new.count > 0)
        app.handle(.enter)
        let inst = try #require(app.currentPage as? ComparedInstancesPage)
        #expect(inst.inner.total == row.new.count)
        let text = app.render(width: 100, height: 24).plainText
        #expect(text.contains("old \(Format.count(row.old.count)) objects"))
        #expect(text.contains("new \(Format.count(row.new.count)) objects"))
        app.handle(.enter)                                     // the usual Object screen of NEW
        #expect(app.currentPage is ObjectPage)
        app.handle(.char("q")); app.handle(.char("q"))
        #expect(app.currentPage is ComparePage)
        #expect(!app.wantsQuit)
    }
}

/// Pieces of the comparison screen checked on hand-built inputs.
@Suite struct CompareUnitTests {
    /// Two tiny "V8" heaps whose node ids are positions: OLD holder(1) → Session(2), Gone(3); NEW holder(1) →
    /// Session(2…6). Matched by id, NEW adds ids 4, 5 and 6 (three Sessions) and deletes none.
    static func v8Pair() throws -> ComparisonModel {
        func heap(_ classes: [String]) -> HeapIndex {
            var b = HeapBuilder()
            let holder = b.node("Holder", 16)
            for c in classes { b.edge(holder, b.node(c, 40), "x") }
            b.roots = [GCRoot(node: holder, kind: .other)]
            return b.build(path: "/dumps/leak.heapsnapshot", format: .v8)
        }
        let old = LoadedDump(index: heap(["Session", "Gone"]))
        let new = LoadedDump(index: heap(Array(repeating: "Session", count: 5)))
        return ComparisonModel(comparison: try DumpComparison(old: old, new: new),
                               newModel: ExplorerModel(index: new.index, dump: new))
    }

    @Test func v8PairsShowNewAndDeletedColumns() throws {
        let cm = try CompareUnitTests.v8Pair()
        #expect(cm.isV8Pair)
        let session = try #require(cm.rows.first { $0.class == "Session" })
        // Matched within the class, as DevTools does: id 3 was a Gone in OLD, so the Session @3 is new too.
        #expect(session.added == 4 && session.removed == 0)
        #expect(session.countDelta == 4)                       // 1 → 5 by class = 4 new − 0 deleted
        #expect(cm.rows.first { $0.class == "Gone" }.map { $0.removed == 1 && $0.countDelta == -1 } == true)
        let app = ExplorerApp.comparison(cm, glyphs: Glyphs(ascii: true))
        let grid = app.render(width: 132, height: 20)
        let heading = try #require((0..<20).map { grid.rowText($0) }.first { $0.contains("Constructor") })
        #expect(heading.contains("# New") && heading.contains("# Deleted"))
        let row = try #require((0..<20).map { grid.rowText($0) }.first { $0.hasSuffix(" Session") })
        #expect(row.contains(" +4 "))
        #expect(row.contains("+160 B") && row.contains("200 B"))   // 40 B → 200 B retained
    }

    @Test func tableLayoutDropsColumnsByPriority() {
        let cols = [TableColumn("A", width: 10, priority: 0), TableColumn("B", width: 10, priority: 2),
                    TableColumn("C", width: 10, priority: 1), TableColumn("Z", width: 0, priority: 0)]
        let wide = TableLayout(cols, width: 80, minFlex: 20)
        #expect(wide.starts == [1, 12, 23, nil])
        #expect(wide.flexStart == 35)
        let narrow = TableLayout(cols, width: 45, minFlex: 20)   // A and C fit, B goes first
        #expect(narrow.starts == [1, nil, 12, nil])
        #expect(narrow.heading("Name") == "          A          C  Name")
    }

    @Test func pairNamesShareTheirCommonParts() {
        #expect(ComparisonModel.pairName("leakdemo-before.hprof.gz", "leakdemo-after.hprof.gz", arrow: " → ")
                == "leakdemo-{before → after}.hprof.gz")
        #expect(ComparisonModel.pairName("a.hprof", "b.hprof", arrow: " -> ") == "a.hprof -> b.hprof")
        #expect(ComparisonModel.pairName("idx.rtedump.20250311-1422.oom.trc", "idx.rtedump.20250312-1419.oom.trc",
                                         arrow: " -> ") == "idx.rtedump.{20250311-1422 -> 20250312-1419}.oom.trc")
        #expect(ComparisonModel.pairName("x.hprof.gz", "x.hprof.gz", arrow: " -> ") == "x.hprof.gz -> x.hprof.gz")
    }

    @Test func signedNumbersReadWithoutColour() {
        let u = Glyphs(ascii: false), a = Glyphs(ascii: true)
        #expect(Signed.bytes(1536, u) == "+1.5 KiB")
        #expect(Signed.bytes(-1536, u) == "−1.5 KiB")
        #expect(Signed.bytes(-1536, a) == "-1.5 KiB")
        #expect(Signed.count(0, a) == "0")
        #expect(Signed.count(-1234, a) == "-1,234")
    }
}
