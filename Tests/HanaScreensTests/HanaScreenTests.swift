import DumpKit
import HanaReader
import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// The HANA screens (Processes, Threads with a thread's stack, Flame) on the committed samples: goldens per size and
/// look, and the numbers checked against the sample files.
@Suite struct HanaScreenTests {
    static func app(_ sample: String, _ keys: String, glyphs: Glyphs = Glyphs(ascii: false)) throws -> ExplorerApp {
        HanaScreens.register()
        let model = ExplorerModel(dump: try Samples.dump(sample))
        let app = ExplorerApp(model: model, glyphs: glyphs)
        for k in Key.script(keys) { app.handle(k) }
        return app
    }

    static let screens: [(name: String, sample: String, keys: String)] = [
        ("hana-processes", Samples.hanaOOM, "4"),
        ("hana-threads", Samples.hanaOOM, "5"),
        ("hana-stack", Samples.hanaOOM, "5 Enter"),
        ("hana-crash-threads", Samples.hanaCrash, "4"),
        ("hana-crash-stack", Samples.hanaCrash, "4 Enter"),
        ("hana-flame", Samples.hanaOOM, "6"),
        ("hana-flame-zoomed", Samples.hanaOOM, "6 Down Down Down Right Enter Down"),
    ]

    @Test(arguments: Look.all)
    func screens(_ look: Look) throws {
        for s in HanaScreenTests.screens {
            let app = try HanaScreenTests.app(s.sample, s.keys, glyphs: look.glyphs)
            assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "\(s.name)-\(look)")
        }
    }

    @Test func tabsFollowTheStandardOnes() throws {
        let oom = try HanaScreenTests.app(Samples.hanaOOM, "")
        #expect(oom.tabTitles == ["Overview", "Allocators", "Dominators", "Processes", "Threads", "Flame"])
        // The crash dump has no IPMM process list.
        let crash = try HanaScreenTests.app(Samples.hanaCrash, "")
        #expect(crash.tabTitles == ["Overview", "Allocators", "Dominators", "Threads", "Flame"])
    }

    @Test func processesSortedByABWithTheFailingOneMarked() throws {
        let app = try HanaScreenTests.app(Samples.hanaOOM, "4")
        let page = try #require(app.currentPage as? ProcessesPage)
        // Lines 67-71 of the sample: indexserver 187.90gb, nameserver 6.50gb, compileserver 1.85gb, …
        #expect(page.processes.map(\.pid) == [21734, 21402, 21518, 21520, 21790])
        #expect(page.processes[0].ab == 201_756_088_730)
        let text = app.render(width: 80, height: 24).plainText
        #expect(text.contains("hdbindexserver  failed here"))
        #expect(text.contains("PROCESS_ALLOCATION_LIMIT"))
        #expect(text.contains("187.9 GiB"))   // 201,756,088,730 B
    }

    @Test func threadsListTheCulpritFirstAndOpenItsStack() throws {
        let dump = try Samples.dump(Samples.hanaOOM)
        let hana = try #require(dump.extras(HanaDump.self))
        let app = try HanaScreenTests.app(Samples.hanaOOM, "5")
        let page = try #require(app.currentPage as? ThreadsPage)
        #expect(page.order.count == hana.threads.count)
        #expect(hana.threads[page.order[0]].tid == 22817)            // SqlExecutor, the failing allocation
        let row = app.render(width: 100, height: 24).rowText(4)
        #expect(row.contains("thr=22817") && row.contains("SqlExecutor") && row.contains("300517"))
        #expect(row.contains("!"))                                     // a pending exception
        app.handle(.enter)
        let stack = try #require(app.currentPage as? ThreadStackPage)
        #expect(stack.thread.frames.count == 20)
        #expect(stack.selectedFrame?.number == 1)
        let text = app.render(width: 100, height: 60).plainText
        #expect(text.contains("allocation failure of 2.3 GiB in allocator SearchAlloc"))   // $size$=2415919104
        #expect(text.contains("memory.cpp:64"))
    }

    @Test func crashingThreadComesFirst() throws {
        let dump = try Samples.dump(Samples.hanaCrash)
        let hana = try #require(dump.extras(HanaDump.self))
        let tid = try #require(hana.verdict.crashingThread?.tid)
        let app = try HanaScreenTests.app(Samples.hanaCrash, "4")
        let page = try #require(app.currentPage as? ThreadsPage)
        #expect(hana.threads[page.order[0]].tid == tid)
    }

    @Test func flameWidthsAreThreadShares() throws {
        let dump = try Samples.dump(Samples.hanaOOM)
        let hana = try #require(dump.extras(HanaDump.self))
        let g = FlameGraph(folded: hana.foldedStacks())
        let withFrames = hana.threads.filter { $0.frameCount > 0 }.count
        #expect(g.count[0] == withFrames)
        for w in [80, 132, 7] {
            let blocks = g.layout(zoom: 0, width: w)
            // Each row's blocks do not overlap and stay inside the width; the children of a block tile it when
            // every stack goes deeper.
            for row in Set(blocks.map(\.row)) {
                let r = blocks.filter { $0.row == row }.sorted { $0.x0 < $1.x0 }
                for (a, b) in zip(r, r.dropFirst()) { #expect(a.x1 <= b.x0) }
                #expect(r.allSatisfy { $0.x0 >= 0 && $0.x1 <= w && $0.x1 > $0.x0 })
            }
            let top = blocks.filter { $0.row == 0 }
            #expect(top.reduce(0) { $0 + $1.x1 - $1.x0 } == w)
        }
    }

    @Test func flameNavigationAndZoom() throws {
        // Hand-built: 3 threads in a;b;c, 1 in a;d, 2 in e.
        let g = FlameGraph(folded: ["a;b;c 3", "a;d 1", "e 2"])
        #expect(g.count[0] == 6)
        let page = FlamePage(graph: g, threadCount: 6)
        let ctx = PageContext(model: ExplorerModel(dump: try Samples.dump(Samples.hanaCrash)), glyphs: Glyphs(ascii: true))
        let canvas = Canvas(grid: Grid(width: 60, height: 10, asciiOnly: true))
        page.render(canvas, ctx)
        let blocks = g.layout(zoom: 0, width: 60)
        let a = try #require(g.children[0].first)
        #expect(g.names[a] == "a")
        #expect(blocks.first { $0.node == a }.map { $0.x1 - $0.x0 } == 40)   // 4 of 6 threads
        #expect(page.selected == a)
        _ = page.handle(.right, ctx)
        #expect(g.names[page.selected] == "e")
        _ = page.handle(.left, ctx)
        _ = page.handle(.down, ctx)
        #expect(g.names[page.selected] == "b")
        _ = page.handle(.right, ctx)
        #expect(g.names[page.selected] == "d")
        _ = page.handle(.up, ctx)
        #expect(g.names[page.selected] == "a")
        _ = page.handle(.down, ctx)
        _ = page.handle(.enter, ctx)                                     // zoom into b: full width
        #expect(page.zooms.map { g.names[$0] } == ["b"])
        page.render(canvas, ctx)
        #expect(canvas.grid.rowText(1).hasPrefix("b"))
        #expect(canvas.grid.rowText(1).count == 60)
        #expect(canvas.grid.rowText(2).hasPrefix("c"))
        _ = page.handle(.backspace, ctx)
        #expect(page.zooms.isEmpty)
        #expect(page.handle(.backspace, ctx).isUnhandled)                // nothing left to zoom out
    }

    @Test func flameLabelsDropNamespacesFirst() {
        #expect(FlameGraph.shortLabel("Execution::Thread::staticMain", width: 18, ellipsis: "…") == "Thread::staticMain")
        #expect(FlameGraph.shortLabel("Execution::Thread::staticMain", width: 12, ellipsis: "…") == "staticMain")
        #expect(FlameGraph.shortLabel("a<b::c>::run", width: 5, ellipsis: "…") == "run")
        #expect(FlameGraph.shortLabel("verylongname", width: 5, ellipsis: "...") == "ve...")
    }
}

extension PageAction {
    var isUnhandled: Bool {
        if case .unhandled = self { return true }
        return false
    }
}

extension ExplorerApp {
    var tabTitles: [String] { specs.map(\.title) }
}
