import Testing
@testable import HanaReader

/// DOT escaping of hostile frame names (what reaches Graphviz from a dump), checked by hand.
@Suite struct CallGraphEscapeTests {
    @Test func quotesBackslashesAndControlsAreEscaped() {
        #expect(HanaDump.dotEscape("a\"b") == "a\\\"b")
        #expect(HanaDump.dotEscape("c:\\dir") == "c:\\\\dir")
        #expect(HanaDump.dotEscape("x\ny") == "x\\\\x0Ay")
        #expect(HanaDump.dotEscape("\u{1B}[31m") == "\\\\x1B[31m")
        #expect(HanaDump.dotEscape("ltt::vector<int>::operator[]") == "ltt::vector<int>::operator[]")
    }
}
