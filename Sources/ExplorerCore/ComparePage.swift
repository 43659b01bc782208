import DumpKit

/// Two class histograms side by side (HANA: allocators): OLD and NEW objects, shallow and retained bytes with their
/// changes, a bar of the retained change (`#`/blocks for growth, `-`/shade for shrinking) and +/− signs so it reads
/// without colour. When objects could be matched (V8 node ids; HPROF addresses when the heap did not move), the
/// new and deleted objects per class as DevTools' Comparison view counts them, and the object delta is new − deleted.
/// Above the table, the dominator path along which the heap grew. `s` cycles the sort, `S` reverses it, `/` filters,
/// Enter lists the class's new objects (without matching: its instances in NEW).
package final class ComparePage: FilteringListPage, Page {
    let cm: ComparisonModel
    package private(set) var sortKey: ComparisonModel.SortKey = .retained
    package private(set) var reversed = false
    /// Row indices in display order (the cached order of the sort key, maybe reversed).
    var order: [Int] = []
    /// Positions in `order` that pass the filter, or nil when there is no filter.
    var filtered: [Int]?

    package init(comparison: ComparisonModel) {
        cm = comparison
        super.init()
        reload()
    }

    func reload() {
        order = cm.order(sortKey)
        if reversed { order.reverse() }
        applyFilter()
    }

    override func applyFilter() {
        guard let m = matcher, !m.isEmpty else { filtered = nil; return }
        var out: [Int] = []
        for (i, r) in order.enumerated() where m.matches(cm.rows[r].class) { out.append(i) }
        filtered = out
    }

    func rowIndex(_ i: Int) -> Int { order[filtered?[i] ?? i] }
    package var selectedRow: ComparisonRow? { list.selected < rowCount ? cm.rows[rowIndex(list.selected)] : nil }

    // MARK: Columns

    enum Col: Int { case dRetained, bar, dShallow, dCount, added, removed, oldRetained, newRetained,
                     oldShallow, newShallow, oldCount, newCount }

    func layout(_ width: Int, _ glyphs: Glyphs) -> TableLayout {
        let d = glyphs.ascii ? "+-" : "Δ"
        let mark = reversed ? (glyphs.ascii ? "^" : "▲") : (glyphs.ascii ? "v" : "▼")
        func t(_ s: String, _ k: ComparisonModel.SortKey?) -> String { k == sortKey ? mark + s : s }
        let v8 = cm.objectsMatched, counts = cm.newModel.words.countsMeaningful
        let barW = min(max(width / 12, 6), 16)
        let w = cm.newModel.words
        let cols = [TableColumn(t(d + w.retainedSize, .retained), width: 11, priority: 0),
                    TableColumn("", width: barW, priority: 1, rightAligned: false),
                    TableColumn(t(d + w.shallowSize, .shallow), width: counts ? 10 : 12, priority: 5),
                    TableColumn(t(d + "Objects", .count), width: counts ? 9 : 0, priority: 3),
                    // Matched pairs: new and deleted objects before OLD's and NEW's retained sizes (the detail line
                    // repeats those).
                    TableColumn("# New", width: v8 ? 8 : 0, priority: v8 ? 2 : 99),
                    TableColumn("# Deleted", width: v8 ? 10 : 0, priority: v8 ? 2 : 99),
                    TableColumn(w.retainedShort + " old", width: 10, priority: v8 ? 4 : 2),
                    TableColumn(w.retainedShort + " new", width: 10, priority: v8 ? 4 : 2),
                    TableColumn(w.shallowShort + " old", width: 10, priority: 9),
                    TableColumn(w.shallowShort + " new", width: 10, priority: 8),
                    TableColumn("Obj. old", width: counts ? 9 : 0, priority: 7),
                    TableColumn("Obj. new", width: counts ? 9 : 0, priority: 6)]
        // Without counts (HANA) the room goes to the allocator paths.
        return TableLayout(cols, width: width, minFlex: counts ? 26 : 36)
    }

    // MARK: Page

    package var title: String { "Compare" }
    package var crumbs: [String] {
        var c = ["sorted by " + cm.newModel.words.sortWord(sortKey == .count ? "objects" : sortKey.rawValue)
                 + (reversed ? ", reversed" : "")]
        if let m = matcher, !m.isEmpty {
            c.append("filter /\(m.pattern)/ \(Format.count(rowCount)) of \(Format.count(order.count))")
        }
        return c
    }
    package var searchKind: SearchKind { .filter }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selectedRow?.new.retained }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", cm.objectsMatched ? "new objects"
                    : (cm.newModel.words.countsMeaningful ? "instances" : cm.newModel.words.node) + " in new"),
         KeyHelp("s", "sort"), KeyHelp("/", "filter")]
    }
    package var keyHelp: [KeyHelp] {
        let w = cm.newModel.words
        guard w.countsMeaningful else {
            return [KeyHelp("Enter → l", "open the selected \(w.node) in NEW (OLD's figures in the header)"),
                    KeyHelp("s", "sort by the next change: \(w.retainedSize.lowercased()), \(w.shallowSize.lowercased()), name"),
                    KeyHelp("S", "reverse the sort order (what shrank most first)"),
                    KeyHelp("/", "filter \(w.nodes) as you type (text or regex); Enter keeps it, Esc clears it")]
        }
        var keys = [KeyHelp("Enter → l", cm.objectsMatched
                                ? "list the selected class's new objects (not in OLD), each with its retainers in NEW"
                                : "list the selected class's instances in NEW (OLD's figures in the header)")]
        if let by = cm.comparison.matchedBy {
            keys.append(KeyHelp("# New", "objects of NEW whose \(by) OLD did not have (in this class)"))
            keys.append(KeyHelp("# Deleted", "objects of OLD whose \(by) NEW does not have (in this class)"))
            keys.append(KeyHelp("ΔObjects", "# New − # Deleted, counting " + cm.comparison.countRule))
        } else if !cm.comparison.countRule.isEmpty {
            keys.append(KeyHelp("ΔObjects", "the change of the class's count of " + cm.comparison.countRule
                                + " (objects could not be matched one by one)"))
        }
        return keys + [
         KeyHelp("s", "sort by the next change: retained, shallow, objects, name"),
         KeyHelp("S", "reverse the sort order (what shrank most first)"),
         KeyHelp("/", "filter classes as you type (text or regex); Enter keeps it, Esc clears it")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let r = selectedRow else { return nil }
        let g = ctx.glyphs
        let arrow = g.ascii ? " -> " : " → "
        var s = r.class
        if cm.newModel.words.countsMeaningful { s += g.dot + "objects " + Format.count(r.old.count) + arrow + Format.count(r.new.count) }
        s += g.dot + cm.newModel.words.shallowSize.lowercased() + " " + Format.bytes(r.old.shallow) + arrow + Format.bytes(r.new.shallow)
        s += g.dot + cm.newModel.words.retainedSize.lowercased() + " " + Format.bytes(r.old.retained) + arrow + Format.bytes(r.new.retained)
        if let a = r.added, let d = r.removed { s += g.dot + "\(Format.count(a)) new, \(Format.count(d)) deleted" }
        return s
    }

    override package var rowCount: Int { filtered?.count ?? order.count }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let g = ctx.glyphs
        let w = canvas.width - 2
        let arrow = g.ascii ? " -> " : " → "
        var y = 0
        let path = cm.comparison.growthRows
        if let acc = path.last {
            let head = "Growth accumulates in " + acc.key + (acc.id.isEmpty || acc.id == acc.key ? "" : " " + acc.id)
                + ": " + Signed.bytes(acc.retainedDelta, g) + " (" + Format.bytes(acc.oldRetained) + arrow
                + Format.bytes(acc.newRetained) + ")"
            canvas.put(" " + Format.clipRight(head, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .warning)
            y += 1
            let via = "via " + ((cm.newModel.words.roots.map { [$0] } ?? []) + path.map(\.key)).joined(separator: g.crumbSeparator)
            canvas.put(" " + Format.clipLeft(via, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .crumb)
            y += 1
        } else {
            canvas.put(" No single path of growth: the heap did not grow along one dominator path", x: 0, y: y,
                       role: .dim)
            y += 1
        }
        var facts = Format.count(cm.rows.count) + (cm.grouping == .allocator ? " allocators" : cm.rows.count == 1 ? " class" : " classes")
            + " changed"
        if let by = cm.comparison.matchedBy { facts += g.dot + "matched by " + by }
        if !cm.comparison.countRule.isEmpty { facts += g.dot + "counting " + cm.comparison.countRule }
        if let note = cm.comparison.notes.first, cm.comparison.matchedBy == nil { facts += g.dot + note }
        canvas.put(" " + Format.clipRight(facts, width: w, ellipsis: g.ellipsis), x: 0, y: y, role: .dim)
        return y + 1
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width, ctx.glyphs).heading(cm.newModel.words.group)
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width, g)
        let r = cm.rows[rowIndex(i)]
        l.put(p, Col.dRetained.rawValue, Signed.bytes(r.retainedDelta, g), role: Signed.role(r.retainedDelta), glyphs: g)
        if let x = l.starts[Col.bar.rawValue] {
            let bw = l.columns[Col.bar.rawValue].width
            let f = Format.fraction(r.retainedDelta.magnitude, of: cm.maxRetainedChange)
            if r.retainedDelta > 0 {
                p.put(g.bar(f, width: bw), x: x, role: .bar)
            } else if r.retainedDelta < 0 {
                let n = max(Int((f * Double(bw)).rounded()), 1)
                p.put(String(repeating: g.ascii ? "-" : "░", count: n), x: x, role: .dim)
            }
        }
        l.put(p, Col.dShallow.rawValue, Signed.bytes(r.shallowDelta, g), role: Signed.role(r.shallowDelta), glyphs: g)
        l.put(p, Col.dCount.rawValue, Signed.count(r.countDelta, g), role: Signed.role(Int64(r.countDelta)), glyphs: g)
        if let a = r.added { l.put(p, Col.added.rawValue, a > 0 ? "+" + Format.count(a) : "0", role: .normal, glyphs: g) }
        if let d = r.removed {
            l.put(p, Col.removed.rawValue, d > 0 ? Signed.sign(-1, g) + Format.count(d) : "0", role: .normal, glyphs: g)
        }
        l.put(p, Col.oldRetained.rawValue, Format.bytes(r.old.retained), role: .dim, glyphs: g)
        l.put(p, Col.newRetained.rawValue, Format.bytes(r.new.retained), role: .size, glyphs: g)
        l.put(p, Col.oldShallow.rawValue, Format.bytes(r.old.shallow), role: .dim, glyphs: g)
        l.put(p, Col.newShallow.rawValue, Format.bytes(r.new.shallow), role: .normal, glyphs: g)
        l.put(p, Col.oldCount.rawValue, Format.count(r.old.count), role: .dim, glyphs: g)
        l.put(p, Col.newCount.rawValue, Format.count(r.new.count), role: .normal, glyphs: g)
        p.putClassName(r.class, x: l.flexStart, limit: p.canvas.width, glyphs: g)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard let r = selectedRow else { return .handled }
            if let match = cm.comparison.match, let by = cm.comparison.matchedBy {
                let objects = match.newObjects(of: r.class)
                if !objects.isEmpty {
                    return .push(NewObjectsPage(row: r, newObjects: objects, matchedBy: by, model: cm.newModel))
                }
            }
            guard r.new.count > 0, let cls = cm.newClass(named: r.class) else {
                return .message("\(r.class) has no instances in the new dump (all \(Format.count(r.old.count)) are gone)")
            }
            return .push(ComparedInstancesPage(row: r, inner: InstancesPage(classIndex: cls, model: cm.newModel)))
        case .char("s"):
            let keys = ComparisonModel.SortKey.allCases
            sortKey = keys[(keys.firstIndex(of: sortKey)! + 1) % keys.count]
            resort()
            return .handled
        case .char("S"):
            reversed.toggle()
            resort()
            return .handled
        default:
            return .unhandled
        }
    }

    /// Re-orders (cached order per key) and keeps the selected class selected.
    func resort() {
        reorder(identity: rowIndex, rebuild: reload)
    }

}

/// A class's instances in NEW (the explorer's Instances screen) under a line with the class's OLD and NEW figures.
package final class ComparedInstancesPage: Page {
    let row: ComparisonRow
    package let inner: InstancesPage

    init(row: ComparisonRow, inner: InstancesPage) {
        self.row = row
        self.inner = inner
    }

    package var title: String { inner.title + " (new)" }
    package var crumbs: [String] { inner.crumbs }
    package var keyHelp: [KeyHelp] { inner.keyHelp }
    package var hints: [KeyHelp] { inner.hints }
    package var searchKind: SearchKind { inner.searchKind }
    package var position: String? { inner.position }
    package var selectionRetained: UInt64? { inner.selectionRetained }
    package func detailLine(_ ctx: PageContext) -> String? { inner.detailLine(ctx) }

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        let g = ctx.glyphs
        let arrow = g.ascii ? " -> " : " → "
        let text = "old " + Format.plural(row.old.count, "object") + ", retained " + Format.bytes(row.old.retained)
            + arrow + "new " + Format.plural(row.new.count, "object") + ", retained " + Format.bytes(row.new.retained)
            + "  (" + Signed.count(row.countDelta, g) + ", " + Signed.bytes(row.retainedDelta, g) + ")"
        canvas.put(" " + Format.clipRight(text, width: canvas.width - 2, ellipsis: g.ellipsis), x: 0, y: 0,
                   role: .section)
        inner.render(canvas.sub(x: 0, y: 1, width: canvas.width, height: canvas.height - 1), ctx)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction { inner.handle(key, ctx) }
    package func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext) -> Bool { inner.setQuery(matcher, ctx) }
    package func findNext(forward: Bool, _ ctx: PageContext) -> Bool { inner.findNext(forward: forward, ctx) }
}
