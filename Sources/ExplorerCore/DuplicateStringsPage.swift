import DumpInput
import DumpReports
import HeapGraph

/// V8's duplicate strings (Reports tab): texts held by two or more `string` nodes, most wasted bytes first, with the
/// number of copies and the bytes all copies take; Enter lists the copies (`StringCopiesPage`). Columns are dropped
/// least important first (the total, then the copies) so that the text keeps at least 20 cells.
package final class DuplicateStringsPage: ListPage, Page {
    let model: ExplorerModel
    let rows: [ReportScreens.Duplicate]
    let totals: (groups: Int, wasted: UInt64)

    init(rows: [ReportScreens.Duplicate], totals: (groups: Int, wasted: UInt64), model: ExplorerModel) {
        self.rows = rows
        self.totals = totals
        self.model = model
        super.init()
        list.count = rows.count
    }

    static let columns = [TableColumn("Wasted", width: 9, priority: 0), TableColumn("Copies", width: 8, priority: 1),
                          TableColumn("All copies", width: 10, priority: 2)]

    func layout(_ width: Int) -> TableLayout { TableLayout(Self.columns, width: width, minFlex: 20) }

    package var title: String { ReportScreens.Screen.duplicateStrings.rawValue }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var hints: [KeyHelp] { [KeyHelp("⏎", "copies"), KeyHelp("o", "one copy"), KeyHelp("q", "back")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "list the copies of the selected text, biggest retained first"),
         KeyHelp("o", "open the biggest copy"),
         KeyHelp("/  n N", "find a text"),
         KeyHelp("Wasted", "the self sizes of all copies but the biggest: what keeping one copy would save"),
         KeyHelp("strings", "V8 `string` nodes (flat strings) with the same value; concatenated and sliced strings "
                 + "are left out: they hold no characters of their own")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < rows.count else { return nil }
        let r = rows[list.selected]
        return "\"" + TerminalText.visible(r.value) + "\"" + ctx.glyphs.dot + Format.count(r.copies) + " copies of "
            + Format.bytes(r.totalBytes / UInt64(max(r.copies, 1))) + " on average" + ctx.glyphs.dot + "wasted "
            + Format.bytes(r.wastedBytes)
    }

    override package var rowCount: Int { rows.count }
    override package func searchText(_ i: Int, _ ctx: PageContext) -> String { rows[i].value }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        var text = "\(Format.count(totals.groups)) texts held by several strings waste \(Format.bytes(totals.wasted))"
        if rows.count < totals.groups { text += ", the \(Format.count(rows.count)) most wasteful shown" }
        text += " (Enter lists the copies)"
        canvas.put(" " + Format.clipRight(text, width: canvas.width - 2, ellipsis: ctx.glyphs.ellipsis), x: 0, y: 0,
                   role: .section)
        return 1
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? { layout(width).heading("Text") }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let l = layout(p.canvas.width)
        let r = rows[i]
        l.put(p, 0, Format.bytes(r.wastedBytes), role: .size, glyphs: ctx.glyphs)
        l.put(p, 1, Format.count(r.copies), role: .normal, glyphs: ctx.glyphs)
        l.put(p, 2, Format.bytes(r.totalBytes), role: .normal, glyphs: ctx.glyphs)
        let text = "\"" + TerminalText.visible(r.value) + "\""
        p.put(Format.clipRight(text, width: max(p.canvas.width - l.flexStart - 1, 1), ellipsis: ctx.glyphs.ellipsis),
              x: l.flexStart, role: .normal, limit: p.canvas.width - 1)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        guard list.selected < rows.count else { return key == .enter ? .handled : .unhandled }
        let r = rows[list.selected]
        switch key {
        case .enter, .right, .char("l"):
            return .push(StringCopiesPage(value: r.value, copies: r.copyNodes.isEmpty ? [r.example] : r.copyNodes,
                                          model: model))
        case .char("o"):
            return .push(ObjectPage(node: r.example, model: model))
        default:
            return .unhandled
        }
    }
}

/// The copies of one duplicated text, biggest retained first: Enter opens one, `p` its paths, `d` the tree.
package final class StringCopiesPage: ObjectListPage, Page {
    let value: String
    let copies: [UInt32]

    init(value: String, copies: [UInt32], model: ExplorerModel) {
        self.value = value
        self.copies = copies
        super.init(model: model, noun: "copies")
        load()
    }

    override func load() { show(copies) }

    package var title: String { "Copies" }
    package var crumbs: [String] { ["\"" + TerminalText.visible(String(value.prefix(40))) + "\""] }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "object"), KeyHelp("p", "paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected copy: who holds it (its retainers)"),
         KeyHelp("p", "paths from the GC roots to the selected copy"),
         KeyHelp("d", "show the selected copy in the dominator tree"),
         KeyHelp("/  n N", "find an id among the copies")] + distanceSortHelp
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let n = selectedNode else { return "\(Format.count(hidden)) more copies not listed yet" }
        return ObjectPage.summary(n, model, ctx.glyphs)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction { handleObjectKey(key) ?? .unhandled }
}
