import DumpKit
import Testing
@testable import ExplorerCore

/// The V8 sample's dominator tree and retainers sorted by distance (`s`) at 80x24 and 120x40, and the `?` screens
/// that list the key.
@Suite(.serialized) struct DistanceSortScreenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false)]

    static let screens: [(name: String, keys: String)] = [
        ("v8-dominators-by-distance", "3 s"),
        ("v8-dominators-drilled-by-distance", "3 s Enter"),
        ("v8-help-dominators", "3 ?"),
        ("v8-retainers-by-distance", "2 j j Enter Enter s"),
        ("v8-help-object", "2 j j Enter Enter ?"),
    ]

    @Test func distanceSortScreens() throws {
        let model = ExplorerModel(dump: try Samples.dump("v8/leak-1.heapsnapshot"))
        for look in Self.looks {
            for s in Self.screens {
                let app = ExplorerApp(model: model, glyphs: look.glyphs)
                ViewsScreenTests.drive(app, s.keys)
                assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
            }
        }
    }
}
