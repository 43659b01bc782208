import HeapGraph

/// Classes (HANA: allocators) with objects, shallow and retained bytes and a bar of the retained share; `s` changes
/// the sort, `S` reverses it, `/` filters as you type (substring or regex), Enter lists the class's instances,
/// `t` folds the classes into a package tree (`HistogramPage+Packages`), `M` merges the shortest paths of the
/// selected class's instances.
package final class HistogramPage: FilteringListPage, Page {
    let model: ExplorerModel
    package internal(set) var sortKey: ClassHistogram.SortKey = .retained
    package internal(set) var reversed = false
    /// V8: sorted by DevTools' distance (nearest first; `s` after name), see DistanceColumn.swift.
    package internal(set) var distanceSort = false
    var rows: [ClassHistogram.Row] = []
    /// Indices into `rows` that pass the filter, or nil when there is no filter.
    var filtered: [Int]?
    /// The package tree (`t`), built the first time it is shown; while on, rows are its visible nodes.
    var packages: PackageTree?
    package internal(set) var treeMode = false
    /// While the tree is on: grouped by class loader (`t` a second time, HPROF) instead of by package.
    package internal(set) var byLoader = false
    /// The package tree and the class-loader tree once built.
    var builtTrees: [Bool: PackageTree] = [:]
    /// Each class's defining loader (nil: the format has none), looked up on the first `t`.
    var loaderLabels: [String]?? = nil
    var expanded: Set<Int> = []
    var visibleNodes: [Int] = []

    package init(model: ExplorerModel) {
        self.model = model
        super.init()
        reload()
    }

    func reload() {
        rows = distanceSort ? model.histogramRowsByDistance() : model.histogramRows(sortedBy: sortKey)
        if reversed { rows.reverse() }
        applyFilter()
    }

    override func applyFilter() {
        if treeMode { refreshTree() }
        guard let m = matcher, !m.isEmpty else { filtered = nil; return }
        let names = model.graph.classes
        var out: [Int] = []
        for (i, r) in rows.enumerated() where m.matches(names[r.classIndex]) { out.append(i) }
        filtered = out
    }

    func row(_ i: Int) -> ClassHistogram.Row { rows[filtered?[i] ?? i] }

    package var selectedRow: ClassHistogram.Row? {
        if treeMode { return selectedTreeClass.flatMap { c in rows.first { $0.classIndex == c } } }
        return list.selected < rowCount ? row(list.selected) : nil
    }

    // MARK: Page

    package var title: String { model.grouping.histogramTitle }
    package var crumbs: [String] {
        var c: [String] = []
        if let m = matcher, !m.isEmpty { c.append("filter /\(m.pattern)/ \(Format.count(rowCount)) of \(Format.count(rows.count))") }
        return c
    }
    package var searchKind: SearchKind { .filter }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { treeMode ? selectedTreeNode?.retained : selectedRow?.retained }

    package var hints: [KeyHelp] {
        treeMode ? [KeyHelp("⏎", "open"), KeyHelp("←", "close"), KeyHelp("t", "flat"), KeyHelp("M", "paths")]
            : [KeyHelp("⏎", model.words.countsMeaningful ? "instances" : model.words.node), KeyHelp("s", "sort"),
               KeyHelp("t", "packages"), KeyHelp("/", "filter")].filter { $0.keys != "t" || model.words.countsMeaningful }
    }

    package var keyHelp: [KeyHelp] {
        let w = model.words
        // HANA: allocators, no instances, packages or GC roots.
        guard w.countsMeaningful else {
            let node = w.node
            return [KeyHelp("Enter → l", "open the selected \(node)"),
                    KeyHelp("s", "sort by the next column (\(w.retainedSize.lowercased()), \(w.shallowSize.lowercased()), name)"),
                    KeyHelp("S", "reverse the sort order"),
                    KeyHelp("/", "filter as you type (text, or a regex such as ^Pool/ColumnStore); Enter keeps it"),
                    KeyHelp("t", "no package tree for \(w.nodes) (the Dominators tab is their tree)"),
                    KeyHelp("M", "the path from the top to the selected \(node)"),
                    KeyHelp("i", "no immediate dominators for \(w.nodes) (the Dominators tab is their tree)"),
                    KeyHelp("Esc (in /)", "clear the filter")]
        }
        return [KeyHelp("Enter → l", "list the instances of the selected \(model.grouping.noun.lowercased()) by retained size"),
         KeyHelp("s", "sort by the next column (retained, shallow, objects, name"
                 + (model.hasDistances ? ", distance" : "") + ")"),
         KeyHelp("S", "reverse the sort order"),
         KeyHelp("/", "filter as you type (text, or a regex such as ^java\\.util\\..*Map$); Enter keeps it"),
         KeyHelp("t", "fold into a package tree, then (HPROF) a class-loader tree, then back (a package or loader "
                 + "retains each object once: not again below another object of its classes in the dominator tree)"),
         KeyHelp("→ ⏎ ←", "in the package tree: open a package (a class: its instances), close it or go up"),
         KeyHelp("M", "merge the shortest paths from GC roots to the selected class's instances (weak/soft refs excluded)"),
         KeyHelp("i", "immediate dominators: the objects that keep the selected class's instances alive directly"),
         KeyHelp("Esc (in /)", "clear the filter")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        if treeMode { return treeDetailLine(ctx) }
        guard let r = selectedRow else { return nil }
        let w = model.words, dot = ctx.glyphs.dot
        return model.graph.classes[r.classIndex] + (w.countsMeaningful ? dot + Format.count(r.count) + " objects" : "")
            + dot + w.shallowSize.lowercased() + " " + Format.bytes(r.shallow)
            + dot + w.retainedSize.lowercased() + " "
            + Format.bytes(r.retained) + " (" + Format.percent(r.retained, of: model.index.reachableBytes) + ")"
    }

    override package var rowCount: Int { treeMode ? visibleNodes.count : filtered?.count ?? rows.count }

    /// Without object counts (HANA) the count column is left out and its room goes to the names. With distances
    /// (V8) DevTools' Distance column follows the counts; when the names would get fewer than 30 cells the bar goes
    /// first, then (below 24) the distance column: the least important columns are dropped first.
    struct Columns {
        let countEnd: Int
        /// HANA's `Exclusive`/`Inclusive` with the sort mark fill ten cells: one more keeps a space between them.
        let sizeWidth: Int
        /// 0: no bar.
        let barWidth: Int
        /// 0: no distance column.
        let distanceWidth: Int
        init(width: Int, counts: Bool = true, distances: Bool = false) {
            countEnd = counts ? 12 : 1
            sizeWidth = counts ? 10 : 11
            var bar = min(max(width / 10, 6), 20)
            var distance = distances ? DistanceColumn.width + 2 : 0
            let fixed = countEnd + 2 * sizeWidth + 9
            if distances && width - fixed - distance - bar - 1 < 30 { bar = 0 }
            if distances && width - fixed - distance < DistanceColumn.minimumName { distance = 0 }
            barWidth = bar
            distanceWidth = distance
        }
        var distanceEnd: Int { countEnd + distanceWidth }
        var shallowEnd: Int { distanceEnd + sizeWidth }
        var retainedEnd: Int { distanceEnd + 2 * sizeWidth }
        var percentEnd: Int { retainedEnd + 7 }
        var barStart: Int { retainedEnd + 8 }
        var nameStart: Int { barWidth == 0 ? percentEnd + 2 : barStart + barWidth + 1 }
    }

    func columns(_ width: Int) -> Columns {
        Columns(width: width, counts: model.words.countsMeaningful, distances: !treeMode && model.hasDistances)
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        let c = columns(width)
        let mark = reversed ? (ctx.glyphs.ascii ? "^" : "▲") : (ctx.glyphs.ascii ? "v" : "▼")
        let byDistance = distanceSort && !treeMode
        func h(_ name: String, _ key: ClassHistogram.SortKey) -> String {
            sortKey == key && !byDistance ? mark + name : name
        }
        var s = Format.padLeft(model.words.countsMeaningful ? h("Objects", .count) : "", c.countEnd)
        if c.distanceWidth > 0 {
            s += Format.padLeft((byDistance ? DistanceColumn.mark(reversed: reversed, ctx.glyphs) : "")
                                + model.words.distance, c.distanceWidth)
        }
        s += Format.padLeft(h(model.words.shallowSize, .shallow), c.shallowEnd - c.distanceEnd)
        s += Format.padLeft(h(model.words.retainedSize, .retained), c.retainedEnd - c.shallowEnd)
        s += Format.padLeft(model.words.percentWhole, c.percentEnd - c.retainedEnd)
        s += String(repeating: " ", count: c.nameStart - c.percentEnd)
            + h(treeMode ? (byLoader ? "Class loader" : "Package") + ctx.glyphs.crumbSeparator + model.words.group
                : model.words.group, .name)
        return s
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        if treeMode { drawTreeRow(i, p, ctx); return }
        let c = columns(p.canvas.width)
        let r = row(i)
        let whole = model.index.reachableBytes
        if model.words.countsMeaningful { p.putRight(Format.count(r.count), right: c.countEnd, role: .normal) }
        if c.distanceWidth > 0 {
            p.putRight(DistanceColumn.text(model.classDistance(r.classIndex), ctx.glyphs), right: c.distanceEnd,
                       role: .normal)
        }
        p.putRight(Format.bytes(r.shallow), right: c.shallowEnd, role: .normal)
        p.putRight(Format.bytes(r.retained), right: c.retainedEnd, role: .size)
        p.putRight(Format.percent(r.retained, of: whole), right: c.percentEnd, role: .normal)
        if c.barWidth > 0 {
            let f = Format.fraction(r.retained, of: whole)
            let bar = ctx.glyphs.ascii ? "[" + ctx.glyphs.bar(f, width: c.barWidth - 2) + "]"
                                       : ctx.glyphs.bar(f, width: c.barWidth)
            p.put(bar, x: c.barStart, role: .bar)
        }
        p.putClassName(model.graph.classes[r.classIndex], x: c.nameStart, limit: p.canvas.width, glyphs: ctx.glyphs)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        if treeMode, let action = handleTreeKey(key) { return action }
        switch key {
        case .enter, .right, .char("l"):
            guard let r = selectedRow else { return .handled }
            return .push(InstancesPage(classIndex: r.classIndex, model: model))
        case .char("t"):
            return toggleTree()
        case .char("M"):
            guard let r = selectedRow else { return .message("select a class: M merges the paths of its instances") }
            return .push(MergedPathsPage(classIndex: r.classIndex, model: model))
        case .char("i"):
            guard model.words.countsMeaningful else {
                return .message("no immediate dominators for \(model.words.nodes): the Dominators tab is their tree")
            }
            guard let r = selectedRow else { return .message("select a class: i lists who keeps its instances alive") }
            return ImmediateDominatorsPage.open(r.classIndex, model)
        case .char("s"):
            return cycleSort()
        case .char("S"):
            reversed.toggle()
            resort()
            return .handled
        default:
            return .unhandled
        }
    }

    /// Re-sorts and keeps the selected class selected.
    func resort() {
        if treeMode { resortTree(); return }
        reorder(identity: { self.row($0).classIndex }, rebuild: reload)
    }

}

/// The instances of one class, biggest retained size first (the top ones at once, more on demand).
package final class InstancesPage: ObjectListPage, Page {
    package let classIndex: UInt32

    package init(classIndex: UInt32, model: ExplorerModel) {
        self.classIndex = classIndex
        super.init(model: model, noun: "instances")
        load()
    }

    override func load() { show(model.instances(of: classIndex)) }

    package var title: String { model.graph.classes[classIndex] }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "object"), KeyHelp("p", "paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected object"),
         KeyHelp("p", "shortest paths from GC roots to the selected object"),
         KeyHelp("d", "show the selected object in the dominator tree"),
         KeyHelp("c", "the contents of the selected collection (map, set, list, array)"),
         KeyHelp("/  n N", "find an id or value among the listed instances")] + distanceSortHelp
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let n = selectedNode else { return "\(Format.count(hidden)) more instances not listed yet" }
        return ObjectPage.summary(n, model, ctx.glyphs)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if let action = handleObjectKey(key) { return action }
        if key == .char("c") { return CollectionPage.open(selectedNode, model) }
        return .unhandled
    }
}
