import Testing
@testable import ExplorerCore

/// Every screen, driven by keys from a fresh start, compared with a golden per size and look.
@Suite struct ScreenGoldenTests {
    static let screens: [(name: String, keys: String)] = [
        ("overview", ""),
        ("histogram", "2"),
        ("histogram-filter", "2 / H a s h"),
        ("instances", "2 Enter"),
        ("dominators", "3"),
        ("dominators-drilled", "3 j Enter Enter"),
        ("object", "3 j Enter o"),
        ("paths", "3 p"),
        ("help", "3 ?"),
    ]

    @Test(arguments: Look.all)
    func screens(_ look: Look) {
        for screen in ScreenGoldenTests.screens {
            let app = ExplorerApp(model: LeakDemo.model(), glyphs: look.glyphs)
            for key in Key.script(screen.keys) { app.handle(key) }
            let grid = app.render(width: look.width, height: look.height)
            assertGolden(goldenText(grid, look), "\(screen.name)-\(look)")
        }
    }

    @Test(arguments: Look.all)
    func loading(_ look: Look) {
        var s = LoadingState(path: "/dumps/leakdemo.hprof", fileBytes: 1_975_000_000, started: 100)
        s.update(phase: "reading", fraction: 0, at: 100)
        s.update(phase: "reading", fraction: 1, at: 130)
        s.update(phase: "resolving", fraction: 0.25, at: 130)
        s.update(phase: "resolving", fraction: 0.5, at: 140)
        let grid = LoadingView.render(s, width: look.width, height: look.height, glyphs: look.glyphs)
        assertGolden(goldenText(grid, look), "loading-\(look)")
    }
}
