import HeapGraph

/// What the dump is and where the memory is: format, file, counts, totals, warnings, the biggest dominators with
/// bars, then sections added by analyses (leak suspects, the HANA verdict).
public final class OverviewPage: ListPage, Page {
    let model: ExplorerModel
    var rows: [OverviewRow] = []
    public static let topCount = 20

    public init(model: ExplorerModel) {
        self.model = model
        super.init()
        rows = OverviewPage.buildRows(model)
        list.count = rows.count
        list.move(0, selectable: isSelectable)
    }

    static func buildRows(_ model: ExplorerModel) -> [OverviewRow] {
        let idx = model.index
        let info = idx.info
        var rows: [OverviewRow] = []
        for section in model.leadingOverviewSections {
            rows.append(OverviewRow(text: section.title, role: .section))
            rows += section.rows
            rows.append(OverviewRow(text: ""))
        }
        func fact(_ key: String, _ value: String, _ role: Role = .normal) {
            rows.append(OverviewRow(text: Format.padRight(key, 12) + value, role: role))
        }
        let formatName = info.format.displayName
        fact("format", info.version.isEmpty ? formatName : formatName + " (" + info.version + ")")
        fact("file", info.path + "  (" + Format.bytes(UInt64(max(info.fileBytes, 0))) + ")")
        if !info.facts.isEmpty {
            fact("details", info.facts.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        fact("objects", Format.count(idx.objectCount) + "  (" + Format.count(idx.reachableObjects) + " reachable)")
        fact(model.grouping.plural, Format.count(model.graph.classes.count))
        fact("GC roots", Format.count(model.graph.rootNodes.count) + " objects, "
             + Format.count(model.graph.roots.count) + " root records")
        fact("total", Format.bytes(model.shallowBytes))
        fact("reachable", Format.bytes(idx.reachableBytes) + "  ("
             + Format.percent(idx.reachableBytes, of: model.shallowBytes) + ")")
        fact("unreachable", Format.bytes(model.unreachableBytes) + " in " + Format.plural(idx.unreachableObjects, "object")
             + " (garbage not yet collected)")
        if !info.warnings.isEmpty {
            rows.append(OverviewRow(text: ""))
            rows.append(OverviewRow(text: "Warnings (\(info.warnings.count))", role: .section))
            for w in info.warnings { rows.append(OverviewRow(text: "  " + w, role: .warning)) }
        }
        rows.append(OverviewRow(text: ""))
        rows.append(OverviewRow(text: "Biggest objects: what would be freed with each (Enter shows it in the tree)",
                                role: .section))
        for n in idx.topDominators(limit: topCount) { rows.append(OverviewRow(text: "", node: n)) }
        for section in model.extraOverviewSections {
            rows.append(OverviewRow(text: ""))
            rows.append(OverviewRow(text: section.title, role: .section))
            rows += section.rows
        }
        return rows
    }

    var selectedNode: UInt32? { list.selected < rows.count ? rows[list.selected].node : nil }

    public var title: String { "Overview" }
    public var searchKind: SearchKind { .find }
    public var position: String? { nil }
    public var selectionRetained: UInt64? { selectedNode.map { model.tree.retained[Int($0)] } }
    public var hints: [KeyHelp] {
        [KeyHelp("⏎", "show in tree"), KeyHelp("o", "object"), KeyHelp("p", "paths")]
    }
    public var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "show the selected object in the dominator tree"),
         KeyHelp("o", "open the selected object"),
         KeyHelp("p", "shortest paths from GC roots to the selected object"),
         KeyHelp("/  n N", "find text on this screen")]
    }

    public func detailLine(_ ctx: PageContext) -> String? {
        selectedNode.map { ObjectPage.summary($0, model, ctx.glyphs) }
    }

    override public var rowCount: Int { rows.count }
    override public func isSelectable(_ i: Int) -> Bool { rows[i].node != nil }
    override public func searchText(_ i: Int, _ ctx: PageContext) -> String {
        rows[i].text.isEmpty ? rows[i].node.map { model.describe($0) } ?? "" : rows[i].text
    }

    override public func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let r = rows[i]
        guard let n = r.node, r.text.isEmpty else {
            // Arrows (a suspect's way in) read as `->` in ASCII.
            p.put(" " + (ctx.glyphs.ascii ? r.text.replacing(" → ", with: " -> ") : r.text), x: 0, role: r.role)
            return
        }
        let cols = SizeColumns(width: p.canvas.width)
        let x = cols.paint(p, retained: model.tree.retained[Int(n)], of: model.index.reachableBytes,
                           shallow: model.graph.shallowSize(n), glyphs: ctx.glyphs)
        ObjectLabel.paint(n, p, x: x, limit: p.canvas.width, ctx)
    }

    public func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    public func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) {
            // Scrolling up past the first selectable row shows the facts above it.
            if key == .up || key == .char("k") || key == .home || key == .char("g") {
                if list.selected == rows.firstIndex(where: { $0.node != nil }) { list.top = 0 }
            }
            return .handled
        }
        guard let n = selectedNode else { return .unhandled }
        switch key {
        case .enter, .right, .char("l"): return .reveal(n)
        case .char("o"): return .push(ObjectPage(node: n, model: model))
        case .char("p"): return .push(PathsPage(node: n, model: model))
        default: return .unhandled
        }
    }
}

/// `?`: every key of the screen it was opened from, then the keys that work everywhere.
public final class HelpPage: ListPage, Page {
    let lines: [(String, String, Role)]
    let screen: String

    public init(screen: String, keys: [KeyHelp], global: [KeyHelp]) {
        self.screen = screen
        var l: [(String, String, Role)] = [("Keys of \(screen)", "", .section)]
        l += keys.map { ($0.keys, $0.action, .normal) }
        l.append(("", "", .normal))
        l.append(("Everywhere", "", .section))
        l += global.map { ($0.keys, $0.action, .normal) }
        lines = l
        super.init()
    }

    public var title: String { "Help" }
    public var hints: [KeyHelp] { [KeyHelp("j k", "scroll"), KeyHelp("q", "close")] }
    public var keyHelp: [KeyHelp] { [] }
    override public var rowCount: Int { lines.count }
    override public func isSelectable(_ i: Int) -> Bool { false }

    override public func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let (k, a, role) = lines[i]
        if role == .section {
            p.put(" " + k, x: 0, role: .section)
            return
        }
        p.put("   " + ctx.glyphs.keys(k), x: 0, role: .size)
        p.put(a, x: 24, role: .normal)
    }

    public func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    public func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        switch key {
        case .char("q"), .char("?"), .escape, .enter, .left, .char("h"), .backspace: return .pop
        case .down, .char("j"), .pageDown, .char(" "):
            list.top = min(list.top + (key == .pageDown || key == .char(" ") ? list.visible : 1),
                           max(lines.count - list.visible, 0))
            list.selected = list.top
            return .handled
        case .up, .char("k"), .pageUp:
            list.top = max(list.top - (key == .pageUp ? list.visible : 1), 0)
            list.selected = list.top
            return .handled
        default: return .handled
        }
    }
}
