import DumpKit
import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// The comparison explorer (`hdx diff OLD NEW`) on the committed HANA pair: the allocator that grew on top, the
/// HANA tabs (Processes Δ, Stacks Δ) plugged in after Compare; goldens per size and look.
@Suite struct HanaCompareScreenTests {
    static func app(_ keys: String, glyphs: Glyphs = Glyphs(ascii: false)) throws -> ExplorerApp {
        HanaScreens.register()
        let a = try Samples.dump(Samples.hanaOOM), b = try Samples.dump(Samples.hanaOOM2)
        let cm = ComparisonModel(comparison: try DumpComparison(old: a, new: b))
        let app = ExplorerApp.comparison(cm, glyphs: glyphs)
        for k in Key.script(keys) { app.handle(k) }
        return app
    }

    static let screens: [(name: String, keys: String)] = [
        ("compare-hana", ""), ("compare-hana-processes", "2"), ("compare-hana-stacks", "3"),
    ]

    @Test(arguments: Look.all)
    func screens(_ look: Look) throws {
        for s in HanaCompareScreenTests.screens {
            let app = try HanaCompareScreenTests.app(s.keys, glyphs: look.glyphs)
            assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
        }
    }

    @Test func hanaPoolStatisticsOnTop() throws {
        let app = try HanaCompareScreenTests.app("")
        #expect(app.tabTitles == ["Compare", "Processes Δ", "Stacks Δ", "Dominators (new)"])
        let page = try #require(app.currentPage as? ComparePage)
        #expect(page.selectedRow?.class == "Pool/Statistics")
        // 11.0 GiB → 65.8 GiB in the two samples' allocator lists.
        #expect(page.selectedRow.map { $0.new.retained > $0.old.retained * 5 } == true)
        let text = app.render(width: 80, height: 24).plainText
        #expect(text.contains("Growth accumulates in Pool/Statistics"))
        app.handle(.char("3"))
        let stacks = try #require(app.currentPage as? StacksDeltaPage)
        let first = try #require(stacks.selected)
        #expect(abs(first.newCount - first.oldCount) == stacks.stacks.map { abs($0.newCount - $0.oldCount) }.max())
        app.handle(.enter)
        #expect(app.currentPage is StackFramesPage)
    }
}
