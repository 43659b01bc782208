import Testing
import DumpInput
import HeapGraph
@testable import V8Reader

/// Snapshot headers an attacker (or a damaged copy) could shape: long strings, no end, names with escapes.
@Suite struct HostileHeaderTests {
    static let good = BadInputTests.good
    static let headerStart = BadInputTests.offset(of: "{\"meta\"", in: good)

    /// `good` with `extra` inserted as the first member of the header.
    static func withHeaderMember(_ extra: String) -> String {
        let i = good.utf8.index(good.utf8.startIndex, offsetBy: headerStart + 1)
        return String(good[..<i]) + extra + "," + String(good[i...])
    }

    @Test func aLongStringInTheHeaderParses() throws {
        // 100 KB plain, and 100 KB of \u escapes (both used to be quadratic: 15 s).
        for s in [String(repeating: "x", count: 100_000), String(repeating: "\\u00e9", count: 20_000)] {
            let snap = try Fixture.load(Self.withHeaderMember("\"title\":\"\(s)\""))
            #expect(snap.index.objectCount == 4)
            #expect(snap.index.reachableBytes == 46)
        }
    }

    @Test func aHeaderStringParsesToItsText() throws {
        var r = HostileHeaderTests.reader("\"ab\\u00e9\\ud83d\\ude00c\"")
        #expect(try r.parseString() == "abé😀c")
    }

    static func reader(_ text: String) -> HeaderJSONReader {
        let bytes = Array(text.utf8)
        let base = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
        base.copyMemory(from: bytes, byteCount: bytes.count)
        return HeaderJSONReader(base: UnsafeRawPointer(base), end: bytes.count, pos: 0)
    }

    @Test func aHeaderWithoutAnEndFailsAtTheCapWithOneLine() {
        // An unterminated string that runs on for 2 MiB, and an array of 300,000 numbers that never closes.
        for body in ["\"title\":\"" + String(repeating: "1,", count: 1 << 20),
                     "\"a\":[" + String(repeating: "1,", count: 1 << 20)] {
            let e = Fixture.loadError("{\"snapshot\":{" + body)
            #expect(e != nil)
            #expect(e.map { !$0.description.contains("\n") } == true)
            if case .byte(let at)? = e?.location { #expect(at >= 12 && at <= 1 << 20) } else { Issue.record("no offset") }
            #expect(e.map { $0.message.contains("1 MiB") || $0.message.contains("implausibly large") } == true)
        }
    }

    @Test func aHeaderThatLostBytesFailsWithOneLine() {
        // Lose 40 bytes from the middle of the meta object, then from across the end of the header.
        let g = Array(Self.good.utf8)
        let nodes = BadInputTests.offset(of: "\"nodes\"", in: Self.good)
        for (at, n) in [(Self.headerStart + 100, 40), (nodes - 30, 40), (nodes - 5, 12)] {
            let text = String(decoding: g[..<at] + g[(at + n)...], as: UTF8.self)
            let e = Fixture.loadError(text)
            #expect(e != nil)
            #expect(e.map { !$0.description.contains("\n") } == true)
        }
    }

    @Test func constructorNamesKeepTheirBytesButErrorsAndTextShowThemVisibly() throws {
        typealias N = Fixture.Node
        let evil = "Evil\u{1B}]0;pwned\u{07}\u{202E}"
        let snap = try Fixture.load(Fixture.text([
            N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1)]),
            N(type: .object, name: "global", id: 3, size: 10, edges: [(.property, "a", 2)]),
            N(type: .object, name: evil, id: 5, size: 20),
        ]))
        let g = snap.index.graph
        // The model keeps the name as it is (JSON and the explorer escape it their own way) …
        #expect(g.classes.names.contains(evil))
        // … and the one text function shows it visibly.
        #expect(TerminalText.visible(evil) == "Evil\\x1b]0;pwned\\x07\\u202e")
    }
}
