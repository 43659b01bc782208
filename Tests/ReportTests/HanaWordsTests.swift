import DumpKit
import Foundation
import Testing
import DumpReports

/// HANA in its own words (allocators, bytes, inclusive and exclusive sizes, threads, processes): no Java or V8 word
/// (object, instance, class, GC root, retained, heap, shallow, field, reference, garbage, constructor, `Ret.`,
/// `Shal.`) in `hdx report` on the HANA samples (text and HTML, rendered here) nor on any rendered HANA screen (every
/// golden whose name says hana: the screen tests compare each with its rendering). HANA's own "heap memory" (its
/// M_HEAP_MEMORY view and fragmentation) is allowed.
@Suite struct HanaWordsTests {
    static let words = #"\b(objects?|instances?|class(es)?|gc roots?|retained|heap|shallow|fields?|references?|garbage|constructors?)\b|\bRet\.|\bShal\."#
    static let allowed = #"heap memory|M_HEAP_MEMORY"#

    /// The lines of `text` that use a Java or V8 word (HTML: tags and the style sheet left out; goldens: the style
    /// masks after `--- styles` left out).
    static func misuses(_ text: String, html: Bool = false) throws -> [String] {
        let words = try NSRegularExpression(pattern: Self.words, options: [.caseInsensitive])
        let allowed = try NSRegularExpression(pattern: Self.allowed, options: [.caseInsensitive])
        var t = text
        if html {
            t = t.components(separatedBy: "</style>").last ?? t
            t = t.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        }
        var out: [String] = []
        for line in t.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("--- styles") { break }
            let s = String(line)
            let plain = allowed.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "")
            if words.firstMatch(in: plain, range: NSRange(plain.startIndex..., in: plain)) != nil {
                out.append(s.trimmingCharacters(in: .whitespaces))
            }
        }
        return out
    }

    @Test func theCheckFindsJavaWords() throws {
        #expect(try Self.misuses("  Retained    Shallow  Objects  Class").count == 1)
        #expect(try Self.misuses("<td>GC roots</td>", html: true).count == 1)
        #expect(try Self.misuses("Trend  Ret. 1  Allocator").count == 1)
        #expect(try Self.misuses("Heap memory fragmentation: 6%  <p class=\"meta\">", html: true).isEmpty)
    }

    @Test(arguments: ["hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc",
                      "hana/indexserver_hanaprd01.30003.crashdump.20250313-031544.021734.trc"])
    func reportSpeaksHana(_ sample: String) throws {
        let dump = try DumpLoader.load(path: ReportGoldenTests.root + "/SampleDumps/" + sample)
        let report = DumpReport(dump: dump)
        #expect(try Self.misuses(ReportText.render(report)) == [])
        #expect(try Self.misuses(ReportHTML.render(report, flames: FlameSVG.forReport(dump)), html: true) == [])
    }

    @Test func hanaScreensSpeakHana() throws {
        let fm = FileManager.default
        var checked = 0
        for dir in ["ExplorerCoreTests", "HanaScreensTests", "ReportTests"] {
            let path = ReportGoldenTests.root + "/Tests/" + dir + "/Goldens"
            for name in try fm.contentsOfDirectory(atPath: path).sorted() where name.contains("hana") {
                let text = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
                #expect(try Self.misuses(text, html: name.hasSuffix(".html")) == [], "\(dir)/\(name)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }
}
