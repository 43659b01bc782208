import Dispatch
import DumpKit
import Foundation
import GeneratedDumps
import HeapAnalysis
import HeapGraph
import Testing
@testable import ExplorerCore

/// `/` beyond the loaded rows and `:"text"` run in the background on big lists: the same matches as a brute-force
/// scan, progress and the matches found so far while they run, Esc stops them; `c` reads a first page, then the rest.
@Suite struct BackgroundSearchTests {
    /// WideDemo: node k (2…n+1) is a byte[] of 1000 + k − 2 bytes with id 0x1000 + 16·k, all children of node 1.
    static func wideID(_ k: Int) -> String { "0x" + String(0x1000 + 16 * k, radix: 16) }

    /// The first match in the list's order among the children not listed (the 1,000 biggest are): by hand from the
    /// builder's sizes and ids, not through hdx.
    static func bruteForceDeep(_ needle: String, children n: Int) -> UInt32? {
        let unlisted = 2..<(n + 2 - 1000)                       // the smaller ones: nodes 2 … n+1−1000
        return unlisted.reversed().first { "byte[] \(wideID($0))".contains(needle) }.map(UInt32.init)
    }

    @Test(arguments: ["0x1020", "0x2", "0x7f", "0x5a", "zzz"])
    func backgroundDeepFindMatchesBruteForce(_ needle: String) throws {
        let n = 6000
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: n)))
        a.searchInline = false
        for k in Key.script("3 Enter / " + needle.map(String.init).joined(separator: " ") + " Enter") { a.handle(k) }
        a.settle()
        #expect(a.search == nil)
        let dom = try #require(a.currentPage as? DominatorPage)
        let expected = Self.bruteForceDeep(needle, children: n)
        // A match among the 1,000 listed rows is found there first; these needles match none of them.
        #expect(!(2 + n - 1000...n + 1).contains { "byte[] \(Self.wideID($0))".contains(needle) })
        if let expected {
            #expect(dom.selectedNode == expected)
            #expect(a.message == nil)
        } else {
            #expect(a.message == "no match for /\(needle)/")
            #expect(a.deepMiss?.pattern == needle)
        }
    }

    @Test func findInInstancesInTheBackground() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        a.searchInline = false
        for k in Key.script("2 j Enter / 0 x 1 0 2 0 Enter") { a.handle(k) }
        a.settle()
        let page = try #require(a.currentPage as? InstancesPage)
        #expect(page.selectedNode == 2)                  // the smallest of the 3,000, loaded on demand
    }

    @Test func nextInTheBackgroundWrapsAround() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        a.searchInline = false
        for k in Key.script("3 Enter / 0 x ( c b 9 | 1 0 2 ) 0 $ Enter") { a.handle(k) }
        a.settle()
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(dom.selectedNode == 3001)                 // listed first: no background search
        a.handle(.char("n"))
        a.settle()
        #expect(dom.selectedNode == 2)
        a.handle(.char("n"))
        a.settle()
        #expect(dom.selectedNode == 3001)
    }

    /// A job whose second chunk waits for `gate`: the test sees it half done.
    static func gatedJob(total: Int, gate: DispatchSemaphore) -> SearchJob {
        SearchJob(total: total, keep: .first(10), inline: false) { range in
            if range.lowerBound > 0 { gate.wait() }
            return range.lowerBound == 0 ? [5, 6] : []
        }
    }

    static func waitFor(_ job: SearchJob, done: Int) {
        while job.snapshot.done < done { usleep(1000) }
    }

    @Test func progressAndMatchesSoFarThenStop() {
        let gate = DispatchSemaphore(value: 0)
        let job = Self.gatedJob(total: 4 * SearchJob.chunk, gate: gate)
        Self.waitFor(job, done: SearchJob.chunk)
        let snap = job.snapshot
        #expect(snap.percent == 25 && snap.matches == 2 && snap.kept == [5, 6] && !snap.finished)
        job.cancel()
        gate.signal()
        job.wait()
        #expect(job.snapshot.cancelled && job.snapshot.kept == [5, 6] && job.snapshot.done == SearchJob.chunk)
    }

    @Test func escapeStopsTheSearchAndTheStatusShowsProgress() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        for k in Key.script("3 Enter") { a.handle(k) }
        let dom = try #require(a.currentPage as? DominatorPage)
        let gate = DispatchSemaphore(value: 0)
        let job = Self.gatedJob(total: 4 * SearchJob.chunk, gate: gate)
        a.search = RunningSearch(job: job, matcher: TextMatcher("x"),
                                 miss: DeepMiss(page: ObjectIdentifier(dom), pattern: "x", rows: dom.rowCount,
                                                location: dom.locationKey), thenWrap: false)
        Self.waitFor(job, done: SearchJob.chunk)
        a.pollBackground()
        #expect(a.searchProgress == "searching /x/… 25% · 2 matches · Esc stops")
        let screen = a.render(width: 120, height: 40).plainText
        #expect(screen.contains("searching /x/… 25% · 2 matches · Esc stops"))
        a.handle(.escape)
        #expect(a.message == "search stopped at 25%")
        #expect(a.search == nil && job.snapshot.cancelled)
        #expect(a.currentPage === dom)                    // Esc stopped the search, it did not go back
        gate.signal()
    }

    @Test func leavingTheListStopsItsSearch() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        for k in Key.script("3 Enter") { a.handle(k) }
        let dom = try #require(a.currentPage as? DominatorPage)
        let gate = DispatchSemaphore(value: 0)
        let job = Self.gatedJob(total: 4 * SearchJob.chunk, gate: gate)
        a.search = RunningSearch(job: job, matcher: TextMatcher("x"),
                                 miss: DeepMiss(page: ObjectIdentifier(dom), pattern: "x", rows: dom.rowCount,
                                                location: dom.locationKey), thenWrap: false)
        a.handle(.char("q"))                              // back to the top level
        a.pollBackground()
        #expect(a.search == nil && job.snapshot.cancelled)
        #expect(a.message == "search stopped: it was for another list")
        gate.signal()
    }

    /// `count` java.lang.String objects `"item-i"` under one Object[], and some objects of other classes.
    static func strings(_ count: Int) -> HeapIndex {
        var b = HeapBuilder()
        let holder = b.node("java.lang.Object[]", 16 + 4 * UInt32(count))
        for i in 0..<count {
            let s = b.node("java.lang.String", 24, preview: "\"item-\(i)\"")
            b.edge(holder, s, "[\(i)]")
            let o = b.node("com.example.Item", 16, preview: "item-\(i)")   // not a string: never matched
            b.edge(holder, o, "[x\(i)]")
        }
        b.roots = [GCRoot(node: holder, kind: .jniGlobal)]
        return b.build()
    }

    func stringApp(_ needle: String, count: Int) throws -> (ExplorerApp, StringSearchPage) {
        let a = ExplorerApp(model: ExplorerModel(index: Self.strings(count)))
        a.searchInline = false
        for k in Key.script(": \" " + needle.map(String.init).joined(separator: " ") + " \" Enter") { a.handle(k) }
        a.settle()
        return (a, try #require(a.currentPage as? StringSearchPage))
    }

    @Test(arguments: ["item-19", "ITEM-7", "-1", "zzz"])
    func backgroundStringSearchMatchesBruteForce(_ needle: String) throws {
        let count = 3000
        let (a, page) = try stringApp(needle, count: count)
        // String i is node 2 + 2i (an Item follows each); all 24 B, so the list is in node order.
        let all = (0..<count).filter { "\"item-\($0)\"".contains(needle.lowercased()) }.map { UInt32(2 + 2 * $0) }
        #expect(page.nodes == Array(all.prefix(StringSearchPage.limit)))
        #expect(page.truncated == (all.count > StringSearchPage.limit))
        #expect(!page.isScanning && a.stringSearch == nil)
        if all.isEmpty { #expect(page.summary == "no string contains \"\(needle)\"") }
    }

    /// `:"text"` on a real HPROF dump, in the background over its slices: the matches a brute-force scan finds
    /// (every String decoded through its fields), biggest retained first.
    @Test(arguments: ["session", "SESSION-1", "leakdemo$", "zzz-nothing"])
    func backgroundHprofStringSearchMatchesBruteForce(_ needle: String) throws {
        let model = ExplorerModel(dump: try Samples.dump("java/leakdemo.hprof"))
        let page = StringSearchPage(needle: needle, model: model, inline: false)
        page.job?.wait()
        page.refresh()
        let values = StringBruteForce.values(model.graph, model.details)
        let retained = model.tree.retained
        let all = StringBruteForce.matches(values, needle)
        let expected = Array(all.prefix(StringSearchPage.limit)).sorted { a, b in
            retained[Int(a)] != retained[Int(b)] ? retained[Int(a)] > retained[Int(b)] : a < b
        }
        #expect(page.nodes == expected)
        #expect(page.truncated == (all.count > StringSearchPage.limit))
        if needle.hasPrefix("session") { #expect(all.count > 100) }
    }

    @Test func stringSearchShowsItsProgressAndStopsOnEscape() throws {
        let a = ExplorerApp(model: ExplorerModel(index: Self.strings(10)))
        let gate = DispatchSemaphore(value: 0)
        let job = Self.gatedJob(total: 4 * SearchJob.chunk, gate: gate)
        let page = StringSearchPage(needle: "item", model: a.model, job: job)
        a.stacks[a.activeTab].append(page)
        a.stringSearch = page
        Self.waitFor(job, done: SearchJob.chunk)
        a.pollBackground()
        #expect(page.nodes == [6, 5])                     // a String of 24 B, then an Item of 16 B
        #expect(page.summary == "searching 25% of the objects: 2 strings contain \"item\" so far (Esc stops)")
        #expect(a.render(width: 80, height: 24).plainText.contains("searching 25% of the objects"))
        a.handle(.escape)
        #expect(a.message == "search stopped at 25%")
        #expect(a.currentPage === page)
        #expect(page.summary == "2 strings contain \"item\" in the first 25% of the objects (stopped)")
        gate.signal()
    }

    @Test func collectionReadsAFirstPageThenTheRest() throws {
        let dump = try Samples.dump("java/leakdemo.hprof")
        let model = ExplorerModel(dump: dump)
        let map = try #require(model.index.histogram.rows.first { model.graph.classes[$0.classIndex]
            == "java.util.concurrent.ConcurrentHashMap" })
        let all = model.instances(of: map.classIndex)
        let node = try #require(all.max { (CollectionContents.read($0, in: model.index, limit: 0)?.size ?? 0)
            < (CollectionContents.read($1, in: model.index, limit: 0)?.size ?? 0) })
        let full = try #require(CollectionContents.read(node, in: model.index, texts: false))
        #expect(full.entries.count > 20)
        guard case .push(let p) = CollectionPage.open(node, model, firstPage: 20),
              let page = p as? CollectionPage else { Issue.record("no collection page"); return }
        #expect(page.contents.entries.count == 20 && page.isReading)
        page.waitUntilRead()
        #expect(page.contents.entries == full.entries)
        #expect(!page.isReading)
    }

    @Test func objectArrayFirstPageCountsItsElementsLater() throws {
        let dump = try Samples.dump("java/leakdemo.hprof")
        let model = ExplorerModel(dump: dump)
        let arrays = model.index.histogram.rows.filter { model.graph.classes[$0.classIndex] == "java.lang.Object[]" }
        let node = try #require(arrays.flatMap { model.instances(of: $0.classIndex) }.max {
            (CollectionContents.read($0, in: model.index, limit: 0)?.size ?? 0)
                < (CollectionContents.read($1, in: model.index, limit: 0)?.size ?? 0) })
        let full = try #require(CollectionContents.read(node, in: model.index, texts: false))
        #expect((full.declaredSize ?? 0) > 20)
        guard case .push(let p) = CollectionPage.open(node, model, firstPage: 20),
              let page = p as? CollectionPage else { Issue.record("no collection page"); return }
        #expect(page.contents.entries.count == 20 && page.contents.declaredSize == nil)
        let a = ExplorerApp(model: model)
        a.stacks[a.activeTab].append(page)
        #expect(a.render(width: 120, height: 40).rowText(4).hasPrefix(" counting the elements… · capacity "))
        page.waitUntilRead()
        #expect(page.contents.declaredSize == full.declaredSize)
        #expect(a.render(width: 120, height: 40).rowText(4).contains(" elements · capacity "))
    }
}
