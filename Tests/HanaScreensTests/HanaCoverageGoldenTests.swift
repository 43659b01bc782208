import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// Goldens for the HANA screens the other suites leave out, at 80x24 and 120x40: an allocator's own screen (`o`)
/// and its path from the top (`p`), the help of each HANA tab, the comparison's allocator tree (Dominators (new))
/// and a compared stack's frames.
@Suite struct HanaCoverageGoldenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false)]

    static let screens: [(name: String, sample: String, keys: String)] = [
        ("hana-allocator", Samples.hanaOOM, "3 o"),
        ("hana-allocator-paths", Samples.hanaOOM, "3 Enter p"),
        ("hana-help-overview", Samples.hanaOOM, "?"),
        ("hana-help-allocators", Samples.hanaOOM, "2 ?"),
        ("hana-help-dominators", Samples.hanaOOM, "3 ?"),
        ("hana-help-processes", Samples.hanaOOM, "4 ?"),
        ("hana-help-threads", Samples.hanaOOM, "5 ?"),
        ("hana-help-stack", Samples.hanaOOM, "5 Enter ?"),
        ("hana-help-flame", Samples.hanaOOM, "6 ?"),
    ]

    @Test(arguments: looks)
    func screens(_ look: Look) throws {
        for s in Self.screens {
            let app = try HanaScreenTests.app(s.sample, s.keys, glyphs: look.glyphs)
            assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
        }
    }

    @Test(arguments: looks)
    func comparisonScreens(_ look: Look) throws {
        for (name, keys) in [("compare-hana-dominators", "4"), ("compare-hana-stack-frames", "3 Enter"),
                             ("compare-hana-help", "?"), ("compare-hana-help-stacks", "3 ?")] {
            let app = try HanaCompareScreenTests.app(keys, glyphs: look.glyphs)
            assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(name)-\(look)")
        }
    }
}
