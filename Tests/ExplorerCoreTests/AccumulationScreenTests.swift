import DumpKit
import Testing
@testable import ExplorerCore

/// `A` on the Overview (paths to the accumulation point) on the committed samples, at 80x24 and 120x40 (and in
/// ASCII), and its export.
@Suite(.serialized) struct AccumulationScreenTests {
    static let screens: [(sample: String, name: String, keys: String)] = [
        ("java/leakdemo.hprof", "java-accumulation-paths", "A"),
        ("java/leakdemo.hprof", "java-accumulation-paths-second", "j A"),
        ("v8/leak-1.heapsnapshot", "v8-accumulation-paths", "A"),
    ]

    @Test func goldens() throws {
        for s in Self.screens {
            let model = ExplorerModel(dump: try Samples.dump(s.sample))
            for look in MATViewsScreenTests.looks {
                let app = ExplorerApp(model: model, glyphs: look.glyphs)
                ViewsScreenTests.drive(app, s.keys)
                #expect(app.currentPage is AccumulationPage)
                let grid = app.render(width: look.width, height: look.height)
                assertGolden(goldenText(grid, look), "\(s.name)-\(look)")
            }
        }
    }

    /// The second suspect of LeakDemo is the class SessionCache: its accumulation point (the HashMap's table) is
    /// held by the static field CACHE only; the export names it, with one path through every step.
    @Test func exportNamesTheStaticField() throws {
        let model = ExplorerModel(dump: try Samples.dump("java/leakdemo.hprof"))
        let app = ExplorerApp(model: model)
        ViewsScreenTests.drive(app, "j A")
        let page = try #require(app.currentPage as? AccumulationPage)
        let table = page.exportTable(PageContext(model: model, glyphs: Glyphs(ascii: false)))
        #expect(table.headers == ["depth", "id", "class", "shallow", "retained", "field", "paths", "holder"])
        #expect(table.rows.first?[2] == .text("java.util.HashMap$Node[]"))
        #expect(table.rows.last?[7] == .text("static field LeakDemo$SessionCache.CACHE"))
        #expect(table.rows.allSatisfy { $0[6] == .int(1) })
        // The holder, the HashMap, its table: depths 2, 1, 0.
        #expect(table.rows.map { $0[0] } == [.int(0), .int(1), .int(2)])
    }
}
