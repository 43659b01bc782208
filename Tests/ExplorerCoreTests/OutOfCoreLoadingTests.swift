import Testing
@testable import ExplorerCore

/// The loading screen of an HPROF index built out of core: the finished phase that names estimate and budget
/// (HprofDump.storage reports it right after the scan), then the phases as usual.
@Suite struct OutOfCoreLoadingTests {
    @Test(arguments: Look.all)
    func outOfCorePhase(_ look: Look) {
        var s = LoadingState(path: "/dumps/leakdemo-1700000.hprof", fileBytes: 1_927_869_115, started: 100)
        s.update(phase: "reading", fraction: 0, at: 100)
        s.update(phase: "reading", fraction: 0.45, at: 104)
        s.update(phase: "out of core 1481>400 MiB", fraction: 1, at: 104)
        s.update(phase: "reading objects", fraction: 0.45, at: 104)
        s.update(phase: "resolving", fraction: 0.5, at: 110)
        let grid = LoadingView.render(s, width: look.width, height: look.height, glyphs: look.glyphs)
        assertGolden(goldenText(grid, look), "loading-out-of-core-\(look)")
    }
}
