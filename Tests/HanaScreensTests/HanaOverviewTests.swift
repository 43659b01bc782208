import DumpKit
import Foundation
import HanaReader
import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// The HANA Overview and the standard screens as HANA shows them (Allocators, Dominators): the verdict opens first
/// and its key facts fit 80x24, text scrolls, findings wrap at word boundaries, no Java words; goldens at 80x24 and
/// 120x40.
@Suite struct HanaOverviewTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 80, height: 24, ascii: true, mono: true),
                        Look(width: 120, height: 40, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: true, mono: true)]

    static let screens: [(name: String, sample: String, keys: String)] = [
        ("hana-overview", Samples.hanaOOM, ""),
        ("hana-overview-bottom", Samples.hanaOOM, "G"),
        ("hana-crash-overview", Samples.hanaCrash, ""),
        ("hana-allocators", Samples.hanaOOM, "2"),
        ("hana-dominators", Samples.hanaOOM, "3"),
    ]

    @Test(arguments: looks)
    func screens(_ look: Look) throws {
        for s in HanaOverviewTests.screens {
            let app = try HanaScreenTests.app(s.sample, "", glyphs: look.glyphs)
            _ = app.render(width: look.width, height: look.height)
            for k in Key.script(s.keys) { app.handle(k) }
            assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
        }
    }

    /// The facts read from the .trc text itself (not through HanaReader): the failure type, the thread whose pending
    /// exception is the failed allocation, the first of the top allocators.
    static func factsFromFile(_ sample: String) throws -> (failure: String, thread: String, allocator: String) {
        let text = try String(contentsOfFile: Samples.path(sample), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let failure = try #require(lines.first { $0.hasPrefix("Allocation failure type: ") })
            .dropFirst("Allocation failure type: ".count).prefix { $0 != " " }
        var thread = ""
        for l in lines {
            // `1871[thr=22817]: SqlExecutor at` opens a thread's stack in [STACK_SHORT].
            if let open = l.range(of: "[thr="), l.hasSuffix(" at"), let close = l.range(of: "]: ") {
                thread = String(l[open.lowerBound..<close.lowerBound].dropFirst()) + " "
                    + String(l[close.upperBound...].dropLast(3))
            }
            if l.contains("Allocation failed") { break }
        }
        let head = try #require(lines.firstIndex { $0.hasPrefix("Top \"M_HEAP_MEMORY\" allocators") })
        let first = lines[head + 1]
        let allocator = try #require(first.split(separator: " ").first { $0.hasPrefix("Pool/") })
        return (String(failure), thread, String(allocator))
    }

    @Test func verdictFactsOnTheFirstScreenAt80x24() throws {
        let facts = try HanaOverviewTests.factsFromFile(Samples.hanaOOM)
        #expect(facts.failure == "PROCESS_ALLOCATION_LIMIT")                       // line 41 of the sample
        #expect(facts.thread == "thr=22817 SqlExecutor")                            // line 130
        #expect(facts.allocator == "Pool/RowEngine/QueryExecution/SearchAlloc")   // line 78
        let app = try HanaScreenTests.app(Samples.hanaOOM, "")
        let screen = app.render(width: 80, height: 24).plainText
        #expect(screen.contains(facts.failure))
        #expect(screen.contains(facts.thread))
        #expect(screen.contains(facts.allocator))
        #expect(!screen.contains("gb"))                                             // one unit style: GiB
    }

    @Test func textAboveTheFirstSelectableRowScrolls() throws {
        let app = try HanaScreenTests.app(Samples.hanaOOM, "")
        #expect(app.render(width: 80, height: 24).plainText.contains("Verdict"))
        for k in Key.script("G") { app.handle(k) }
        #expect(!app.render(width: 80, height: 24).plainText.contains("Verdict"))
        for keys in ["g", "Home", "PgUp PgUp PgUp PgUp PgUp PgUp", Array(repeating: "k", count: 150).joined(separator: " ")] {
            for k in Key.script("G") { app.handle(k) }
            _ = app.render(width: 80, height: 24)
            for k in Key.script(keys) { app.handle(k) }
            #expect(app.render(width: 80, height: 24).rowText(3).contains("Verdict"), "\(keys)")
        }
        // j scrolls the text down towards the selection before the selection moves.
        let fresh = try HanaScreenTests.app(Samples.hanaOOM, "")
        _ = fresh.render(width: 80, height: 24)
        let before = try #require(fresh.currentPage as? OverviewPage).list.selected
        fresh.handle(.char("j"))
        let after = fresh.render(width: 80, height: 24)
        #expect(try #require(fresh.currentPage as? OverviewPage).list.selected == before)
        #expect(!after.rowText(3).contains("Verdict"))
    }

    @Test func findingsWrapAtWordBoundaries() throws {
        let dump = try Samples.dump(Samples.hanaOOM)
        let findings = try #require(dump.extras(HanaDump.self)).verdict.findings
        #expect(findings.count >= 3)
        let app = try HanaScreenTests.app(Samples.hanaOOM, "")
        for width in [80, 120, 57] {
            let rows = (0..<200).map { app.render(width: width, height: 205).rowText($0) }
            let top = try #require(rows.firstIndex { $0.hasPrefix(" Verdict") })
            let start = try #require(rows[top...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "Findings" })
            // Each finding: a `- ` line and its continuation lines, indented under the text.
            var shown: [String] = []
            for r in rows[(start + 1)...] {
                let t = r.trimmingCharacters(in: .whitespaces)
                if t.isEmpty || !r.hasPrefix("     ") && !t.hasPrefix("- ") { break }
                #expect(r.count <= width - 1, "\(width): \(r)")
                if t.hasPrefix("- ") { shown.append(String(t.dropFirst(2))) } else { shown[shown.count - 1] += " " + t }
            }
            let words = { (s: String) in s.split(separator: " ").map(String.init) }
            #expect(shown.map(words) == findings.map { words(HanaOverview.binaryUnits($0)) }, "width \(width)")
        }
    }

    @Test func wordWrapKeepsWordsWhole() {
        let t = "  - one two three fourfive seven"
        #expect(WordWrap.lines(t, width: 14, ellipsis: "…") == ["  - one two", "    three", "    fourfive", "    seven"])
        #expect(WordWrap.lines("details     a b c d e f g h i j", width: 30, ellipsis: "…")
                == ["details     a b c d e f g h i", "            j"])
        #expect(WordWrap.lines("  1. aaaa bbbb", width: 12, ellipsis: "…") == ["  1. aaaa", "     bbbb"])
        // Only a word wider than the line is cut.
        #expect(WordWrap.lines("x Pool/Very/Long/Path y", width: 10, ellipsis: "…") == ["x", "Pool/Very…", "y"])
    }

    @Test func hanaUnitsKeepTheirValue() {
        #expect(HanaOverview.binaryUnits("failed to allocate 2.25gb — PAL 200gb (214748364800 bytes)")
                == "failed to allocate 2.25 GiB — PAL 200 GiB (214748364800 bytes)")
        #expect(HanaOverview.binaryUnits("x86_64 thr=22817b 12kb.") == "x86_64 thr=22817b 12 KiB.")
    }

    @Test func noJavaWordsOnHanaScreens() throws {
        for keys in ["", "G", "2", "3"] {
            let app = try HanaScreenTests.app(Samples.hanaOOM, keys)
            let text = app.render(width: 120, height: 40).plainText
            for word in ["GC roots", "objects", "instances", "garbage not yet collected", "Class", "Objects"] {
                #expect(!text.contains(word), "\(keys): \(word)")
            }
        }
    }
}
