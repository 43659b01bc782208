import DumpKit
import Testing
@testable import ExplorerCore

/// The Collection screen and the Reports tab on the committed samples (Java and V8), at 80x24 and 120x40.
@Suite(.serialized) struct ViewsScreenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false),
                        Look(width: 80, height: 24, ascii: true, mono: true)]

    static let java: [(name: String, keys: String)] = [
        ("views-java-reports", "4"),
        ("views-java-duplicates", "4 Enter"),
        ("views-java-underfilled", "4 j Enter"),
        ("views-java-collection", "4 j Enter Enter"),
        ("views-java-loaders", "4 j j Enter"),
        ("views-java-threads", "4 j j j Enter"),
        ("views-java-object-contents", "4 j Enter o"),
    ]

    static let v8: [(name: String, keys: String)] = [
        ("views-v8-reports", "4"),
        ("views-v8-statistics", "4 Enter"),
        ("views-v8-underfilled", "4 j Enter"),
        ("views-v8-collection", "2 / M a p Enter Enter c"),
    ]

    /// Runs `keys`, waiting for the Reports screens whenever the Reports tab is shown (they are computed off the
    /// UI thread).
    static func drive(_ app: ExplorerApp, _ keys: String) {
        for key in Key.script(keys) {
            app.handle(key)
            if let r = app.currentPage as? ReportsPage { _ = r.job.waitUntilReady() }
            app.settle()   // a collection's entries after the first page, background searches
        }
    }

    func check(_ sample: String, _ screens: [(name: String, keys: String)]) throws {
        let dump = try Samples.dump(sample)
        let model = ExplorerModel(dump: dump)
        // One computation of the reports for all screens.
        let job = ReportsJob(dump: dump)
        var tabs = TabSpec.standard(for: model)
        let k = try #require(tabs.firstIndex { $0.id == .reports })
        tabs[k].make = { ReportsPage(model: $0, job: job) }
        for look in Self.looks {
            for s in screens {
                let app = ExplorerApp(model: model, glyphs: look.glyphs, tabs: tabs)
                Self.drive(app, s.keys)
                let grid = app.render(width: look.width, height: look.height)
                assertGolden(goldenText(grid, look), "\(s.name)-\(look)")
            }
        }
    }

    @Test func javaScreens() throws { try check("java/leakdemo.hprof", Self.java) }
    @Test func v8Screens() throws { try check("v8/leak-1.heapsnapshot", Self.v8) }
}
