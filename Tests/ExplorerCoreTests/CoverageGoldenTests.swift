import Testing
@testable import ExplorerCore

/// Goldens for the screens the other golden suites leave out, at 80x24 and 120x40: V8's standard screens (the other
/// suites use the Java samples for them), the help of each kind of screen, the Reports help, the Growth help and
/// the comparison's help on Java.
@Suite(.serialized) struct CoverageGoldenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false)]

    static let v8: [(name: String, keys: String)] = [
        ("v8-overview", ""),
        ("v8-histogram", "2"),
        ("v8-instances", "2 / ^ L e a k y E n t r y $ Enter Enter"),
        ("v8-object", "2 / ^ L e a k y E n t r y $ Enter Enter Enter"),
        ("v8-paths", "2 / ^ L e a k y E n t r y $ Enter Enter p"),
        ("v8-dominators", "3"),
        ("v8-dominators-drilled", "3 Enter"),
        ("v8-string-search", ": \" l e a k \" Enter"),
        ("v8-help-histogram", "2 ?"),
        ("v8-help-reports", "4 ?"),
    ]

    static let java: [(name: String, keys: String)] = [
        ("java-help-histogram", "2 ?"),
        ("java-help-object", "3 j Enter o ?"),
        ("java-help-reports", "4 Enter ?"),
        ("java-help-merged-paths", "2 / S e s s i o n $ Enter M ?"),
        ("java-help-collection", "4 j Enter Enter ?"),
    ]

    func check(_ sample: String, _ screens: [(name: String, keys: String)]) throws {
        let dump = try Samples.dump(sample)
        for look in Self.looks {
            for s in screens {
                let app = ExplorerApp(model: ExplorerModel(dump: dump), glyphs: look.glyphs)
                ViewsScreenTests.drive(app, s.keys)
                assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
            }
        }
    }

    @Test func v8Screens() throws { try check("v8/leak-1.heapsnapshot", Self.v8) }
    @Test func javaHelpScreens() throws { try check("java/leakdemo.hprof", Self.java) }

    @Test(arguments: looks)
    func growthAndComparisonHelp(_ look: Look) throws {
        let growth = try GrowthScreenTests.app("?", glyphs: look.glyphs)
        assertGolden(goldenText(growth.render(width: look.width, height: look.height), look), "growth-help-\(look)")
        let compare = try CompareScreenTests.app(Samples.javaBefore, Samples.javaAfter, "?", glyphs: look.glyphs)
        assertGolden(goldenText(compare.render(width: look.width, height: look.height), look), "compare-java-help-\(look)")
    }
}
