import DumpKit
import DumpReports
import HeapGraph
import Testing
@testable import ExplorerCore

/// `?` lists every key a screen acts on: each Java, V8, comparison and growth screen gets every printable key (on a
/// fresh app each time one is acted on), and the keys it handles must be in its help or in the global keys.
@Suite(.serialized) struct HelpKeysTests {
    static let java: [String] = [
        "", "2", "3", "4", "4 Enter", "4 j Enter", "4 j j Enter", "4 j j j Enter", "4 j Enter Enter",
        "2 Enter", "2 Enter Enter", "3 Enter", "3 p", "2 t", "2 t t", "3 C", "2 / S e s s i o n $ Enter M",
        ": \" u s e r Enter", "A",
    ]
    static let v8: [String] = ["", "2", "3", "4", "4 Enter", "4 j Enter", "2 / M a p Enter Enter c", "3 C",
                               "2 / ^ L e a k y E n t r y $ Enter M", "A",
                               "O", "O j Enter H", "2 Enter", "4 j j Enter Enter"]

    func check(_ sample: String, _ scripts: [String]) throws -> [String] {
        // One model and one computation of the reports for every app (each app makes its screens afresh).
        let dump = try Samples.dump(sample)
        let model = ExplorerModel(dump: dump)
        let job = ReportsJob(dump: dump)
        var tabs = TabSpec.standard(for: model)
        let k = try #require(tabs.firstIndex { $0.id == .reports })
        tabs[k].make = { ReportsPage(model: $0, job: job) }
        var missing: [String] = []
        for keys in scripts {
            missing += HelpCoverage.unlisted {
                let app = ExplorerApp(model: model, tabs: tabs)
                ViewsScreenTests.drive(app, keys)
                return app
            }.map { "\(sample) [\(keys)] " + $0 }
        }
        return missing
    }

    @Test func javaScreens() throws {
        let missing = try check("java/leakdemo.hprof", Self.java)
        #expect(missing == [])
    }
    @Test func v8Screens() throws {
        let missing = try check("v8/leak-1.heapsnapshot", Self.v8)
        #expect(missing == [])
    }

    @Test func comparisonAndGrowthScreens() throws {
        var missing: [String] = []
        // The comparison and the series computed once; each app makes its models and screens afresh.
        let comparison = try DumpComparison(old: try Samples.dump(NewObjectsScreenTests.v8Before),
                                            new: try Samples.dump(NewObjectsScreenTests.v8After))
        for keys in ["", "Enter", "/ ^ L e a k y E n t r y $ Enter Enter", "2", "2 Enter"] {
            missing += HelpCoverage.unlisted {
                let app = ExplorerApp.comparison(ComparisonModel(comparison: comparison), glyphs: Glyphs(ascii: false))
                for k in Key.script(keys) { app.handle(k) }
                return app
            }.map { "compare [\(keys)] " + $0 }
        }
        let (paths, _) = try GrowthScreenTests.series.get()
        var last: LoadedDump?
        let series = try GrowthSeries.load(paths: paths, keepLast: { last = $0 })
        let lastDump = try #require(last)
        for keys in ["", "2", "2 Enter"] {
            missing += HelpCoverage.unlisted {
                let app = ExplorerApp.growth(GrowthModel(series: series, lastModel: ExplorerModel(dump: lastDump)),
                                             glyphs: Glyphs(ascii: false))
                for k in Key.script(keys) { app.handle(k) }
                return app
            }.map { "growth [\(keys)] " + $0 }
        }
        #expect(missing == [])
    }

    /// The check itself finds a key a help leaves out.
    @Test func aMissingKeyIsFound() throws {
        let model = ExplorerModel(dump: try Samples.dump("java/leakdemo.hprof"))
        let tabs = [TabSpec(id: TabID("fake"), title: "Fake") { _ in KeyOnlyPage() }]
        let found = HelpCoverage.unlisted { ExplorerApp(model: model, tabs: tabs) }
        #expect(found == ["Fake: x"])
    }
}

/// A screen that acts on `x` and `z` but lists only `z`.
final class KeyOnlyPage: Page {
    var title: String { "Fake" }
    var keyHelp: [KeyHelp] { [KeyHelp("z", "zap")] }
    var hints: [KeyHelp] { [] }
    func render(_ canvas: Canvas, _ ctx: PageContext) {}
    func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        key == .char("x") || key == .char("z") ? .handled : .unhandled
    }
}
