import DumpKit
import Testing
@testable import ExplorerCore

/// DevTools' views on the V8 sample at 80x24 and 120x40: the Distance column (Summary, instances, dominators), the
/// duplicate strings screen and its copies, the Containment view (hidden data left out, then shown with `H`), and
/// the Summary and instances sorted by distance (`s`).
@Suite(.serialized) struct V8ViewsScreenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false),
                        Look(width: 80, height: 24, ascii: true, mono: true)]

    static let screens: [(name: String, keys: String)] = [
        ("v8-summary-distance", "2"),
        ("v8-instances-distance", "2 Enter"),
        ("v8-dominators-distance", "3 Enter"),
        ("v8-object-distance", "2 j j Enter Enter"),
        ("v8-duplicate-strings", "4 j j Enter"),
        ("v8-duplicate-copies", "4 j j Enter Enter"),
        ("v8-weakmap-contents", "2 / W e a k M a p Enter Enter c"),
        ("v8-array-contents", "2 / ^ A r r a y $ Enter Enter c"),
        ("v8-containment", "O"),
        ("v8-containment-global", "O j Enter"),
        ("v8-containment-hidden-shown", "O j Enter H"),
        ("v8-summary-by-distance", "2 s s s s"),
        ("v8-instances-by-distance", "2 / ^ O b j e c t $ Enter Enter s"),
    ]

    @Test func v8Screens() throws {
        let dump = try Samples.dump("v8/leak-1.heapsnapshot")
        let model = ExplorerModel(dump: dump)
        let job = ReportsJob(dump: dump)
        var tabs = TabSpec.standard(for: model)
        let k = try #require(tabs.firstIndex { $0.id == .reports })
        tabs[k].make = { ReportsPage(model: $0, job: job) }
        for look in Self.looks {
            for s in Self.screens {
                let app = ExplorerApp(model: model, glyphs: look.glyphs, tabs: tabs)
                ViewsScreenTests.drive(app, s.keys)
                let grid = app.render(width: look.width, height: look.height)
                assertGolden(goldenText(grid, look), "\(s.name)-\(look)")
            }
        }
    }
}
