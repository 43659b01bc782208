import DumpKit
import HeapGraph

/// The data behind the comparison screens: the class rows of `DumpComparison` (classes that changed), their order
/// per sort key (computed once per key), the NEW dump's explorer model for drilling into a class, and the names of
/// both files.
package final class ComparisonModel {
    package enum SortKey: String, CaseIterable, Sendable {
        case retained, shallow, count, name
    }

    package let comparison: DumpComparison
    /// The NEW dump, as the explorer shows it (instances, objects, paths, dominators).
    package let newModel: ExplorerModel
    package let rows: [ComparisonRow]
    /// The biggest retained change of any row (for the bars).
    package let maxRetainedChange: UInt64
    private var orders: [SortKey: [Int]] = [:]
    private var classByName: [String: UInt32]?

    package init(comparison: DumpComparison, newModel: ExplorerModel? = nil) {
        self.comparison = comparison
        self.newModel = newModel ?? ExplorerModel(dump: comparison.new)
        rows = comparison.rows().rows
        maxRetainedChange = rows.reduce(0) { max($0, $1.retainedDelta.magnitude) }
    }

    /// Objects were matched one by one (V8 node ids; HPROF addresses of a heap that did not move).
    package var objectsMatched: Bool { comparison.objectMatch != nil }
    package var isV8Pair: Bool { objectsMatched }
    /// What the rows are: classes, or allocators (HANA).
    package var grouping: DumpFormat.Grouping { comparison.new.format.grouping }
    package var oldName: String { ComparisonModel.fileName(comparison.old.path) }
    package var newName: String { ComparisonModel.fileName(comparison.new.path) }

    /// Both names in one: `leakdemo-{before → after}.hprof.gz` when they share a start or end, else `a → b`.
    static func pairName(_ a: String, _ b: String, arrow: String) -> String {
        let x = Array(a), y = Array(b)
        var p = 0
        while p < min(x.count, y.count), x[p] == y[p] { p += 1 }
        var q = 0
        while q < min(x.count, y.count) - p, x[x.count - 1 - q] == y[y.count - 1 - q] { q += 1 }
        // Cut at separators, not inside a number or word (`rtedump.{20250311-142207 → 20250312-141905}.oom.trc`).
        while p > 0, x[p - 1].isLetter || x[p - 1].isNumber { p -= 1 }
        while q > 0, x[x.count - q].isLetter || x[x.count - q].isNumber { q -= 1 }
        guard a != b, p + q >= 8 else { return a + arrow + b }
        return String(x[..<p]) + "{" + String(x[p..<(x.count - q)]) + arrow + String(y[p..<(y.count - q)]) + "}"
            + String(x[(x.count - q)...])
    }

    static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    /// Row indices in the order of `key` (growth first for sizes; names ascending), computed once per key.
    package func order(_ key: SortKey) -> [Int] {
        if let o = orders[key] { return o }
        let r = rows
        let o: [Int]
        switch key {
        case .retained: o = Array(r.indices)   // DumpComparison's own order: retained growth first
        case .shallow:
            o = r.indices.sorted { r[$0].shallowDelta != r[$1].shallowDelta ? r[$0].shallowDelta > r[$1].shallowDelta : $0 < $1 }
        case .count:
            o = r.indices.sorted { r[$0].countDelta != r[$1].countDelta ? r[$0].countDelta > r[$1].countDelta : $0 < $1 }
        case .name:
            let names = r.map { ContiguousArray($0.class.utf8) }
            o = r.indices.sorted { names[$0].lexicographicallyPrecedes(names[$1]) }
        }
        orders[key] = o
        return o
    }

    /// The class of NEW with this name; when several share it (class loaders), the one retaining most.
    package func newClass(named name: String) -> UInt32? {
        if classByName == nil { classByName = ComparisonModel.classesByName(newModel) }
        return classByName?[name]
    }

    /// Class index by name in `model`'s histogram; when several classes share a name (class loaders), the one
    /// retaining most.
    static func classesByName(_ model: ExplorerModel) -> [String: UInt32] {
        var best: [String: (UInt32, UInt64)] = [:]
        let names = model.graph.classes
        for r in model.index.histogram.rows {
            let n = names[r.classIndex]
            if let b = best[n], b.1 >= r.retained { continue }
            best[n] = (r.classIndex, r.retained)
        }
        return best.mapValues(\.0)
    }

    /// The change of a NEW object's retained size since OLD (the `Δ old` column of Dominators (new)): the same
    /// object in OLD is the one with its id (V8 node id; HPROF address of an unmoved heap) in a class of the same
    /// name; an object OLD did not have counts whole. Nil when objects could not be matched.
    package func retainedChange(_ node: UInt32) -> Int64? {
        guard objectsMatched, node != HeapGraph.superRoot else { return nil }
        let ng = newModel.graph, old = comparison.old.index
        let now = Int64(clamping: newModel.tree.retained[Int(node)])
        guard let o = old.graph.node(forID: ng.objectIDs[Int(node)]),
              old.graph.classes[old.graph.classOf[Int(o)]] == ng.classes[ng.classOf[Int(node)]] else { return now }
        return now - Int64(clamping: old.tree.retained[Int(o)])
    }

    /// `before.hprof.gz → after.hprof.gz` and the reachable totals for the title line.
    package func titleText(_ glyphs: Glyphs) -> (left: String, right: String) {
        let arrow = glyphs.ascii ? " -> " : " → "
        let fmt = comparison.new.format.shortName
        let a = comparison.old.index.reachableBytes, b = comparison.new.index.reachableBytes
        let delta = Int64(bitPattern: b &- a)
        return (" " + ComparisonModel.pairName(oldName, newName, arrow: arrow) + "  " + fmt + " diff",
                "reachable " + Format.bytes(a) + arrow + Format.bytes(b) + " (" + Signed.bytes(delta, glyphs) + ") ")
    }
}

extension TabID {
    package static let compare = TabID("compare")
}

extension TabSpec {
    /// Compare (the class histograms side by side), the plug-ins' tabs (HANA pairs: Processes Δ and Stacks Δ); then
    /// NEW's Dominators (where `d` on an object of NEW leads).
    package static func comparison(_ cm: ComparisonModel, glyphs: Glyphs) -> [TabSpec] {
        var tabs = [TabSpec(id: .compare, title: "Compare") { _ in ComparePage(comparison: cm) }]
        tabs += ExplorerPlugins.all.flatMap { $0.comparisonTabs(cm, glyphs) }
        tabs.append(TabSpec(id: .dominators, title: "Dominators (new)") { model in
            let page = DominatorPage(model: model)
            if cm.objectsMatched { page.retainedChange = cm.retainedChange }
            return page
        })
        return tabs
    }
}

extension ExplorerApp {
    /// The comparison explorer: NEW's model underneath, the Compare tab first, both file names in the title line.
    package static func comparison(_ cm: ComparisonModel, glyphs: Glyphs) -> ExplorerApp {
        let app = ExplorerApp(model: cm.newModel, glyphs: glyphs, tabs: TabSpec.comparison(cm, glyphs: glyphs),
                              initialTab: .compare)
        app.titleText = cm.titleText(glyphs)
        return app
    }
}
