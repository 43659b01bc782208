import Testing
import DumpKit

/// The shared CSV writer against RFC 4180's rules, written out by hand.
@Suite struct CSVTableTests {
    @Test func quotingFollowsRFC4180() {
        var t = CSVTable(header: ["class", "count"])
        t.add([.text("plain"), .int(3)])
        t.add([.text("a,b"), .int(-4)])
        t.add([.text("say \"hi\""), .uint(18_446_744_073_709_551_615)])
        t.add([.text("two\r\nlines"), .int(0)])
        t.add([.text("only\nLF"), .int(1)])
        #expect(t.text == "class,count\r\nplain,3\r\n\"a,b\",-4\r\n\"say \"\"hi\"\"\",18446744073709551615\r\n"
                + "two\\x0D\\x0Alines,0\r\nonly\\x0ALF,1\r\n")
    }

    @Test func formulasAreNeutralizedInTextOnly() {
        #expect(CSVTable.field(.text("=HYPERLINK(\"x\")")) == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVTable.field(.text("+1")) == "'+1")
        #expect(CSVTable.field(.text("-cmd")) == "'-cmd")
        #expect(CSVTable.field(.text("@SUM(A1)")) == "'@SUM(A1)")
        #expect(CSVTable.field(.text("@1234")) == "@1234")
        #expect(CSVTable.field(.text("a=b")) == "a=b")
        #expect(CSVTable.field(.int(-5)) == "-5")
    }

    @Test func controlCharactersAreEscaped() {
        #expect(CSVTable.field(.text("a\u{1B}[2Jb")) == "a\\x1B[2Jb")
        #expect(CSVTable.field(.text("tab\there")) == "tab\\x09here")
        #expect(CSVTable.field(.text("\u{7F}\u{85}")) == "\\x7F\\x85")
        #expect(CSVTable.field(.text("\u{1B}=cmd")) == "\\x1B=cmd")
        // Bidi controls and line separators too (they reorder or break what a terminal shows).
        #expect(CSVTable.field(.text("evil\u{202E}txt.exe")) == "evil\\u202Etxt.exe")
        #expect(CSVTable.field(.text("a\u{2028}b\u{2066}")) == "a\\u2028b\\u2066")
    }
}
