import Dispatch
import Foundation
import Testing
@testable import ExplorerCore

/// Goldens of the screens while a background search runs (80x24 and 120x40): `/` beyond the listed rows (its
/// progress on the status line) and `:"text"` (its progress above the matches found so far).
@Suite struct SearchProgressGoldenTests {
    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false)]

    @Test func deepFindProgress() throws {
        for look in Self.looks {
            let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)), glyphs: look.glyphs)
            for k in Key.script("3 Enter") { a.handle(k) }
            let dom = try #require(a.currentPage as? DominatorPage)
            let gate = DispatchSemaphore(value: 0)
            let job = BackgroundSearchTests.gatedJob(total: 4 * SearchJob.chunk, gate: gate)
            a.search = RunningSearch(job: job, matcher: TextMatcher("0x7f"),
                                     miss: DeepMiss(page: ObjectIdentifier(dom), pattern: "0x7f", rows: dom.rowCount,
                                                    location: dom.locationKey), thenWrap: false)
            BackgroundSearchTests.waitFor(job, done: SearchJob.chunk)
            a.pollBackground()
            assertGolden(goldenText(a.render(width: look.width, height: look.height), look), "search-deep-progress-\(look)")
            a.handle(.escape)
            gate.signal()
        }
    }

    @Test func stringSearchProgress() throws {
        for look in Self.looks {
            let a = ExplorerApp(model: ExplorerModel(index: BackgroundSearchTests.strings(10)), glyphs: look.glyphs)
            let gate = DispatchSemaphore(value: 0)
            // Two strings ("item-1", "item-2": nodes 4 and 6) found in the first quarter of the scan.
            let job = SearchJob(total: 4 * SearchJob.chunk, keep: .first(10), inline: false) { range in
                if range.lowerBound > 0 { gate.wait() }
                return range.lowerBound == 0 ? [4, 6] : []
            }
            let page = StringSearchPage(needle: "item", model: a.model, job: job)
            a.stacks[a.activeTab].append(page)
            a.stringSearch = page
            BackgroundSearchTests.waitFor(job, done: SearchJob.chunk)
            a.pollBackground()
            assertGolden(goldenText(a.render(width: look.width, height: look.height), look), "search-strings-progress-\(look)")
            a.handle(.escape)
            gate.signal()
        }
    }
}
