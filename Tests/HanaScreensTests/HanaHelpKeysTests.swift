import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// `?` lists every key each HANA screen acts on (HelpCoverage: every printable key, on a fresh app each time one is
/// acted on).
@Suite struct HanaHelpKeysTests {
    @Test func everyHanaScreen() throws {
        var missing: [String] = []
        for (sample, keys) in [(Samples.hanaOOM, ""), (Samples.hanaOOM, "2"), (Samples.hanaOOM, "3"),
                               (Samples.hanaOOM, "3 Enter"), (Samples.hanaOOM, "4"), (Samples.hanaOOM, "5"),
                               (Samples.hanaOOM, "5 Enter"), (Samples.hanaOOM, "6"), (Samples.hanaCrash, "4 Enter")] {
            missing += try HelpCoverage.unlisted { try HanaScreenTests.app(sample, keys) }.map { "[\(keys)] " + $0 }
        }
        for keys in ["", "2", "3", "3 Enter", "4"] {
            missing += try HelpCoverage.unlisted { try HanaCompareScreenTests.app(keys) }.map { "compare [\(keys)] " + $0 }
        }
        #expect(missing == [])
    }
}
