import DumpKit
import HeapGraph

/// The data behind `hdx growth S1 S2 S3 …` on a terminal: the series (rows per class, HANA: allocator), their order
/// per sort key, and the last snapshot's explorer model for listing a class's instances.
public final class GrowthModel {
    public enum SortKey: String, CaseIterable, Sendable {
        case lastStep = "last step", total = "total growth", retained, name
    }

    public let series: GrowthSeries
    /// The last snapshot, as the explorer shows it.
    public let lastModel: ExplorerModel
    private var orders: [SortKey: [Int]] = [:]
    private var classByName: [String: UInt32]?

    public init(series: GrowthSeries, lastModel: ExplorerModel) {
        self.series = series
        self.lastModel = lastModel
    }

    public var rows: [GrowthSeries.Row] { series.rows }
    public var count: Int { series.snapshots.count }
    public var isHana: Bool { series.format == "hana" }

    /// Row indices in the order of `key`, biggest first (names ascending); computed once per key.
    public func order(_ key: SortKey) -> [Int] {
        if let o = orders[key] { return o }
        let r = rows
        let o: [Int]
        switch key {
        case .lastStep: o = Array(r.indices)   // GrowthSeries' own order
        case .total:
            func total(_ i: Int) -> Int64 { Int64(bitPattern: r[i].retained[r[i].retained.count - 1] &- r[i].retained[0]) }
            o = r.indices.sorted { total($0) != total($1) ? total($0) > total($1) : $0 < $1 }
        case .retained:
            o = r.indices.sorted { r[$0].retained.last! != r[$1].retained.last! ? r[$0].retained.last! > r[$1].retained.last! : $0 < $1 }
        case .name:
            let names = r.map { ContiguousArray($0.class.utf8) }
            o = r.indices.sorted { names[$0].lexicographicallyPrecedes(names[$1]) }
        }
        orders[key] = o
        return o
    }

    /// The class of the last snapshot with this name (the one retaining most when several share it).
    public func lastClass(named name: String) -> UInt32? {
        if classByName == nil {
            var best: [String: (UInt32, UInt64)] = [:]
            let names = lastModel.graph.classes
            for r in lastModel.index.histogram.rows {
                let n = names[r.classIndex]
                if let b = best[n], b.1 >= r.retained { continue }
                best[n] = (r.classIndex, r.retained)
            }
            classByName = best.mapValues(\.0)
        }
        return classByName?[name]
    }

    /// `leakdemo-{1 → 3}.hprof  HPROF growth, 3 snapshots` and the reachable totals.
    public func titleText(_ glyphs: Glyphs) -> (left: String, right: String) {
        let arrow = glyphs.ascii ? " -> " : " → "
        let names = series.snapshots.map { ComparisonModel.fileName($0) }
        let formats = ["hprof": "HPROF", "v8": "V8", "hana": "HANA"]
        let fmt = formats[series.format] ?? series.format
        return (" " + ComparisonModel.pairName(names[0], names[names.count - 1], arrow: arrow) + "  " + fmt
                    + " growth, \(names.count) snapshots",
                "reachable " + series.reachableBytes.map { Format.bytes($0) }.joined(separator: arrow) + " ")
    }

    /// A sparkline of `values`: one cell per value, scaled between the series' own minimum and maximum.
    public static func sparkline(_ values: [UInt64], glyphs: Glyphs) -> String {
        let levels: [Character] = glyphs.ascii ? Array("_.,-=+*#") : Array("▁▂▃▄▅▆▇█")
        guard let lo = values.min(), let hi = values.max() else { return "" }
        guard hi > lo else { return String(repeating: levels[0], count: values.count) }
        return String(values.map { v in
            levels[min(Int(Double(v - lo) / Double(hi - lo) * Double(levels.count - 1) + 0.5), levels.count - 1)]
        })
    }
}

extension TabID {
    public static let growth = TabID("growth")
}

/// The series side by side (`hdx growth`): a mark for what grew at every step, a sparkline of the retained sizes,
/// the last step's growth, a column per snapshot (as many as fit, the last first), the objects in the last one.
/// Above the table: how many grew at every step, and where (Shark's growing dominator path; V8: MemLab's biggest
/// cluster of objects new after the first snapshot). `s` cycles the sort, `m` shows only what grew at every step,
/// `/` filters, Enter lists the class's instances in the last snapshot.
public final class GrowthPage: FilteringListPage, Page {
    let gm: GrowthModel
    public private(set) var sortKey: GrowthModel.SortKey = .lastStep
    public private(set) var onlyMonotonic = false
    var order: [Int] = []
    var filtered: [Int]?

    public init(growth: GrowthModel) {
        gm = growth
        super.init()
        reload()
    }

    func reload() {
        order = gm.order(sortKey)
        if onlyMonotonic { order = order.filter { gm.rows[$0].monotonic } }
        applyFilter()
    }

    override func applyFilter() {
        guard let m = matcher, !m.isEmpty else { filtered = nil; return }
        var out: [Int] = []
        for (i, r) in order.enumerated() where m.matches(gm.rows[r].class) { out.append(i) }
        filtered = out
    }

    func rowIndex(_ i: Int) -> Int { order[filtered?[i] ?? i] }
    public var selectedRow: GrowthSeries.Row? { list.selected < rowCount ? gm.rows[rowIndex(list.selected)] : nil }

    // MARK: Columns

    /// Columns: mark, sparkline, last step's growth, objects in the last snapshot, then one per snapshot.
    func layout(_ width: Int, _ glyphs: Glyphs) -> TableLayout {
        let d = glyphs.ascii ? "+-" : "Δ"
        let n = gm.count
        var cols = [TableColumn("", width: 1, priority: 0, rightAligned: false),
                    TableColumn("Trend", width: max(n, 5), priority: 1, rightAligned: false),
                    TableColumn(d + "Last", width: 10, priority: 2),
                    TableColumn("Objects", width: 9, priority: 5)]
        for k in 0..<n {
            // The last snapshot stays longest, then the first, then the others from the end.
            let priority = k == n - 1 ? 3 : k == 0 ? 4 : 6 + (n - 1 - k)
            cols.append(TableColumn("Ret. \(k + 1)", width: 10, priority: priority))
        }
        return TableLayout(cols, width: width, minFlex: 24)
    }

    // MARK: Page

    public var title: String { "Growth" }
    public var crumbs: [String] {
        var c = ["sorted by " + sortKey.rawValue + (onlyMonotonic ? ", grew at every step only" : "")]
        if let m = matcher, !m.isEmpty {
            c.append("filter /\(m.pattern)/ \(Format.count(rowCount)) of \(Format.count(order.count))")
        }
        return c
    }
    public var searchKind: SearchKind { .filter }
    public var position: String? { list.position }
    public var selectionRetained: UInt64? { selectedRow?.retained.last }
    public var hints: [KeyHelp] {
        [KeyHelp("⏎", "instances in last"), KeyHelp("s", "sort"), KeyHelp("m", "monotonic"), KeyHelp("/", "filter")]
    }
    public var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "list the selected class's instances in the last snapshot"),
         KeyHelp("s", "sort by the next key: last step, total growth, retained, name"),
         KeyHelp("m", "show only the rows that grew at every step (or all again)"),
         KeyHelp("/", "filter classes as you type (text or regex); Enter keeps it, Esc clears it")]
    }

    public func detailLine(_ ctx: PageContext) -> String? {
        guard let r = selectedRow else { return nil }
        let g = ctx.glyphs
        let arrow = g.ascii ? " -> " : " → "
        return r.class + g.dot + "objects " + r.counts.map { Format.count($0) }.joined(separator: arrow)
            + g.dot + "retained " + r.retained.map { Format.bytes($0) }.joined(separator: arrow)
    }

    override public var rowCount: Int { filtered?.count ?? order.count }

    override public func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let g = ctx.glyphs
        let w = canvas.width - 2
        let arrow = g.ascii ? " -> " : " → "
        var y = 0
        if let p = gm.series.growingPaths?.first, let last = p.path.last {
            let head = "Grows at every step: " + last.class + " " + p.retained.map { Format.bytes($0) }.joined(separator: arrow)
            canvas.put(" " + Format.clipRight(head, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .warning)
            y += 1
            let via = "via " + (["GC roots"] + p.path.map(\.class)).joined(separator: g.crumbSeparator)
            canvas.put(" " + Format.clipLeft(via, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .crumb)
            y += 1
        } else if let c = gm.series.newRetained?.first {
            let head = "New after snapshot 1, alive in the last: " + Format.plural(c.count, "object") + " of " + c.class
                + " retaining " + Format.bytes(c.retained)
            canvas.put(" " + Format.clipRight(head, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .warning)
            y += 1
            let via = "via " + c.path.map(\.class).joined(separator: g.crumbSeparator)
            canvas.put(" " + Format.clipLeft(via, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .crumb)
            y += 1
        } else {
            canvas.put(" Nothing grew at every step along one dominator path", x: 0, y: y, role: .dim)
            y += 1
        }
        let noun = gm.isHana ? "allocators" : "classes"
        var facts = Format.count(gm.series.monotonicRows) + " of " + Format.count(gm.series.totalRows) + " " + noun
            + " grew at every step"
        if let note = gm.series.notes.first { facts += g.dot + note }
        canvas.put(" " + Format.clipRight(facts, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .dim)
        return y + 1
    }

    override public func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width, ctx.glyphs).heading(gm.isHana ? "Allocator" : "Class")
    }

    override public func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width, g)
        let r = gm.rows[rowIndex(i)]
        if r.monotonic { l.put(p, 0, g.ascii ? "^" : "↑", role: .warning, glyphs: g) }
        l.put(p, 1, GrowthModel.sparkline(r.retained, glyphs: g), role: r.monotonic ? .bar : .dim, glyphs: g)
        l.put(p, 2, Signed.bytes(r.lastGrowth, g), role: Signed.role(r.lastGrowth), glyphs: g)
        l.put(p, 3, Format.count(r.counts.last ?? 0), role: .normal, glyphs: g)
        for (k, v) in r.retained.enumerated() {
            l.put(p, 4 + k, Format.bytes(v), role: k == r.retained.count - 1 ? .size : .dim, glyphs: g)
        }
        p.putClassName(r.class, x: l.flexStart, limit: p.canvas.width, glyphs: g)
    }

    public func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    public func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard let r = selectedRow else { return .handled }
            guard (r.counts.last ?? 0) > 0, let cls = gm.lastClass(named: r.class) else {
                return .message("\(r.class) has no instances in the last snapshot")
            }
            return .push(InstancesPage(classIndex: cls, model: gm.lastModel))
        case .char("s"):
            let keys = GrowthModel.SortKey.allCases
            sortKey = keys[(keys.firstIndex(of: sortKey)! + 1) % keys.count]
            resort()
            return .handled
        case .char("m"):
            onlyMonotonic.toggle()
            resort()
            return .handled
        default:
            return .unhandled
        }
    }

    /// Re-orders and keeps the selected row selected when it is still shown.
    func resort() {
        let keep = list.selected < rowCount ? rowIndex(list.selected) : nil
        reload()
        list.count = rowCount
        if let keep, let i = (0..<rowCount).first(where: { rowIndex($0) == keep }) {
            list.select(i)
        } else {
            list.select(0)
        }
    }
}

extension ExplorerApp {
    /// The growth explorer: the last snapshot's model underneath; tabs Growth, the findings (growing paths, or for
    /// V8 the new objects still alive), the last snapshot's Dominators.
    public static func growth(_ gm: GrowthModel, glyphs: Glyphs) -> ExplorerApp {
        let findings = gm.series.growingPaths == nil ? "New and alive" : "Growing paths"
        let tabs = [TabSpec(id: .growth, title: "Growth") { _ in GrowthPage(growth: gm) },
                    TabSpec(id: .growingPaths, title: findings) { _ in GrowingPathsPage(growth: gm) },
                    TabSpec(id: .dominators, title: "Dominators (last)") { DominatorPage(model: $0) }]
        let app = ExplorerApp(model: gm.lastModel, glyphs: glyphs, tabs: tabs, initialTab: .growth)
        app.titleText = gm.titleText(glyphs)
        return app
    }
}

extension TabID {
    public static let growingPaths = TabID("growing-paths")
}

/// Where the growth is, one row per finding: Shark's dominator paths that grew at every step (HPROF, HANA; Enter
/// lists the steps with their series), or MemLab's clusters of objects new after the first snapshot and still alive
/// in the last (V8), with their retainer path.
public final class GrowingPathsPage: ListPage, Page {
    let gm: GrowthModel
    let paths: [GrowthSeries.GrowingPath]
    let clusters: [DumpReport.NewRetainedCluster]

    public init(growth: GrowthModel) {
        gm = growth
        paths = growth.series.growingPaths ?? []
        clusters = growth.series.newRetained ?? []
        super.init()
    }

    var isClusters: Bool { gm.series.growingPaths == nil }
    public var title: String { isClusters ? "New and alive" : "Growing paths" }
    public var crumbs: [String] {
        [isClusters ? "allocated between snapshots 1 and 2, alive in the last, by retainer path"
                    : "dominator paths that grew at every step, from the GC roots"]
    }
    public var searchKind: SearchKind { .find }
    public var position: String? { list.position }
    public var hints: [KeyHelp] {
        isClusters ? [KeyHelp("/", "find")] : [KeyHelp("⏎", "steps"), KeyHelp("/", "find")]
    }
    public var keyHelp: [KeyHelp] {
        isClusters ? [KeyHelp("/", "find a class on the paths")]
            : [KeyHelp("Enter → l", "the path's steps, each with its series"), KeyHelp("/", "find a class on the paths")]
    }

    func pathText(_ i: Int, _ g: Glyphs) -> String {
        isClusters ? clusters[i].path.map(\.class).joined(separator: g.crumbSeparator)
            : paths[i].path.map(\.class).joined(separator: g.crumbSeparator)
    }

    public func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < rowCount else { return nil }
        return pathText(list.selected, ctx.glyphs)
    }

    override public var rowCount: Int { isClusters ? clusters.count : paths.count }

    override public func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        guard rowCount == 0 else { return 0 }
        canvas.put(isClusters ? " No object allocated between snapshots 1 and 2 is alive in the last one"
                              : " Nothing grew at every step along one dominator path", x: 0, y: 0, role: .dim)
        return 1
    }

    func layout(_ width: Int, _ glyphs: Glyphs) -> TableLayout {
        let d = glyphs.ascii ? "+-" : "Δ"
        let cols = isClusters
            ? [TableColumn("Objects", width: 9, priority: 0), TableColumn("Retained", width: 10, priority: 0),
               TableColumn("Class", width: 24, priority: 1, rightAligned: false)]
            : [TableColumn("Trend", width: max(gm.count, 5), priority: 0, rightAligned: false),
               TableColumn(d + "Last", width: 10, priority: 0), TableColumn("Retained", width: 10, priority: 1),
               TableColumn("Class", width: 24, priority: 2, rightAligned: false)]
        return TableLayout(cols, width: width, minFlex: 20)
    }

    override public func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width, ctx.glyphs).heading("Path from the roots")
    }

    override public func searchText(_ i: Int, _ ctx: PageContext) -> String { pathText(i, ctx.glyphs) }

    override public func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width, g)
        if isClusters {
            let c = clusters[i]
            l.put(p, 0, Format.count(c.count), role: .normal, glyphs: g)
            l.put(p, 1, Format.bytes(c.retained), role: .size, glyphs: g)
            l.put(p, 2, c.class, role: .normal, glyphs: g)
        } else {
            let r = paths[i]
            l.put(p, 0, GrowthModel.sparkline(r.retained, glyphs: g), role: .bar, glyphs: g)
            l.put(p, 1, Signed.bytes(r.lastGrowth, g), role: Signed.role(r.lastGrowth), glyphs: g)
            l.put(p, 2, Format.bytes(r.retained.last ?? 0), role: .size, glyphs: g)
            l.put(p, 3, r.path.last?.class ?? "", role: .normal, glyphs: g)
        }
        p.put(Format.clipLeft(pathText(i, g), width: max(p.canvas.width - l.flexStart, 0), ellipsis: g.ellipsis),
              x: l.flexStart, role: .dim)
    }

    public func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    public func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard !isClusters, list.selected < paths.count else { return .handled }
            return .push(GrowingPathStepsPage(path: paths[list.selected], count: gm.count))
        default:
            return .unhandled
        }
    }
}

/// The steps of one growing path, from the GC roots down, each with its object count and retained size per
/// snapshot.
public final class GrowingPathStepsPage: ListPage, Page {
    let path: GrowthSeries.GrowingPath
    let count: Int

    init(path: GrowthSeries.GrowingPath, count: Int) {
        self.path = path
        self.count = count
        super.init()
        list.count = path.path.count
    }

    public var title: String { path.path.last?.class ?? "path" }
    public var searchKind: SearchKind { .find }
    public var position: String? { list.position }
    public var hints: [KeyHelp] { [KeyHelp("↑↓", "steps"), KeyHelp("q", "back")] }
    public var keyHelp: [KeyHelp] { [KeyHelp("↑ ↓ j k", "select a step (its series show below)")] }

    public func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < path.path.count else { return nil }
        let s = path.path[list.selected]
        let arrow = ctx.glyphs.ascii ? " -> " : " → "
        return s.class + (s.id.isEmpty || s.id == s.class ? "" : " " + s.id) + ctx.glyphs.dot + "objects "
            + s.counts.map { Format.count($0) }.joined(separator: arrow)
    }

    override public var rowCount: Int { path.path.count }

    func layout(_ width: Int) -> TableLayout {
        var cols = [TableColumn("Trend", width: max(count, 5), priority: 0, rightAligned: false)]
        for k in 0..<count {
            cols.append(TableColumn("Ret. \(k + 1)", width: 10, priority: k == count - 1 ? 1 : k == 0 ? 2 : 3 + count - k))
        }
        return TableLayout(cols, width: width, minFlex: 24)
    }

    override public func heading(_ width: Int, _ ctx: PageContext) -> String? { layout(width).heading("Step (from the GC roots)") }

    override public func searchText(_ i: Int, _ ctx: PageContext) -> String { path.path[i].class }

    override public func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width)
        let s = path.path[i]
        l.put(p, 0, GrowthModel.sparkline(s.retained, glyphs: g), role: .bar, glyphs: g)
        for (k, v) in s.retained.enumerated() {
            l.put(p, 1 + k, Format.bytes(v), role: k == s.retained.count - 1 ? .size : .dim, glyphs: g)
        }
        p.putClassName(String(repeating: " ", count: min(i, 12)) + s.class, x: l.flexStart, limit: p.canvas.width,
                       glyphs: g)
    }

    public func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }
    public func handle(_ key: Key, _ ctx: PageContext) -> PageAction { navigate(key) ? .handled : .unhandled }
}
