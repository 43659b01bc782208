import HeapGraph
import Testing
@testable import ExplorerCore

/// One back stack across tabs, pushes, reveals and the dominator tree's levels; `Q` and `q` quitting.
@Suite struct BackStackTests {
    func app(_ keys: String) -> ExplorerApp {
        let a = ExplorerApp(model: LeakDemo.model())
        for k in Key.script(keys) { a.handle(k) }
        return a
    }

    func press(_ a: ExplorerApp, _ keys: String) { for k in Key.script(keys) { a.handle(k) } }

    @Test func backAcrossATabSwitch() throws {
        let a = app("3 j Enter 2")                    // into the Cache class in the tree, then the Histogram
        #expect(a.activeTabID == .histogram)
        press(a, "q")                                 // back to the tree where it was left
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(a.activeTabID == .dominators && dom.path == [0, 1])
        press(a, "q")
        #expect(dom.path == [0])
        press(a, "q")
        #expect(a.activeTabID == .overview && !a.wantsQuit)
        press(a, "q")
        #expect(a.wantsQuit)
    }

    @Test func backFromARevealReturnsToTheInstances() throws {
        // Histogram by retained: byte[], com.example.Cache, java.util.HashMap (node 2, under the Cache class).
        let a = app("2 j j Enter d")
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(a.activeTabID == .dominators && dom.path == [0, 1] && dom.selectedNode == 2)
        press(a, "Enter")                             // into the HashMap: a move of its own
        #expect(dom.path == [0, 1, 2])
        press(a, "h")
        #expect(dom.path == [0, 1] && dom.selectedNode == 2)
        press(a, "Left")                              // undoes the reveal: the instances of HashMap
        let inst = try #require(a.currentPage as? InstancesPage)
        #expect(a.activeTabID == .histogram && inst.title == "java.util.HashMap")
        press(a, "Esc")
        #expect(a.currentPage is HistogramPage)
        press(a, "Esc")                               // Esc never quits
        #expect(a.activeTabID == .overview)
        press(a, "Esc")
        #expect(a.activeTabID == .overview && !a.wantsQuit)
        press(a, "q")
        #expect(a.wantsQuit)
    }

    @Test func revealRestoresTheTreeWhereItWas() throws {
        let a = app("3 j Enter Enter 2 Enter d")      // tree at HashMap, then byte[] instances, reveal byte[] 10
        let dom = try #require(a.currentPage as? DominatorPage)
        #expect(dom.path == [0] && dom.selectedNode == 10)
        press(a, "q q q")                             // instances, histogram, the tree as it was left
        #expect(a.activeTabID == .dominators && dom.path == [0, 1, 2])
    }

    @Test func capitalQQuitsAnywhere() {
        let a = app("2 Enter Enter Q")
        #expect(a.wantsQuit)
    }

    @Test func helpClosesBackToItsScreen() throws {
        let a = app("3 j Enter ?")
        #expect(a.currentPage is HelpPage)
        press(a, "q")
        #expect((a.currentPage as? DominatorPage)?.path == [0, 1])
    }

    @Test func tabLineSaysBackOrQuit() {
        let a = app("")
        #expect(a.render(width: 80, height: 24).rowText(1).hasSuffix("q quit"))
        press(a, "2")
        #expect(a.render(width: 80, height: 24).rowText(1).hasSuffix("q back"))
    }

    @Test func breadcrumbCutsInTheMiddle() {
        // Dominators › class com.example.Cache 0x1010 › java.util.HashMap 0x1020: 69 columns; 59 fit at width 60.
        let a = app("3 j Enter Enter")
        #expect(a.render(width: 60, height: 24).rowText(2) == " Dominators › … › java.util.HashMap 0x1020")
        #expect(a.render(width: 80, height: 24).rowText(2)
                == " Dominators › class com.example.Cache 0x1010 › java.util.HashMap 0x1020")
        // The Histogram tab names itself before the instances screen.
        let b = app("2 Enter")
        #expect(b.render(width: 80, height: 24).rowText(2) == " Histogram › byte[]")
    }
}
