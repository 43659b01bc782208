import DumpInput
import DumpReports
import HeapAnalysis
import HeapGraph

/// One line of a report screen: a size column, a count column, the text; rows with a node open it (Enter), rows
/// naming a collection list its contents (`c`, and Enter on the Under-filled screen).
package struct ReportRow {
    package var size: String = ""
    package var count: String = ""
    package var text: String
    package var role: Role = .normal
    package var node: UInt32?
    package var opensContents = false
}

/// A report screen: a summary line, a heading and rows (see `ReportScreenRows` for what each screen lists).
package final class ReportListPage: ListPage, Page {
    package let model: ExplorerModel
    package let screenTitle: String
    package let summary: String
    package let columns: (size: String, count: String, text: String)
    package let rows: [ReportRow]
    /// The screen and the data its rows were made from (what `e` exports).
    package var source: (screen: ReportScreens.Screen, data: ReportScreens)?

    init(title: String, summary: String, columns: (String, String, String), rows: [ReportRow], model: ExplorerModel) {
        screenTitle = title
        self.summary = summary
        self.columns = columns
        self.rows = rows
        self.model = model
        super.init()
        list.count = rows.count
        list.move(0, selectable: isSelectable)
    }

    package static func make(_ s: ReportScreens.Screen, _ d: ReportScreens, _ model: ExplorerModel) -> ReportListPage {
        let (summary, columns, rows) = ReportScreenRows.rows(s, d, model)
        let page = ReportListPage(title: s.rawValue, summary: summary, columns: columns, rows: rows, model: model)
        page.source = (s, d)
        return page
    }

    package var title: String { screenTitle }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? {
        list.selected < rows.count ? rows[list.selected].node.map { model.tree.retained[Int($0)] } : nil
    }
    package var hints: [KeyHelp] { [KeyHelp("⏎", "open"), KeyHelp("c", "contents"), KeyHelp("q", "back")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "open the selected object (under-filled collections: its contents)"),
         KeyHelp("c", "list the contents of the selected collection"), KeyHelp("o", "open the selected object"),
         KeyHelp("p", "paths from GC roots"),
         KeyHelp("/  n N", "find a row")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < rows.count, let n = rows[list.selected].node else { return nil }
        return ObjectPage.summary(n, model, ctx.glyphs)
    }

    override package var rowCount: Int { rows.count }
    override package func isSelectable(_ i: Int) -> Bool { rows[i].node != nil }
    override package func searchText(_ i: Int, _ ctx: PageContext) -> String { rows[i].text }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        canvas.put(" " + Format.clipRight(summary, width: canvas.width - 2, ellipsis: ctx.glyphs.ellipsis), x: 0, y: 0,
                   role: .section)
        return 1
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        Format.padLeft(columns.size, 10) + Format.padLeft(columns.count, 12) + "  " + columns.text
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let r = rows[i]
        let w = p.canvas.width
        if !r.size.isEmpty { p.putRight(r.size, right: 10, role: .size) }
        if !r.count.isEmpty { p.putRight(r.count, right: 22, role: .normal) }
        let text = TerminalText.visible(r.text)
        p.put(Format.clipRight(text, width: max(w - 25, 1), ellipsis: ctx.glyphs.ellipsis), x: 24, role: r.role,
              limit: w - 1)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        let node = list.selected < rows.count ? rows[list.selected].node : nil
        switch key {
        case .enter, .right, .char("l"):
            guard let node else { return .handled }
            if rows[list.selected].opensContents { return CollectionPage.open(node, model) }
            return .push(ObjectPage(node: node, model: model))
        case .char("c"): return CollectionPage.open(node, model)
        case .char("o"):
            guard let node else { return .handled }
            return .push(ObjectPage(node: node, model: model))
        case .char("p"):
            guard let node else { return .handled }
            return .push(PathsPage(node: node, model: model))
        default:
            return .unhandled
        }
    }
}
