import Testing
@testable import DumpInput

@Suite struct JSONTextTests {
    @Test func escapesQuotesBackslashesAndControls() {
        #expect(JSONText.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONText.quoted("l1\nl2\r\t") == #""l1\nl2\r\t""#)
        #expect(JSONText.quoted("\u{1B}[31m\u{0}") == #""\u001b[31m\u0000""#)
        #expect(JSONText.quoted("é → 日本") == "\"é → 日本\"")
    }

    @Test func shortFormsAsJSONStringifyWritesThem() {
        #expect(JSONText.quoted("\u{08}\u{0C}") == #""\u0008\u000c""#)
        #expect(JSONText.quoted("\u{08}\u{0C}", shortForms: true) == #""\b\f""#)
    }

    @Test func lineSeparatorsOnlyWhenAsked() {
        #expect(JSONText.quoted("a\u{2028}b\u{2029}") == "\"a\u{2028}b\u{2029}\"")
        #expect(JSONText.quoted("a\u{2028}b\u{2029}", lineSeparators: true) == #""a\u2028b\u2029""#)
    }
}
