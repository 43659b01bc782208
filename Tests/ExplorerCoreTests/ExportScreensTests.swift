import DumpKit
import DumpReports
import HeapGraph
import Testing
@testable import ExplorerCore

/// `e` on every table screen besides the Histogram and the tree (ExplorerCommandTests): Growth and its paths, the
/// Reports screens, collection contents, merged paths, the package tree, the dominators by class, new objects. Each
/// export is a 0600 CSV whose rows are the screen's rows, figures checked against the data the screen was made from.
@Suite(.serialized) struct ExportScreensTests {
    func export(_ app: ExplorerApp) throws -> ExportedCSV {
        let csv = try ExportedCSV.export(app)
        #expect(csv.mode == 0o600)
        return csv
    }

    func javaApp(_ keys: String, sample: String = "java/leakdemo.hprof") throws -> ExplorerApp {
        let app = ExplorerApp(model: ExplorerModel(dump: try Samples.dump(sample)))
        ViewsScreenTests.drive(app, keys)
        return app
    }

    @Test func growthIsTheSeriesInScreenOrder() throws {
        let app = try GrowthScreenTests.app("")
        let page = try #require(app.currentPage as? GrowthPage)
        let csv = try export(app)
        #expect(csv.header.first == "class" && csv.header.last == "lastGrowth")
        #expect(csv.column("class") == (0..<page.rowCount).map { page.gm.rows[page.rowIndex($0)].class })
        #expect(csv.column("lastGrowth") == (0..<page.rowCount).map { String(page.gm.rows[page.rowIndex($0)].lastGrowth) })
        // `m`: only what grew at every step, and the export follows the screen.
        app.handle(.char("m"))
        let only = try export(app)
        #expect(only.rows.count == page.gm.rows.filter(\.monotonic).count)
        #expect(only.column("monotonic").allSatisfy { $0 == "true" })
    }

    @Test func growingPathsAndSteps() throws {
        let paths = try export(try GrowthScreenTests.app("2"))
        #expect(paths.column("class").first == "Pool/Statistics")
        #expect(paths.column("path").first == "Pool > Pool/Statistics")
        let steps = try export(try GrowthScreenTests.app("2 Enter"))
        #expect(steps.column("class") == ["Pool", "Pool/Statistics"])
        #expect(steps.header.contains("retained3"))
    }

    @Test func reportScreensExportTheirData() throws {
        let dump = try Samples.dump("java/leakdemo.hprof")
        let data = ReportScreens.compute(dump)
        let dups = try export(try javaApp("4 Enter"))
        #expect(dups.path.hasSuffix("-duplicate-strings.csv"))
        // Texts as CSV fields hold them (controls shown as `\x0A`, one record per line).
        func field(_ s: String) -> String { ExportedCSV.parse(CSVTable.field(.text(s)) + "\r\n").first?.first ?? "" }
        #expect(dups.column("text") == (data.duplicates ?? []).map { field($0.value) })
        #expect(dups.column("text").contains("\\x0A"))
        #expect(dups.column("wasted") == (data.duplicates ?? []).map { String($0.wastedBytes) })
        let under = try export(try javaApp("4 j Enter"))
        #expect(under.column("retained") == data.underFilled.map { String($0.retained) })
        #expect(under.column("capacity") == data.underFilled.map { String($0.capacity) })
        let loaders = try export(try javaApp("4 j j Enter"))
        #expect(loaders.rows.count == (data.loaders?.count ?? 0)
                + (data.duplicateClasses ?? []).reduce(0) { $0 + $1.loaders.count })
        let threads = try export(try javaApp("4 j j j Enter"))
        let names = (data.threads ?? []).map(\.name)
        var firsts: [String] = []
        for n in threads.column("thread") where firsts.last != n { firsts.append(n) }
        #expect(firsts == names)
    }

    @Test func v8StatisticsAddUp() throws {
        let csv = try export(try javaApp("4 Enter", sample: "v8/leak-1.heapsnapshot"))
        let bytes = Dictionary(uniqueKeysWithValues: csv.rows.map { ($0[0], UInt64($0[1]) ?? 0) })
        // DevTools' Statistics: the total is the V8 heap plus the native part; the V8 heap's kinds add up to it.
        #expect(bytes["Total"] == (bytes["V8 heap"] ?? 0) + (bytes["Native (outside the V8 heap)"] ?? 0))
        #expect(bytes["V8 heap"] == ["Code", "Strings", "JS arrays", "System objects", "Other"]
            .reduce(0) { $0 + (bytes[$1] ?? 0) })
    }

    @Test func collectionContents() throws {
        let app = try javaApp("4 j Enter Enter")
        let page = try #require(app.currentPage as? CollectionPage)
        let csv = try export(app)
        #expect(csv.rows.count == page.contents.entries.count)
        #expect(csv.column("retained") == page.contents.entries.map { String($0.retained) })
        #expect(csv.column("slot") == page.contents.entries.map { String($0.slot) })
    }

    @Test func mergedPathsPackageTreeAndGroups() throws {
        let mergedApp = try javaApp("2 / S e s s i o n $ Enter M")
        let merged = try #require(mergedApp.currentPage as? MergedPathsPage)
        let m = try export(mergedApp)
        #expect(m.column("class") == merged.visible.map { merged.merged.nodes[$0].className })
        #expect(m.column("count") == merged.visible.map { String(merged.merged.nodes[$0].count) })

        let treeApp = try javaApp("2 t")
        let hist = try #require(treeApp.currentPage as? HistogramPage)
        let tree = try export(treeApp)
        #expect(tree.header == ["depth", "package", "class", "count", "shallow", "retained"])
        #expect(tree.rows.count == hist.rowCount)
        // A class row says what the flat histogram says of the class.
        let flat = Dictionary(uniqueKeysWithValues: hist.model.index.histogram.rows.map {
            (hist.model.graph.classes[$0.classIndex], "\($0.count) \($0.shallow) \($0.retained)")
        })
        let classRows = tree.rows.filter { !$0[2].isEmpty }
        #expect(!classRows.isEmpty)
        #expect(classRows.allSatisfy { flat[$0[2]] == $0[3] + " " + $0[4] + " " + $0[5] })

        let groupApp = try javaApp("3 C")
        let dom = try #require(groupApp.currentPage as? DominatorPage)
        let groups = try export(groupApp)
        // One row per class among the root's children; the counts add up to the children.
        let total = groups.column("count").reduce(0) { $0 + (Int($1) ?? 0) }
        #expect(total == dom.model.tree.childCount(dom.currentNode))
        #expect(Set(groups.column("class")).count == groups.rows.count)
    }

    @Test func newObjectsOfAClass() throws {
        let app = try CompareScreenTests.app(NewObjectsScreenTests.v8Before, NewObjectsScreenTests.v8After,
                                             "/ ^ L e a k y E n t r y $ Enter Enter")
        let page = try #require(app.currentPage as? NewObjectsPage)
        let csv = try export(app)
        #expect(csv.rows.count == page.all.count)
        #expect(csv.column("class").allSatisfy { $0 == "LeakyEntry" })
        #expect(csv.rows.count == page.row.newObjects)
    }

    @Test func screensWithoutATableSayWhy() throws {
        #expect(try javaApp("e").message?.hasPrefix("the Overview has no table") == true)
        #expect(try javaApp("? e").message?.hasPrefix("help has no table") == true)
        #expect(try javaApp("4 e").message?.hasPrefix("this is the list of report screens") == true)
    }
}
