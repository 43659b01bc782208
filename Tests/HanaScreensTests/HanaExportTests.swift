import DumpKit
import HanaReader
import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// `e` on every HANA screen: each writes a 0600 CSV whose rows are the screen's table, checked against the dump's own
/// lists (the allocator list, the IPMM table, `[STACK_SHORT]`, the folded stacks `hdx hana stacks --folded` prints).
@Suite struct HanaExportTests {
    func export(_ app: ExplorerApp) throws -> ExportedCSV {
        let csv = try ExportedCSV.export(app)
        #expect(csv.mode == 0o600)
        return csv
    }

    @Test func allocatorsAreTheDumpsAllocatorList() throws {
        let hana = try #require(try Samples.dump(Samples.hanaOOM).extras(HanaDump.self))
        let csv = try export(try HanaScreenTests.app(Samples.hanaOOM, "2"))
        #expect(csv.path.hasSuffix("-allocators.csv"))
        // As `hdx histogram --csv` (same header); each allocator once, exclusive as shallow, inclusive as retained.
        #expect(csv.header == ["class", "count", "shallow", "retained"])
        let exported = Set(csv.rows.map { $0[0] + " " + $0[2] + " " + $0[3] })
        let listed = Set(hana.allocators.allocators.map { "\($0.path) \($0.exclusive) \($0.inclusive)" })
        #expect(csv.rows.count == hana.allocators.allocators.count)
        #expect(exported == listed)
    }

    @Test func allocatorTreeLevel() throws {
        let csv = try export(try HanaScreenTests.app(Samples.hanaOOM, "3"))
        let hana = try #require(try Samples.dump(Samples.hanaOOM).extras(HanaDump.self))
        let top = hana.allocators.allocators.filter { $0.parent < 0 }
        #expect(csv.column("class").sorted() == top.map(\.path).sorted())
    }

    @Test func processesInScreenOrder() throws {
        let csv = try export(try HanaScreenTests.app(Samples.hanaOOM, "4"))
        // Lines 67-71 of the sample, biggest AB first; the failing indexserver marked.
        #expect(csv.column("pid") == ["21734", "21402", "21518", "21520", "21790"])
        #expect(csv.column("AB").first == "201756088730")
        #expect(csv.column("failing").first == "true")
    }

    @Test func threadsAndAStack() throws {
        let hana = try #require(try Samples.dump(Samples.hanaOOM).extras(HanaDump.self))
        let threads = try export(try HanaScreenTests.app(Samples.hanaOOM, "5"))
        #expect(threads.rows.count == hana.threads.count)
        #expect(threads.column("thread").first == "thr=22817")      // the culprit first, as on the screen
        #expect(threads.column("verdict").first == "culprit")
        #expect(Set(threads.column("tid")) == Set(hana.threads.map { String($0.tid) }))
        let stack = try export(try HanaScreenTests.app(Samples.hanaOOM, "5 Enter"))
        let culprit = try #require(hana.threadIndex(tid: 22817))
        let frames = hana.thread(at: culprit).frames
        #expect(stack.column("part").filter { $0 == "stack" }.count == frames.count)
        #expect(stack.column("symbol").prefix(frames.count).elementsEqual(frames.map(\.symbol)))
    }

    @Test func flameIsTheFoldedStacks() throws {
        let hana = try #require(try Samples.dump(Samples.hanaOOM).extras(HanaDump.self))
        let csv = try export(try HanaScreenTests.app(Samples.hanaOOM, "6"))
        #expect(csv.header == ["stack", "threads"])
        // The lines `hdx hana stacks --folded` prints, in the graph's order (most common path first).
        #expect(csv.rows.map { $0[0] + " " + $0[1] }.sorted() == hana.foldedStacks().sorted())
    }

    @Test func comparisonScreens() throws {
        let compare = try export(try HanaCompareScreenTests.app(""))
        #expect(compare.column("class").first == "Pool/Statistics")
        let procs = try export(try HanaCompareScreenTests.app("2"))
        let page = try #require(try HanaCompareScreenTests.app("2").currentPage as? ProcessesDeltaPage)
        #expect(procs.rows.count == page.rows.filter { if case .heading = $0 { false } else { true } }.count)
        let stacksApp = try HanaCompareScreenTests.app("3")
        let stacksPage = try #require(stacksApp.currentPage as? StacksDeltaPage)
        let stacks = try export(stacksApp)
        #expect(stacks.column("thread") == stacksPage.stacks.map(\.thread))
        #expect(stacks.column("delta") == stacksPage.stacks.map { String($0.newCount - $0.oldCount) })
        let frames = try export(try HanaCompareScreenTests.app("3 Enter"))
        #expect(frames.column("frame") == (stacksPage.stacks.first?.frames ?? []))
    }

    @Test func theOverviewSaysWhyNot() throws {
        let app = try HanaScreenTests.app(Samples.hanaOOM, "e")
        #expect(app.message?.hasPrefix("the Overview has no table") == true)
        #expect(app.command == nil)
    }
}
