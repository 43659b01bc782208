import DumpKit
import DumpReports
import HeapGraph

extension TabID {
    package static let growth = TabID("growth")
}

/// The series side by side (`hdx growth`): a mark for what grew at every step, a sparkline of the retained sizes,
/// the last step's growth, a column per snapshot (as many as fit, the last first), the objects in the last one.
/// Above the table: how many grew at every step, and where (Shark's growing dominator path; V8: MemLab's biggest
/// cluster of objects new after the first snapshot). `s` cycles the sort, `m` shows only what grew at every step,
/// `/` filters, Enter lists the class's instances in the last snapshot.
package final class GrowthPage: FilteringListPage, Page {
    let gm: GrowthModel
    package private(set) var sortKey: GrowthModel.SortKey = .lastStep
    package private(set) var onlyMonotonic = false
    var order: [Int] = []
    var filtered: [Int]?

    package init(growth: GrowthModel) {
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
    package var selectedRow: GrowthSeries.Row? { list.selected < rowCount ? gm.rows[rowIndex(list.selected)] : nil }

    // MARK: Columns

    /// Whether object counts mean anything (not for HANA's allocators).
    var counts: Bool { gm.lastModel.words.countsMeaningful }
    /// The column of the first snapshot's size.
    var firstSize: Int { counts ? 4 : 3 }

    /// Columns: mark, sparkline, last step's growth, objects in the last snapshot, then one per snapshot.
    func layout(_ width: Int, _ glyphs: Glyphs) -> TableLayout {
        let d = glyphs.ascii ? "+-" : "Δ"
        let n = gm.count
        var cols = [TableColumn("", width: 1, priority: 0, rightAligned: false),
                    TableColumn("Trend", width: max(n, 5), priority: 1, rightAligned: false),
                    TableColumn(d + "Last", width: 10, priority: 2)]
        // HANA: every allocator is one node, so no count column.
        if counts { cols.append(TableColumn("Objects", width: 9, priority: 5)) }
        for k in 0..<n {
            // The last snapshot stays longest, then the first, then the others from the end.
            let priority = k == n - 1 ? 3 : k == 0 ? 4 : 6 + (n - 1 - k)
            cols.append(TableColumn("\(gm.lastModel.words.retainedShort) \(k + 1)", width: 10, priority: priority))
        }
        return TableLayout(cols, width: width, minFlex: 24)
    }

    // MARK: Page

    package var title: String { "Growth" }
    package var crumbs: [String] {
        var c = ["sorted by " + sortKey.rawValue + (onlyMonotonic ? ", grew at every step only" : "")]
        if let m = matcher, !m.isEmpty {
            c.append("filter /\(m.pattern)/ \(Format.count(rowCount)) of \(Format.count(order.count))")
        }
        return c
    }
    package var searchKind: SearchKind { .filter }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selectedRow?.retained.last }
    package var hints: [KeyHelp] {
        let words = gm.lastModel.words
        return [KeyHelp("⏎", (words.countsMeaningful ? "instances" : words.node) + " in last"), KeyHelp("s", "sort"),
                KeyHelp("m", "monotonic"), KeyHelp("/", "filter")]
    }
    package var keyHelp: [KeyHelp] {
        let w = gm.lastModel.words
        let group = w.group.lowercased()
        return [KeyHelp("Enter → l", w.countsMeaningful ? "list the selected \(group)'s instances in the last snapshot"
                            : "show the selected \(group) in the last snapshot"),
                KeyHelp("s", "sort by the next key: last step, total growth, \(w.retainedSize.lowercased()), name"),
                KeyHelp("m", "show only the rows that grew at every step (or all again)"),
                KeyHelp("/", "filter \(w.groups) as you type (text or regex); Enter keeps it, Esc clears it")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let r = selectedRow else { return nil }
        let g = ctx.glyphs
        let arrow = g.ascii ? " -> " : " → "
        let sizes = gm.lastModel.words.retainedSize.lowercased() + " "
            + r.retained.map { Format.bytes($0) }.joined(separator: arrow)
        guard counts else { return r.class + g.dot + sizes }
        return r.class + g.dot + "objects " + r.counts.map { Format.count($0) }.joined(separator: arrow) + g.dot + sizes
    }

    override package var rowCount: Int { filtered?.count ?? order.count }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let g = ctx.glyphs
        let w = canvas.width - 2
        let arrow = g.ascii ? " -> " : " → "
        var y = 0
        if let p = gm.series.growingPaths?.first, let last = p.path.last {
            let head = "Grows at every step: " + last.class + " " + p.retained.map { Format.bytes($0) }.joined(separator: arrow)
            canvas.put(" " + Format.clipRight(head, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .warning)
            y += 1
            let roots = gm.lastModel.words.roots.map { [$0] } ?? []
            let via = "via " + (roots + p.path.map(\.class)).joined(separator: g.crumbSeparator)
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
        let noun = gm.grouping.plural
        var facts = Format.count(gm.series.monotonicRows) + " of " + Format.count(gm.series.totalRows) + " " + noun
            + " grew at every step"
        if let note = gm.series.notes.first { facts += g.dot + note }
        canvas.put(" " + Format.clipRight(facts, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .dim)
        return y + 1
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width, ctx.glyphs).heading(gm.grouping.noun)
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width, g)
        let r = gm.rows[rowIndex(i)]
        if r.monotonic { l.put(p, 0, g.ascii ? "^" : "↑", role: .warning, glyphs: g) }
        l.put(p, 1, GrowthModel.sparkline(r.retained, glyphs: g), role: r.monotonic ? .bar : .dim, glyphs: g)
        l.put(p, 2, Signed.bytes(r.lastGrowth, g), role: Signed.role(r.lastGrowth), glyphs: g)
        if counts { l.put(p, 3, Format.count(r.counts.last ?? 0), role: .normal, glyphs: g) }
        for (k, v) in r.retained.enumerated() {
            l.put(p, firstSize + k, Format.bytes(v), role: k == r.retained.count - 1 ? .size : .dim, glyphs: g)
        }
        p.putClassName(r.class, x: l.flexStart, limit: p.canvas.width, glyphs: g)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
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
        reorder(identity: rowIndex, rebuild: reload)
    }
}

extension ExplorerApp {
    /// The growth explorer: the last snapshot's model underneath; tabs Growth, the findings (growing paths, or for
    /// V8 the new objects still alive), the last snapshot's Dominators.
    package static func growth(_ gm: GrowthModel, glyphs: Glyphs) -> ExplorerApp {
        let findings = gm.series.growingPaths == nil ? "New and alive" : "Growing paths"
        let tabs = [TabSpec(id: .growth, title: "Growth") { _ in GrowthPage(growth: gm) },
                    TabSpec(id: .growingPaths, title: findings) { _ in GrowingPathsPage(growth: gm) },
                    TabSpec(id: .dominators, title: "Dominators (last)") { DominatorPage(model: $0) }]
        let app = ExplorerApp(model: gm.lastModel, glyphs: glyphs, tabs: tabs, initialTab: .growth)
        app.titleText = gm.titleText(glyphs)
        return app
    }
}
