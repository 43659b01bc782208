import Foundation
import HeapGraph
import Testing
@testable import ExplorerCore

/// `:` (go to an id, find strings), `e` (export), `y` (copy), `s` and `/` messages, `/` beyond the loaded rows.
@Suite struct ExplorerCommandTests {
    func app(_ keys: String, model: ExplorerModel = LeakDemo.model()) -> ExplorerApp {
        let a = ExplorerApp(model: model)
        for k in Key.script(keys) { a.handle(k) }
        return a
    }

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "hdx-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func colonJumpsToAnAddressOrSaysWhyNot() throws {
        let a = app(": 0 x 1 0 2 0 Enter")           // node 2: 0x1000 + 16·2
        let obj = try #require(a.currentPage as? ObjectPage)
        #expect(obj.node == 2)
        a.handle(.char("q"))
        #expect(a.currentPage is OverviewPage)
        let b = app(": 0 x f f f f f Enter")
        #expect(b.currentPage is OverviewPage)
        #expect(b.message == "no object with id 0xfffff in this dump")
    }

    @Test func colonQuotedFindsStringsByValue() throws {
        let a = app(": \" u s e r \" Enter")
        let page = try #require(a.currentPage as? StringSearchPage)
        // The three java.lang.String "user-N" (nodes 7, 8, 9; 24 B each, so node order); not the Thread "main".
        #expect(page.nodes == [7, 8, 9])
        #expect(page.summary == "3 strings contain \"user\"")
        #expect(!page.truncated)
        a.handle(.enter)
        #expect((a.currentPage as? ObjectPage)?.node == 7)
        let none = app(": \" z z z Enter")            // the closing quote is optional
        #expect((none.currentPage as? StringSearchPage)?.nodes == [])
        #expect(none.message == "no string contains \"zzz\"")
    }

    @Test func exportWritesTheWholeHistogramAsCSVAndJSON() throws {
        let dir = try tempDir()
        let a = app("2")
        a.exportDirectory = dir
        for k in Key.script("e Enter") { a.handle(k) }
        let path = dir + "/leakdemo-histogram.csv"
        #expect(a.message == "wrote 10 rows to " + path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "class,count,shallow,retained")
        // byte[]: nodes 10, 11, 12 (the garbage one is not counted): 1,000,016 + 500,016 + 250,016, all leaves.
        #expect(lines[1] == "byte[],3,1750048,1750048")
        #expect(lines[2] == "com.example.Cache,1,64,766688")
        #expect(lines.count == 12)                    // header, 10 classes, the empty string after the last CRLF
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        for k in Key.script("e j s o n Enter") { a.handle(k) }
        let json = try String(contentsOfFile: dir + "/leakdemo-histogram.json", encoding: .utf8)
        #expect(json.contains("{\"class\": \"byte[]\", \"count\": 3, \"shallow\": 1750048, \"retained\": 1750048}"))
        for k in Key.script("e Enter") { a.handle(k) }   // never over an earlier export
        #expect(FileManager.default.fileExists(atPath: dir + "/leakdemo-histogram-2.csv"))
        for k in Key.script("e x m l Enter") { a.handle(k) }
        #expect(a.message == "export as csv or json (not xml)")
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func exportOfATreeLevelHasAllChildren() throws {
        let dir = try tempDir()
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        a.exportDirectory = dir
        for k in Key.script("3 Enter e Enter") { a.handle(k) }
        let path = dir + "/wide-dominators-0x1010.csv"
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n")
        // All 3,000 children (1,000 listed), biggest first: node 3001 (1000 + 2999 B) … node 2 (1000 B).
        #expect(lines.count == 3002)
        #expect(lines[1] == "0xcb90,byte[],3999,3999,0")
        #expect(lines[3000] == "0x1020,byte[],1000,1000,0")
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func findSearchesChildrenNotLoadedYet() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        for k in Key.script("3 Enter / 0 x 1 0 2 0 Enter") { a.handle(k) }
        let dom = try #require(a.currentPage as? DominatorPage)
        // Node 2 is the smallest child, rank 3000 of 3000: loaded on demand and selected.
        #expect(dom.selectedNode == 2)
        #expect(dom.list.selected == 2999)
        #expect(a.message == nil)
    }

    @Test func findNextGoesPastTheLoadedRows() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        // Matches node 3001 (0xcb90, listed first) and node 2 (0x1020, the last of 3,000, not loaded).
        for k in Key.script("3 Enter / 0 x ( c b 9 | 1 0 2 ) 0 $ Enter") { a.handle(k) }
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(dom.selectedNode == 3001)
        a.handle(.char("n"))                          // no loaded row after it matches: the rows not loaded
        #expect(dom.selectedNode == 2)
        a.handle(.char("n"))                          // wraps around
        #expect(dom.selectedNode == 3001)
    }

    @Test func aFruitlessScanIsNotRepeated() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        for k in Key.script("3 Enter / z z z Enter") { a.handle(k) }
        #expect(a.message == "no match for /zzz/")
        let miss = try #require(a.deepMiss)
        #expect(miss.pattern == "zzz" && miss.rows == 1001 && miss.location == [0, 1])
        a.handle(.char("n"))
        #expect(a.message == "no match")
    }

    @Test func findsInstancesNotListedYet() throws {
        let a = ExplorerApp(model: ExplorerModel(index: WideDemo.index(children: 3000)))
        for k in Key.script("2 j Enter / 0 x 1 0 2 0 Enter") { a.handle(k) }
        let page = try #require(a.currentPage as? InstancesPage)   // byte[]: the second row after Object[]
        #expect(page.selectedNode == 2)
        #expect(page.nodes.count == 3000)
    }

    @Test func copyTheSelectedId() {
        let a = app("3")                              // byte[] 0x10a0 (node 10) selected
        a.clipboardAllowed = true
        a.handle(.char("y"))
        #expect(a.clipboardRequest == "0x10a0")
        #expect(a.message == "copied 0x10a0 to the clipboard (OSC 52)")
        let b = app("3 y")
        #expect(b.clipboardRequest == nil)
        #expect(b.message == "0x10a0: copy it by hand (the clipboard is off over SSH; HDX_OSC52=1 allows it)")
        let c = app("2 y")
        #expect(c.message?.hasPrefix("byte[]:") == true)
    }

    @Test func sortAndRegexSayWhy() {
        #expect(app("3 s").message == "this list has one order (s sorts lists with columns to choose)")
        #expect(app("2 s").message == "sorted by shallow")
        let a = app("2 / ( a")
        #expect(a.message == ExplorerApp.invalidRegexNote)
        #expect(a.render(width: 100, height: 24).rowText(23).contains("not a valid regex"))
    }

    @Test func exportAndJumpPromptsCancel() {
        let a = app("2 e Esc : 0 x Esc")
        #expect(a.command == nil && a.currentPage is HistogramPage)
        #expect(app("1 e").message == "the Overview has no table: e exports the list screens (Histogram, Dominators, …)")
    }
}
