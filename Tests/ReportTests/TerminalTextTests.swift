import Foundation
import Testing
import DumpInput

/// TerminalText: which characters a terminal would act on, and how they are shown instead.
@Suite struct TerminalTextTests {
    /// The rule written out independently: C0, DEL, C1, Unicode's Bidi_Control set, the line/paragraph separators.
    static func unsafe(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F...0x9F).contains(v) || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    @Test func everyScalarOfTheFirstPlanesIsJudgedByTheRule() {
        for v in UInt32(0)..<0x3000 {
            guard let s = Unicode.Scalar(v) else { continue }
            #expect(TerminalText.isUnsafe(s) == Self.unsafe(v), "U+\(String(v, radix: 16))")
            #expect(Unicode.Scalar(v).map { $0.properties.isBidiControl && !TerminalText.isUnsafe($0) } != true)
        }
    }

    @Test func unsafeCharactersAreWrittenVisibly() {
        #expect(TerminalText.visible("\u{1B}]0;pwned\u{07}") == "\\x1b]0;pwned\\x07")
        #expect(TerminalText.visible("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(TerminalText.visible("\u{0}\u{7F}\u{80}\u{9B}\u{9F}") == "\\x00\\x7f\\x80\\x9b\\x9f")
        #expect(TerminalText.visible("x\u{202E}y\u{2066}z\u{2069}\u{200F}\u{61C}\u{2028}")
                == "x\\u202ey\\u2066z\\u2069\\u200f\\u61c\\u2028")
    }

    @Test func safeTextIsUnchangedAndEscapingTwiceChangesNothing() {
        for s in ["java.util.HashMap$Node[]", "Größe 日本語 🙂", "C:\\path\\x1b", "é\u{301}", "", "(closure)"] {
            #expect(TerminalText.visible(s) == s)
        }
        let once = TerminalText.visible("\u{1B}[2J\n\u{202E}")
        #expect(TerminalText.visible(once) == once)
        #expect(once.unicodeScalars.allSatisfy { !Self.unsafe($0.value) })
    }

    @Test func jsonKeepsItsValueAndLosesTheRawControls() throws {
        let value = ["class": "Evil\u{1B}]0;x\u{07}\u{7F}\u{9B}\u{202E}\u{2066}\u{2028}é日"]
        let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let safe = TerminalText.json(encoded)
        #expect(safe == #"{"class":"Evil\u001b]0;x\u0007\u007f\u009b\u202e\u2066\u2028é日"}"#)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(safe.utf8)) == value)
        #expect(TerminalText.json(#"{"a":"plain"}"#) == #"{"a":"plain"}"#)
        // Pretty-printed: the layout's newlines stay.
        let pretty = JSONEncoder()
        pretty.outputFormatting = .prettyPrinted
        let text = TerminalText.json(String(decoding: try pretty.encode(value), as: UTF8.self))
        #expect(text.hasPrefix("{\n") && text.contains("\\u202e"))
        #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == value)
    }

    @Test func dumpErrorsStayOneLine() {
        let e = DumpError(file: "/tmp/a\u{1B}]0;x\u{07}.hprof", offset: 13, "unsupported version \"\u{1B}[2J\nforged\"")
        #expect(e.description == "/tmp/a\\x1b]0;x\\x07.hprof: at byte 13: unsupported version \"\\x1b[2J\\nforged\"")
        #expect(DumpError(file: "f", line: 3, "a\u{2028}b").description == "f: line 3: a\\u2028b")
    }
}
