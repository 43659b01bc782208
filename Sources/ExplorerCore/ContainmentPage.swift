import DumpInput
import HeapGraph

/// DevTools' Containment view (V8, key `O`): the heap from the snapshot's root down its references, not the
/// dominator tree: the root's children (`(GC roots)`, the global object / Window, `(Document DOM trees)`, …), then
/// each object's references in the order V8 wrote them, each with its edge name, the object, its distance and
/// sizes. Enter (→, l) goes into the selected object's references; `o` opens its Object screen, `p` its retainer
/// paths, `d` shows it in the dominator tree; back (q, ←) goes up. Weak references are marked and shown. As in
/// DevTools, the hidden data (V8 internals: `hidden` references and references to `hidden` nodes) is left out until
/// `H` shows it (for every Containment screen of this `O`); `invisible` references are never shown.
package final class ContainmentPage: ListPage, Page {
    /// Whether the hidden data is shown, shared by the screens of one `O` (going in or up keeps the choice).
    final class Options {
        var showHidden = false
    }

    let model: ExplorerModel
    let node: UInt32
    let options: Options
    /// The references of `node` (the first `limit`).
    var rows: [FieldValue] = []
    var total = 0
    var limit = 1000
    /// References left out as hidden data (counted also while they are shown).
    var hiddenCount = 0
    /// The `showHidden` that `rows` were loaded with.
    var loadedShowHidden = false

    /// The Containment view of the dump, or a message when the format has none (it needs the V8 root).
    package static func open(_ model: ExplorerModel) -> PageAction {
        guard model.hasDistances,
              let root = model.graph.roots.first(where: { $0.kind == .v8Root })?.node else {
            return .message("O: DevTools' Containment view is for V8 heap snapshots")
        }
        return .push(ContainmentPage(node: root, model: model, options: Options(), isRoot: true))
    }

    /// Whether `node` is the snapshot's root (the first screen).
    let isRoot: Bool

    init(node: UInt32, model: ExplorerModel, options: Options, isRoot: Bool = false) {
        self.node = node
        self.model = model
        self.options = options
        self.isRoot = isRoot
        super.init()
        load()
    }

    func load() {
        loadedShowHidden = options.showHidden
        if let found = model.dump?.extras.containmentFields(of: node, showHidden: options.showHidden) {
            total = found.fields.count
            hiddenCount = found.hidden
            rows = Array(found.fields.prefix(limit))
        } else {
            total = model.graph.successors(node).count
            hiddenCount = 0
            rows = model.details.fields(of: node, limit: limit).filter { $0.target != nil }
        }
        list.count = rowCount
    }

    /// Reloads when `H` changed the choice on another screen of this `O`, keeping the selected object selected.
    func refreshIfNeeded() {
        guard loadedShowHidden != options.showHidden else { return }
        let keep = selected
        load()
        if let keep, let i = rows.firstIndex(where: { $0.target == keep }) { list.selected = i }
        list.count = rowCount
    }

    /// `H`: shows or hides the hidden data on every Containment screen of this `O`; the status line says which.
    func toggleHidden() -> PageAction {
        options.showHidden.toggle()
        refreshIfNeeded()
        let n = Format.plural(hiddenCount, "reference")
        return .message(options.showHidden
            ? "H: hidden data shown (\(n) of type hidden or to V8 internals; H hides them)"
            : "H: hidden data hidden as in DevTools (\(n) of type hidden or to V8 internals; H shows them)")
    }

    static let columns = [TableColumn("Retained", width: 9, priority: 0), TableColumn("Shallow", width: 9, priority: 1),
                          TableColumn("Distance", width: DistanceColumn.width, priority: 2)]

    func layout(_ width: Int) -> TableLayout { TableLayout(Self.columns, width: width, minFlex: 28) }

    package var title: String { isRoot ? "Containment" : model.className(node) + " " + model.idString(node) }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selected.map { model.tree.retained[Int($0)] } }
    var selected: UInt32? { list.selected < rows.count ? rows[list.selected].target : nil }

    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "references"), KeyHelp("o", "object"), KeyHelp("p", "paths"),
         KeyHelp("H", options.showHidden ? "hide internals" : "show internals"), KeyHelp("q", "up")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "go into the selected object's references (DevTools' Containment: the heap from the "
                 + "root down its references, not the dominator tree)"),
         KeyHelp("q ←", "up: back to the object that holds it"),
         KeyHelp("o", "open the selected object (fields, references, retainers)"),
         KeyHelp("p", "paths from the global object to the selected object"),
         KeyHelp("d", "show the selected object in the dominator tree"),
         KeyHelp("H", "show or hide the hidden data (DevTools' rule: references of type hidden and references to V8 "
                 + "internals of type hidden, left out by default; invisible references are never shown)"),
         KeyHelp("/  n N", "find an edge name, class or id"),
         KeyHelp("Distance", "references from the global object (1: a user root; − only the system reaches it)")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let t = selected else { return ObjectPage.summary(node, model, ctx.glyphs) }
        return ObjectPage.summary(t, model, ctx.glyphs)
    }

    override package var rowCount: Int { rows.count + (total > rows.count && rows.count >= limit ? 1 : 0) }
    override package func isSelectable(_ i: Int) -> Bool { true }
    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        guard i < rows.count, let t = rows[i].target else { return "" }
        return rows[i].name + " " + model.describe(t)
    }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let text = (isRoot ? "DevTools' Containment: the snapshot's root" : model.describe(node))
            + ctx.glyphs.dot + Format.plural(total, "reference")
            + (hiddenCount == 0 ? "" : ctx.glyphs.dot + Format.count(hiddenCount)
                + (options.showHidden ? " of them hidden data (H hides)" : " hidden data not listed (H shows)"))
        canvas.put(" " + Format.clipRight(TerminalText.visible(text), width: canvas.width - 2, ellipsis: ctx.glyphs.ellipsis),
                   x: 0, y: 0, role: .section)
        return 1
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width).heading("Reference " + (ctx.glyphs.ascii ? "->" : "→") + " object")
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let l = layout(p.canvas.width)
        guard i < rows.count, let t = rows[i].target else {
            p.put("\(ctx.glyphs.more) \(Format.count(total - rows.count)) more references (Enter shows "
                  + "\(Format.count(min(total - rows.count, 1000))) more)", x: l.flexStart, role: .dim)
            return
        }
        let f = rows[i]
        l.put(p, 0, Format.bytes(model.tree.retained[Int(t)]), role: .size, glyphs: ctx.glyphs)
        l.put(p, 1, Format.bytes(model.graph.shallowSize(t)), role: .normal, glyphs: ctx.glyphs)
        l.put(p, 2, DistanceColumn.text(model.distance(t), ctx.glyphs), role: .normal, glyphs: ctx.glyphs)
        let weak = f.type == "weak"
        let name = TerminalText.visible((weak ? ctx.glyphs.weakMarker : "") + f.name)
        let w = p.canvas.width
        let nameText = Format.clipRight(name, width: max(min(24, (w - l.flexStart) / 3), 4), ellipsis: ctx.glyphs.ellipsis)
        var x = p.put(nameText, x: l.flexStart, role: weak ? .dim : .normal)
        x = p.put(ctx.glyphs.ascii ? " -> " : " → ", x: x, role: .dim)
        ObjectLabel.paint(t, p, x: x, limit: w, ctx)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        refreshIfNeeded()
        renderList(canvas, ctx)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard let t = selected else {
                if list.selected >= rows.count && total > rows.count {
                    limit += 1000
                    load()
                }
                return .handled
            }
            return .push(ContainmentPage(node: t, model: model, options: options))
        case .char("o"):
            guard let t = selected else { return .handled }
            return .push(ObjectPage(node: t, model: model))
        case .char("p"):
            guard let t = selected else { return .handled }
            return .push(PathsPage(node: t, model: model))
        case .char("d"):
            guard let t = selected else { return .handled }
            return .reveal(t)
        case .char("H"):
            return toggleHidden()
        default:
            return .unhandled
        }
    }
}
