import Testing
@testable import ExplorerCore

/// The screens of the explorer-wide keys: `?` with the legend of signs, `:"…"` results, a breadcrumb cut in the
/// middle, the `:` and `e` prompts; at 80x24 and 120x40.
@Suite struct NavScreenGoldenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false),
                        Look(width: 80, height: 24, ascii: true, mono: true)]

    static let screens: [(name: String, keys: String)] = [
        ("help-legend", "3 ? PgDn PgDn"),
        ("string-search", ": \" u s e r \" Enter"),
        ("breadcrumb-deep", "3 j Enter Enter Enter Enter"),
        ("jump-prompt", "3 : 0 x 1 0"),
        ("export-prompt", "2 e"),
    ]

    @Test(arguments: NavScreenGoldenTests.looks)
    func screens(_ look: Look) {
        for screen in NavScreenGoldenTests.screens {
            let app = ExplorerApp(model: LeakDemo.model(), glyphs: look.glyphs)
            for key in Key.script(screen.keys) { app.handle(key) }
            let grid = app.render(width: look.width, height: look.height)
            assertGolden(goldenText(grid, look), "nav-\(screen.name)-\(look)")
        }
    }
}
