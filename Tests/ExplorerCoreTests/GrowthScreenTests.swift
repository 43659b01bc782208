import DumpKit
import DumpReports
import HeapGraph
import Foundation
import Testing
@testable import ExplorerCore

/// The growth explorer (`hdx growth S1 S2 S3`) on three HANA OOM dumps of one service, written by
/// SampleDumps/generators/hana_samples.py --series into a temporary directory (deterministic): the frame, the
/// growing allocator path, sorting, the monotonic filter; goldens at 80x24 and 120x40.
@Suite struct GrowthScreenTests {
    static let series: Result<(paths: [String], names: [String]), any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-growth-\(getpid())").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Samples.root.appendingPathComponent("generators/hana_samples.py").path, "--series", dir]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".oom.trc") }.sorted()
        return (names.map { dir + "/" + $0 }, names)
    }

    static func app(_ keys: String, glyphs: Glyphs = Glyphs(ascii: false)) throws -> ExplorerApp {
        let (paths, names) = try series.get()
        var last: LoadedDump?
        var shown = try GrowthSeries.load(paths: paths, keepLast: { last = $0 })
        shown.snapshots = names
        let model = ExplorerModel(dump: try #require(last))
        let app = ExplorerApp.growth(GrowthModel(series: shown, lastModel: model), glyphs: glyphs)
        for k in Key.script(keys) { app.handle(k) }
        return app
    }

    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false),
                        Look(width: 80, height: 24, ascii: true, mono: true)]

    static let screens: [(name: String, keys: String)] = [
        ("growth-hana", ""), ("growth-hana-paths", "2"), ("growth-hana-path-steps", "2 Enter"),
    ]

    @Test(arguments: looks)
    func screens(_ look: Look) throws {
        for s in GrowthScreenTests.screens {
            let app = try GrowthScreenTests.app(s.keys, glyphs: look.glyphs)
            assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
        }
    }

    @Test func growingPathsTab() throws {
        let app = try GrowthScreenTests.app("2")
        let page = try #require(app.currentPage as? GrowingPathsPage)
        #expect(page.rowCount == page.gm.series.growingPaths?.count)
        #expect(page.paths.first?.path.last?.class == "Pool/Statistics")
        app.handle(.enter)
        let steps = try #require(app.currentPage as? GrowingPathStepsPage)
        #expect(steps.rowCount == 2)   // Pool › Pool/Statistics
        let text = app.render(width: 120, height: 40).plainText
        #expect(text.contains("Incl. 1") && text.contains("Pool/Statistics"))
    }

    @Test func frameAndOrder() throws {
        let app = try GrowthScreenTests.app("")
        #expect(app.tabTitles == ["Growth", "Growing paths", "Dominators (last)"])
        let text = app.render(width: 120, height: 40).plainText
        #expect(text.contains("HANA growth, 3 snapshots"))
        #expect(text.contains("Grows at every step: Pool/Statistics"))
        #expect(text.contains("Incl. 1") && text.contains("Incl. 2") && text.contains("Incl. 3"))
        #expect(text.contains("grew at every step"))
        let page = try #require(app.currentPage as? GrowthPage)
        let rows = (0..<page.rowCount).map { page.gm.rows[page.rowIndex($0)] }
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.lastGrowth >= $1.lastGrowth })
    }

    @Test func monotonicFilterAndSort() throws {
        let app = try GrowthScreenTests.app("m")
        let page = try #require(app.currentPage as? GrowthPage)
        let shown = (0..<page.rowCount).map { page.gm.rows[page.rowIndex($0)] }
        #expect(shown.allSatisfy { $0.monotonic })
        #expect(shown.count == page.gm.rows.filter(\.monotonic).count)
        app.handle(.char("m"))
        #expect(page.rowCount == page.gm.rows.count)
        for _ in 0..<3 { app.handle(.char("s")) }
        #expect(page.sortKey == .name)
        let names = (0..<page.rowCount).map { page.gm.rows[page.rowIndex($0)].class }
        #expect(zip(names, names.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) || $0 == $1 })
    }

    @Test func sparklineScalesBetweenMinAndMax() {
        let g = Glyphs(ascii: false)
        #expect(GrowthModel.sparkline([0, 50, 100], glyphs: g) == "▁▅█")
        #expect(GrowthModel.sparkline([7, 7, 7], glyphs: g) == "▁▁▁")
        #expect(GrowthModel.sparkline([100, 0, 100, 0], glyphs: Glyphs(ascii: true)) == "#_#_")
    }
}
