import HeapGraph
import Testing
@testable import ExplorerCore

/// The explorer driven by keys, checked against numbers computed by hand for `LeakDemo` and `WideDemo`.
@Suite struct NavigationTests {
    func app(_ keys: String, model: ExplorerModel = LeakDemo.model()) -> ExplorerApp {
        let a = ExplorerApp(model: model)
        for k in Key.script(keys) { a.handle(k) }
        return a
    }

    @Test func indexNumbersMatchHandComputation() {
        let idx = LeakDemo.index()
        #expect(idx.reachableBytes == 1_766_960)
        #expect(idx.unreachableBytes == 4_096)
        #expect(idx.tree.retained[1] == 766_688)
        #expect(idx.tree.retained[2] == 766_624)
        #expect(idx.tree.retained[3] == 766_576)
        #expect(idx.tree.retained[13] == 160)
    }

    @Test func dominatorRootListsBiggestFirst() throws {
        let a = app("3")
        let page = try #require(a.currentPage as? DominatorPage)
        // Children of the super-root: shared byte[] (10), Cache class (1), Thread (13), locals (14), weak ref (15),
        // shared key String (7).
        #expect(page.current.children == [10, 1, 13, 14, 15, 7])
        #expect(a.currentPage.selectionRetained == 1_000_016)
        let text = a.render(width: 80, height: 24).plainText
        #expect(text.contains(" 976.6 KiB  56.6%"))   // 1,000,016 / 1,766,960
        #expect(text.contains(" 748.7 KiB  43.4%"))   //   766,688 / 1,766,960
    }

    @Test func drillInAndOutKeepsSelection() throws {
        let a = app("3 j Enter Enter")
        let page = try #require(a.currentPage as? DominatorPage)
        #expect(page.path == [0, 1, 2])
        #expect(page.current.children == [3])
        #expect(a.render(width: 80, height: 24).rowText(2).contains("class com.example.Cache 0x1010 › java.util.HashMap 0x1020"))
        a.handle(.left)
        #expect(page.path == [0, 1])
        a.handle(.backspace)
        #expect(page.path == [0])
        #expect(page.list.selected == 1)              // the Cache class is still selected
        a.handle(.char("h"))                          // nothing above the root: back to the Overview
        #expect(page.path == [0])
        #expect(a.activeTabID == .overview)
        #expect(!a.wantsQuit)
    }

    @Test func leafEnterExplains() {
        let a = app("3 Enter")                        // byte[] keeps nothing else alive
        let text = a.render(width: 100, height: 24).plainText
        #expect(text.contains("keeps nothing else alive"))
    }

    @Test func qGoesBackThenQuits() {
        let a = app("3 j Enter o")
        #expect(a.pageStack.count == 2)
        a.handle(.char("q"))
        #expect(a.pageStack.count == 1 && !a.wantsQuit)
        a.handle(.char("q"))                          // up one tree level
        #expect((a.currentPage as? DominatorPage)?.path == [0])
        #expect(!a.wantsQuit)
        a.handle(.char("q"))                          // the Overview the `3` came from
        #expect(a.activeTabID == .overview && !a.wantsQuit)
        a.handle(.char("q"))
        #expect(a.wantsQuit)
    }

    @Test func ctrlCQuitsAnywhere() {
        let a = app("2 Enter C-c")
        #expect(a.wantsQuit)
    }

    @Test func tabsAndNumbers() {
        let a = app("")
        #expect(a.activeTabID == .overview)
        a.handle(.tab); #expect(a.activeTabID == .histogram)
        a.handle(.tab); #expect(a.activeTabID == .dominators)
        a.handle(.tab); #expect(a.activeTabID == .overview)
        a.handle(.backTab); #expect(a.activeTabID == .dominators)
        a.handle(.char("2")); #expect(a.activeTabID == .histogram)
        a.handle(.char("9")); #expect(a.activeTabID == .histogram)
    }

    @Test func histogramRetainedByClassAndSorts() throws {
        let a = app("2")
        let page = try #require(a.currentPage as? HistogramPage)
        let names = page.rows.map { a.model.graph.classes[$0.classIndex] }
        #expect(names.prefix(4) == ["byte[]", "com.example.Cache", "java.util.HashMap", "java.util.HashMap$Node[]"])
        // byte[]: three reachable instances, none below another: 1,000,016 + 500,016 + 250,016.
        #expect(page.rows[0].retained == 1_750_048)
        #expect(page.rows[0].count == 3)
        // HashMap$Node: 32 + 500,072 + 250,072 (each node's value and key are its own except the shared ones).
        #expect(page.rows.first { a.model.graph.classes[$0.classIndex] == "java.util.HashMap$Node" }?.retained == 750_176)
        a.handle(.char("s"))
        #expect(page.sortKey == .shallow)
        #expect(page.selectedRow.map { a.model.graph.classes[$0.classIndex] } == "byte[]")   // selection follows
        a.handle(.char("s")); a.handle(.char("s"))
        #expect(page.sortKey == .name)
        a.handle(.home)
        #expect(page.selectedRow.map { a.model.graph.classes[$0.classIndex] } == "byte[]")
        a.handle(.char("S"))                          // reversed: names descending, the selection stays on byte[]
        #expect(a.model.graph.classes[page.row(0).classIndex] == "java.util.HashMap$Node[]")
        #expect(page.selectedRow.map { a.model.graph.classes[$0.classIndex] } == "byte[]")
        #expect(page.list.selected == page.rowCount - 1)
    }

    @Test func histogramFilterAsYouTypeAndRegex() throws {
        let a = app("2 / h a s h")
        let page = try #require(a.currentPage as? HistogramPage)
        #expect(page.rowCount == 3)                   // HashMap, HashMap$Node[], HashMap$Node (case-insensitive)
        a.handle(.enter)
        #expect(page.rowCount == 3)                   // Enter keeps the filter
        for k in Key.script("/ ^ j a v a \\ . l a n g \\ . [ S O ]") { a.handle(k) }
        #expect(page.rows.indices.filter { _ in true }.count == 10)
        let shown = (0..<page.rowCount).map { a.model.graph.classes[page.row($0).classIndex] }
        #expect(Set(shown) == ["java.lang.String", "java.lang.Object[]"])
        a.handle(.escape)
        #expect(page.rowCount == 10)                  // Esc clears
    }

    @Test func instancesByRetainedThenObjectThenPaths() throws {
        let a = app("2 Enter")
        let inst = try #require(a.currentPage as? InstancesPage)
        #expect(inst.nodes == [10, 11, 12, 16])      // byte[] by retained; the garbage one (0 retained) last
        a.handle(.enter)
        let obj = try #require(a.currentPage as? ObjectPage)
        #expect(obj.node == 10)
        a.handle(.char("p"))
        let paths = try #require(a.currentPage as? PathsPage)
        // Two shortest paths: Thread → Session → byte[] (the frame path through the Thread is dropped) and
        // Cache class → HashMap → Node[] → Node → byte[].
        #expect(paths.pathCount == 2)
        let nodes = paths.rows.filter { $0.rootNote == nil }.map(\.node)
        #expect(nodes == [10, 17, 13, 4, 3, 2, 1])
        let notes = paths.rows.compactMap(\.rootNote)
        #expect(notes == ["◆ GC root: thread object of thread main", "◆ GC root: sticky class"])
    }

    @Test func pathsExcludeWeakReferences() throws {
        // byte[] 12 is also the referent of a WeakReference root: that path must not show.
        let a = app("2 Enter j j p")
        let paths = try #require(a.currentPage as? PathsPage)
        #expect(paths.node == 12)
        #expect(!paths.rows.contains { $0.node == 15 })
        #expect(paths.pathCount == 1)
    }

    @Test func unreachableObjectHasNoPaths() throws {
        let a = app("2 Enter j j j p")
        let paths = try #require(a.currentPage as? PathsPage)
        #expect(paths.node == 16)
        #expect(paths.pathCount == 0)
        #expect(a.render(width: 100, height: 24).plainText.contains("No path from a GC root"))
    }

    @Test func objectReferencesAreJumps() throws {
        let a = app("3 j Enter o")
        let obj = try #require(a.currentPage as? ObjectPage)
        #expect(obj.node == 2)                        // HashMap
        let text = a.render(width: 100, height: 30).plainText
        #expect(text.contains("size") && text.contains("0.75"))
        #expect(text.contains("Retainers: referenced by (1)"))
        // The first selectable row is "dominated by" the Cache class; Enter goes there.
        a.handle(.enter)
        #expect((a.currentPage as? ObjectPage)?.node == 1)
        a.handle(.char("q"))
        // Down past the "contents" line (a HashMap) to the table field, then Enter opens the Node[].
        for k in Key.script("j j Enter") { a.handle(k) }
        #expect((a.currentPage as? ObjectPage)?.node == 3)
        a.handle(.char("d"))                          // show it in the dominator tree
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(dom.path == [0, 1, 2])
        #expect(dom.selectedNode == 3)
    }

    @Test func overviewEnterRevealsInTree() throws {
        let a = app("j Enter")                        // second biggest: the Cache class
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(a.activeTabID == .dominators)
        #expect(dom.path == [0])
        #expect(dom.selectedNode == 1)
    }

    @Test func findWithNextAndPrevious() throws {
        let a = app("3 / u s e r Enter")
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(dom.selectedNode == 7)                // the String "user-1" at the root
        a.handle(.char("n"))
        #expect(dom.selectedNode == 7)                // only one match: wraps to itself
        for k in Key.script("/ T h r e a d Enter") { a.handle(k) }
        #expect(dom.selectedNode == 13)
    }

    @Test func wideNodeShowsTopThenMoreOnDemand() throws {
        let model = ExplorerModel(index: WideDemo.index(children: 3000))
        let a = ExplorerApp(model: model)
        for k in Key.script("3 Enter") { a.handle(k) }
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(dom.current.children.count == 1000)
        #expect(dom.hiddenCount == 2000)
        // Biggest first: sizes are 1000 + i, so the last child (node 3001, 3999 B) leads.
        #expect(dom.current.children.first == 3001)
        #expect(dom.current.children.last == 2002)
        a.handle(.end)
        // The 2,000 hidden children hold 1000·2000 + (0+…+1999) = 3,999,000 bytes = 3.8 MiB.
        let text = a.render(width: 100, height: 24).plainText
        #expect(text.contains("2,000 more children, 3.8 MiB together"))
        a.handle(.enter)
        #expect(dom.current.children.count == 2000)
        #expect(dom.list.selected == 1000)
        // Reveal a small child far down the list (node 2 is the smallest, rank 3000).
        a.reveal(2)
        let dom2 = try #require(a.currentPage as? DominatorPage)
        #expect(dom2.selectedNode == 2)
    }

    @Test func tinyTerminalSaysSo() {
        let grid = app("").render(width: 30, height: 5)
        #expect(grid.plainText.contains("hdx needs 40x10"))
        _ = app("").render(width: 1, height: 1)
        _ = app("").render(width: 0, height: 0)
    }

    @Test func resizeKeepsSelectionVisible() throws {
        let model = ExplorerModel(index: WideDemo.index(children: 300))
        let a = ExplorerApp(model: model)
        for k in Key.script("3 Enter G") { a.handle(k) }
        let big = a.render(width: 120, height: 60)
        #expect(big.plainText.contains("1.0 KiB"))
        let small = a.render(width: 80, height: 12)
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(dom.list.selected == 299)
        #expect(dom.list.top + dom.list.visible > 299)
        #expect(small.plainText.contains("300/300"))
    }
}
