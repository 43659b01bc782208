import DumpKit
import HeapGraph

/// A block of lines on the Overview screen. The explorer adds its own (facts, warnings, biggest objects); analyses
/// add more (leak suspects, the HANA verdict) through `ExplorerModel.extraOverviewSections`.
package struct OverviewSection {
    package var title: String
    package var rows: [OverviewRow]

    package init(title: String, rows: [OverviewRow]) {
        self.title = title
        self.rows = rows
    }
}

/// One Overview line: text, or (with `node` and no text) an object row with retained size and bar. Rows with a node
/// can be selected; Enter opens the object in the dominator tree. Text wraps to the window at word boundaries
/// unless `wraps` is false (then it is cut at the edge).
package struct OverviewRow {
    package var text: String
    package var role: Role
    package var node: UInt32?
    package var wraps: Bool

    package init(text: String, role: Role = .normal, node: UInt32? = nil, wraps: Bool = true) {
        self.text = text
        self.role = role
        self.node = node
        self.wraps = wraps
    }
}

/// The data behind all screens of one dump, with the caches that keep every key fast on big dumps: sorted histogram
/// rows per sort key and per-class instance lists, both computed on first use.
package final class ExplorerModel {
    package let index: HeapIndex
    package let dump: LoadedDump?
    /// More Overview sections, shown after the built-in ones.
    package var extraOverviewSections: [OverviewSection] = []
    /// Sections shown first on the Overview: the HANA verdict, the leak suspects.
    package var leadingOverviewSections: [OverviewSection] = []
    /// Notes to show once at start (a broken theme file, …).
    package var startupMessage: String?

    private var sortedRows: [ClassHistogram.SortKey: [ClassHistogram.Row]] = [:]
    private var instanceCache: [(cls: UInt32, nodes: ContiguousArray<UInt32>)] = []
    /// Presorted huge child lists and per-class instances, built in the background (`startBackgroundOrders`).
    var orders: PrecomputedOrders?
    /// The histogram's package and class-loader trees (`t`), built in the background from the first use of the
    /// model on (the explorer asks for them when it opens a dump).
    private(set) lazy var packageTrees = PackageTreesJob(model: self)

    package convenience init(dump: LoadedDump) {
        self.init(index: dump.index, dump: dump)
        addAnalyses(of: dump)
        _ = packageTrees
        prepareDistances()
        if let d = dump.extras.dumpsInFile {
            // The explorer opens one dump of a file that holds several (the first unless --dump said otherwise).
            startupMessage = "file holds \(d.count) heap dumps: showing dump \(d.number) (--dump N for another)"
        }
    }

    package init(index: HeapIndex, dump: LoadedDump? = nil) {
        self.index = index
        self.dump = dump
    }

    /// Paths from GC roots to `node` as the dump's format prefers them (V8: DevTools' retainer order).
    package func rootPaths(to node: UInt32, max: Int) -> [[UInt32]] {
        dump?.pathsFromRoots(to: node, max: max) ?? RootPaths.shortest(in: graph, to: node, max: max)
    }

    /// Bytes of all objects, reachable or not (computed once by the index).
    package var shallowBytes: UInt64 { index.shallowBytes }
    package var unreachableBytes: UInt64 { index.unreachableBytes }

    package var graph: HeapGraph { index.graph }
    package var tree: DominatorTree { index.tree }
    package var details: any GraphDetails { index.details }
    /// What the histogram groups by: classes, or allocators (HANA).
    package var grouping: DumpFormat.Grouping { index.info.format.grouping }
    /// The format's words for its things (objects or allocators, GC roots, DevTools' headings).
    package var words: DumpVocabulary { index.info.format.words }

    /// Histogram rows sorted by `key` (descending sizes, names ascending); cached per key.
    package func histogramRows(sortedBy key: ClassHistogram.SortKey) -> [ClassHistogram.Row] {
        if let rows = sortedRows[key] { return rows }
        let rows: [ClassHistogram.Row]
        if key == .name {
            // Byte-wise name order: Swift's String `<` normalises Unicode and is ~20x slower on 30,000 classes.
            let names = graph.classes.names.map { ContiguousArray($0.utf8) }
            rows = index.histogram.rows.sorted { a, b in
                names[Int(a.classIndex)].lexicographicallyPrecedes(names[Int(b.classIndex)])
            }
        } else {
            rows = index.histogram.sorted(by: key, classes: graph.classes)
        }
        sortedRows[key] = rows
        return rows
    }

    /// All nodes of class `cls` in node order (reachable or not); the last few classes asked for are cached.
    package func instances(of cls: UInt32) -> ContiguousArray<UInt32> {
        if let hit = instanceCache.first(where: { $0.cls == cls }) { return hit.nodes }
        if let byClass = orders?.classInstances { return ContiguousArray(byClass.instances(of: cls)) }
        var out = ContiguousArray<UInt32>()
        graph.classOf.withUnsafeBufferPointer { c in
            for v in 1..<c.count where c[v] == cls { out.append(UInt32(v)) }
        }
        instanceCache.append((cls, out))
        if instanceCache.count > 4 { instanceCache.removeFirst() }
        return out
    }

    // MARK: - Labels

    package func className(_ node: UInt32) -> String {
        node == HeapGraph.superRoot ? "GC roots" : details.displayClassName(node)
    }

    package func idString(_ node: UInt32) -> String {
        node == HeapGraph.superRoot ? "" : details.idString(node)
    }

    /// `java.util.HashMap 0x1000 "preview"` in one string (for search and detail lines).
    package func describe(_ node: UInt32) -> String { ExplorerModel.describe(node, in: index) }

    /// `describe` from any thread (background searches).
    package static func describe(_ node: UInt32, in index: HeapIndex) -> String {
        if node == HeapGraph.superRoot { return "GC roots" }
        let details = index.details
        var s = details.displayClassName(node)
        let id = details.idString(node)
        if !id.isEmpty && id != s { s += " " + id }
        if let p = details.preview(node), !p.isEmpty { s += " " + p }
        return s
    }

    /// `Java frame in thread main (frame 2)`, `JNI global`, `sticky class`, …
    package func rootDescription(_ root: GCRoot) -> String {
        var s = root.kind.label
        if root.thread != 0 {
            let name = details.threadName(root.thread) ?? "#\(root.thread)"
            s += root.kind == .threadObject ? " of thread \(name)" : " in thread \(name)"
        }
        if root.frame >= 0 { s += " (frame \(root.frame))" }
        return s
    }

    /// All root kinds of a node, joined (`sticky class, JNI global`); nil when it is no root.
    package func rootSummary(_ node: UInt32) -> String? {
        let records = graph.rootRecords(of: node)
        guard !records.isEmpty else { return nil }
        var seen: [String] = []
        for r in records {
            let d = rootDescription(r)
            if !seen.contains(d) { seen.append(d) }
        }
        if seen.count > 3 { return seen.prefix(3).joined(separator: ", ") + ", +\(seen.count - 3) more" }
        return seen.joined(separator: ", ")
    }
}
