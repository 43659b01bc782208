import DumpKit
import Testing
@testable import ExplorerCore

/// MAT's views added to the explorer (immediate dominators, the dominator tree by class loader, more collections'
/// contents) on the committed
/// LeakDemo sample, at 80x24 and 120x40 (and in ASCII).
@Suite(.serialized) struct MATViewsScreenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false),
                        Look(width: 80, height: 24, ascii: true, mono: true)]

    static let screens: [(name: String, keys: String)] = [
        ("mat-immediate-dominators", "2 / S e s s i o n Enter i"),
        ("mat-immediate-dominators-all", "2 / S e s s i o n Enter i i"),
        ("mat-immediate-dominators-class", "2 i"),
        ("mat-dominator-objects", "2 / S e s s i o n Enter i Enter"),
        ("mat-dominators-by-loader", "3 L"),
        ("mat-dominators-by-loader-open", "3 L Enter"),
        ("mat-collection-weakhashmap", "2 / W e a k H a s h M a p $ Enter Enter c"),
        ("mat-collection-cow", "2 / C o p y O n W r i t e A r r a y L i s t $ Enter Enter c"),
        ("mat-collection-deque", "2 / A r r a y D e q u e $ Enter Enter c"),
    ]

    /// Runs `keys`, waiting for screens computed off the UI thread.
    static func drive(_ app: ExplorerApp, _ keys: String) {
        for key in Key.script(keys) {
            app.handle(key)
            if let p = app.currentPage as? ImmediateDominatorsPage { _ = p.waitUntilReady() }
        }
    }

    @Test func javaScreens() throws {
        let model = ExplorerModel(dump: try Samples.dump("java/leakdemo.hprof"))
        for look in Self.looks {
            for s in Self.screens {
                let app = ExplorerApp(model: model, glyphs: look.glyphs)
                Self.drive(app, s.keys)
                let grid = app.render(width: look.width, height: look.height)
                assertGolden(goldenText(grid, look), "\(s.name)-\(look)")
            }
        }
    }
}
