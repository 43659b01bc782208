import HeapGraph

/// What the dump is and where the memory is: format, file, counts, totals, warnings, the biggest dominators with
/// bars, then sections added by analyses (leak suspects, the HANA verdict).
package final class OverviewPage: ListPage, Page {
    let model: ExplorerModel
    /// The rows as built; `rows` are them wrapped to the window (`wrappedWidth`), `sourceOf` maps back.
    let source: [OverviewRow]
    var rows: [OverviewRow]
    var sourceOf: [Int]
    var wrappedWidth = 0
    package static let topCount = 20

    package init(model: ExplorerModel) {
        self.model = model
        source = OverviewPage.buildRows(model)
        rows = source
        sourceOf = Array(source.indices)
        super.init()
        list.count = rows.count
        list.move(0, selectable: isSelectable)
        // The text above the first selectable row (the verdict, the suspects, the facts) opens first.
        controller.showTop()
    }

    /// Text rows wrapped at word boundaries to the window; the selection and the top row stay on their rows.
    func wrap(to width: Int, _ glyphs: Glyphs) {
        guard width != wrappedWidth else { return }
        wrappedWidth = width
        let selected = list.selected < sourceOf.count ? sourceOf[list.selected] : 0
        let top = list.top < sourceOf.count ? sourceOf[list.top] : 0
        rows = []
        sourceOf = []
        for (i, r) in source.enumerated() {
            let pieces = r.node != nil && r.text.isEmpty || !r.wraps ? [r.text]
                : WordWrap.lines(r.text, width: width - 2, ellipsis: glyphs.ellipsis)
            for t in pieces {
                rows.append(OverviewRow(text: t, role: r.role, node: r.node, wraps: r.wraps))
                sourceOf.append(i)
            }
        }
        controller.remap(selected: sourceOf.firstIndex(of: selected) ?? 0, top: sourceOf.firstIndex(of: top) ?? 0,
                         count: rows.count)
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
        // The facts stay one line each (the details can be long): the first screen keeps the biggest objects.
        func fact(_ key: String, _ value: String, _ role: Role = .normal) {
            // A key as long as the column (`constructors`) keeps a space before its value.
            rows.append(OverviewRow(text: Format.padRight(key, 12) + (key.count >= 12 ? " " : "") + value, role: role,
                                    wraps: false))
        }
        let formatName = info.format.displayName
        fact("format", info.version.isEmpty || info.version == formatName ? formatName : formatName + " (" + info.version + ")")
        fact("file", info.path + "  (" + Format.bytes(UInt64(max(info.fileBytes, 0))) + ")")
        if !info.facts.isEmpty {
            fact("details", info.facts.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let words = model.words
        if words.countsMeaningful {
            fact(words.nodes, Format.count(idx.objectCount) + "  (" + Format.count(idx.reachableObjects) + " reachable)")
        }
        fact(words.groups, Format.count(model.graph.classes.count))
        if let roots = words.roots {
            fact(roots, Format.count(model.graph.rootNodes.count) + " " + words.nodes + ", "
                 + Format.count(model.graph.roots.count) + " root records")
        }
        fact("total", Format.bytes(model.shallowBytes))
        if words.roots != nil {
            fact("reachable", Format.bytes(idx.reachableBytes) + "  ("
                 + Format.percent(idx.reachableBytes, of: model.shallowBytes) + ")")
        }
        if let garbage = words.unreachable {
            fact("unreachable", Format.bytes(model.unreachableBytes) + " in "
                 + Format.plural(idx.unreachableObjects, words.node) + " (" + garbage + ")")
        }
        if !info.warnings.isEmpty {
            rows.append(OverviewRow(text: ""))
            rows.append(OverviewRow(text: "Warnings (\(info.warnings.count))", role: .section))
            for w in info.warnings { rows.append(OverviewRow(text: "  " + w, role: .warning)) }
        }
        rows.append(OverviewRow(text: ""))
        rows.append(OverviewRow(text: "Biggest " + words.nodes + (words.roots != nil ? ": what would be freed with each"
                                : ": inclusive sizes") + " (Enter shows it in the tree)", role: .section))
        for n in idx.topDominators(limit: topCount) { rows.append(OverviewRow(text: "", node: n)) }
        for section in model.extraOverviewSections {
            rows.append(OverviewRow(text: ""))
            rows.append(OverviewRow(text: section.title, role: .section))
            rows += section.rows
        }
        return rows
    }

    var selectedNode: UInt32? { list.selected < rows.count ? rows[list.selected].node : nil }

    package var title: String { "Overview" }
    package var searchKind: SearchKind { .find }
    package var position: String? { nil }
    package var selectionRetained: UInt64? { selectedNode.map { model.tree.retained[Int($0)] } }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "show in tree"), KeyHelp("o", model.words.node), KeyHelp("p", "paths")]
    }
    package var keyHelp: [KeyHelp] {
        let node = model.words.node
        return [KeyHelp("Enter → l", "show the selected \(node) in the dominator tree"),
                KeyHelp("o", "open the selected \(node)"),
                KeyHelp("p", "shortest paths from \(model.words.roots ?? "the top") to the selected \(node)"),
                KeyHelp("/  n N", "find text on this screen")]
            + (model.words.roots == nil ? []
               : [KeyHelp("A", "paths to the accumulation point (every static field or root that holds it)")])
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        selectedNode.map { ObjectPage.summary($0, model, ctx.glyphs) }
    }

    override package var rowCount: Int { rows.count }
    override package func isSelectable(_ i: Int) -> Bool { rows[i].node != nil }
    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        rows[i].text.isEmpty ? rows[i].node.map { model.describe($0) } ?? "" : rows[i].text
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
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

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        wrap(to: canvas.width, ctx.glyphs)
        renderList(canvas, ctx)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        guard let n = selectedNode else { return .unhandled }
        switch key {
        case .enter, .right, .char("l"): return .reveal(n)
        case .char("o"): return .push(ObjectPage(node: n, model: model))
        case .char("p"): return .push(PathsPage(node: n, model: model))
        case .char("A") where model.words.roots != nil: return .push(AccumulationPage(from: n, model: model))
        default: return .unhandled
        }
    }
}

/// `?`: every key of the screen it was opened from, the keys that work everywhere, then what the glyphs and the
/// percentages on the screens mean.
package final class HelpPage: ListPage, Page {
    let lines: [(String, String, Role)]
    let screen: String

    package init(screen: String, keys: [KeyHelp], global: [KeyHelp], glyphs: [KeyHelp] = []) {
        self.screen = screen
        var l: [(String, String, Role)] = [("Keys of \(screen)", "", .section)]
        l += keys.map { ($0.keys, $0.action, .normal) }
        l.append(("", "", .normal))
        l.append(("Everywhere", "", .section))
        l += global.map { ($0.keys, $0.action, .normal) }
        if !glyphs.isEmpty {
            l.append(("", "", .normal))
            l.append(("What the signs mean", "", .section))
            l += glyphs.map { ($0.keys, $0.action, .normal) }
        }
        lines = l
        super.init()
    }

    package var title: String { "Help" }
    package var hints: [KeyHelp] { [KeyHelp("j k", "scroll"), KeyHelp("q", "close")] }
    package var keyHelp: [KeyHelp] { [] }
    /// `lines` with each explanation wrapped at word boundaries to the width last drawn.
    var shown: [(String, String, Role)] = []
    var shownWidth = -1

    func layout(_ width: Int, _ ctx: PageContext) {
        guard width != shownWidth else { return }
        shownWidth = width
        shown = []
        for (k, a, role) in lines {
            guard role != .section, !a.isEmpty else { shown.append((k, a, role)); continue }
            for (j, part) in WordWrap.lines(a, width: max(width - 25, 10), ellipsis: ctx.glyphs.ellipsis).enumerated() {
                shown.append((j == 0 ? k : "", part, role))
            }
        }
        list.count = shown.count
    }

    override package var rowCount: Int { shownWidth < 0 ? lines.count : shown.count }
    override package func isSelectable(_ i: Int) -> Bool { false }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let (k, a, role) = shownWidth < 0 ? lines[i] : shown[i]
        if role == .section {
            p.put(" " + k, x: 0, role: .section)
            return
        }
        p.put("   " + ctx.glyphs.keys(k), x: 0, role: .size)
        p.put(a, x: 24, role: .normal)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        layout(canvas.width, ctx)
        renderList(canvas, ctx)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        switch key {
        case .char("q"), .char("?"), .escape, .enter, .left, .char("h"), .backspace: return .pop
        case .char("e"): return .unhandled   // says that help has no table
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
