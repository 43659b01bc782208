import Foundation
import Testing
import DumpKit
import GeneratedDumps
import HeapGraph

/// The fast string scans (`:"text"`, `hdx strings`) against a brute-force scan that decodes every string object
/// through the generic field reader: dumps the JDK on this machine writes (compact strings on and off), the sample
/// LeakDemo dump, and the V8 samples (against their previews).
@Suite(.serialized) struct StringScanJDKTests {
    static let needles = ["needle-4", "NEEDLE-4", "köln", "CRÈME", "日本語", "😀", "жжж", "ЖЖЖ", "\t", "theendmarker",
                          "java.lang", "zzz-nothing", "e"]

    func check(_ d: LoadedDump, _ needles: [String], fast: Bool = true) throws {
        let scanner = try #require(StringScans.scanner(graph: d.index.graph, details: d.index.details))
        if fast { #expect(!(scanner is PreviewStringScan)) }
        let values = StringBruteForce.values(d.index.graph, d.index.details)
        #expect(values.count > 100)
        for needle in needles {
            let got = StringScans.all(scanner, StringNeedle(needle))
            #expect(got == StringBruteForce.matches(values, needle), "\(needle)")
        }
    }

    @Test(arguments: [[String](), ["-XX:-CompactStrings"]])
    func jdkStringsMatchBruteForce(_ options: [String]) throws {
        guard let d = try GeneratedDumps.java("StringsDemo", notChecked: "JDK string scan", options: options) else {
            return
        }
        try check(d, Self.needles)
        let scanner = try #require(StringScans.scanner(graph: d.index.graph, details: d.index.details))
        // Known from the program: "MixedCase-Needle-4" and -40 … -49; the 5,012-character value ends in the marker.
        #expect(StringScans.all(scanner, StringNeedle("needle-4")).count == 11)
        #expect(StringScans.all(scanner, StringNeedle("fghTHEENDmarker")).count == 1)   // characters 4,998…5,012
        #expect(StringScans.all(scanner, StringNeedle("Grüße aus KÖLN")).count == 2)   // the literal and its copy
        #expect(StringScans.all(scanner, StringNeedle("ЖЖЖ")).isEmpty)   // a value's Cyrillic capitals are not folded
    }

    @Test func sampleLeakDemoMatchesBruteForce() throws {
        let d = try DumpLoader.load(path: GeneratedDumps.generators + "../java/leakdemo.hprof")
        try check(d, ["session", "SESSION-1", "leakdemo$", "java/lang", "zzz-nothing", "é"])
    }

    /// (Two needles: a debug build flattens the 9,907 concatenated strings slowly.)
    @Test func v8SampleMatchesItsPreviews() throws {
        let d = try DumpLoader.load(path: GeneratedDumps.generators + "../v8/leak-1.heapsnapshot")
        try check(d, ["LEAK", "\n"])
    }
}
