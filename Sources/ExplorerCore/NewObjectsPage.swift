import DumpKit
import HeapGraph

/// DevTools' Comparison view opened on a class: only the objects of NEW that OLD did not have (matched by V8 node id,
/// or by HPROF address when the heap did not move), biggest retained first, under a line with the class's new and
/// deleted counts. Enter opens the object in NEW (its fields, references and retainers), `p` its paths from the GC
/// roots, `d` shows it in NEW's dominator tree. The list was computed once with the comparison; opening it only
/// picks the biggest `batch` objects.
package final class NewObjectsPage: ListPage, Page {
    package static let batch = 1000
    let row: ComparisonRow
    let model: ExplorerModel
    let all: [UInt32]
    let matchedBy: String
    var nodes: [UInt32] = []
    var limit = NewObjectsPage.batch

    init(row: ComparisonRow, newObjects: ArraySlice<UInt32>, matchedBy: String, model: ExplorerModel) {
        self.row = row
        self.model = model
        self.matchedBy = matchedBy
        all = Array(newObjects)
        super.init()
        load()
    }

    func load() {
        let retained = model.tree.retained
        nodes = TopK.select(all, limit: limit) { a, b in
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
    }

    var hidden: Int { all.count - nodes.count }
    var selectedNode: UInt32? { list.selected < nodes.count ? nodes[list.selected] : nil }
    package var total: Int { all.count }

    package var title: String { row.class + " (new objects)" }
    package var crumbs: [String] { ["new since OLD, matched by " + matchedBy] }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selectedNode.map { model.tree.retained[Int($0)] } }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "object, retainers"), KeyHelp("p", "paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected new object in NEW: its fields, references and retainers"),
         KeyHelp("p", "shortest paths from NEW's GC roots to the selected object"),
         KeyHelp("d", "show the selected object in NEW's dominator tree"),
         KeyHelp("/  n N", "find an id or value among the listed objects"),
         KeyHelp("new", "objects of NEW whose id (V8 node id; HPROF address) OLD did not have in this class")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let n = selectedNode else { return "\(Format.count(hidden)) more new objects not listed yet" }
        return ObjectPage.summary(n, model, ctx.glyphs)
    }

    override package var rowCount: Int { nodes.count + (hidden > 0 ? 1 : 0) }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let g = ctx.glyphs
        let deleted = row.deletedObjects ?? 0
        var text = "+" + Format.count(row.newObjects ?? 0) + " new" + g.dot
            + (deleted > 0 ? Signed.sign(-1, g) : "") + Format.count(deleted) + " deleted" + g.dot + "objects " + Format.count(row.old.count)
            + (g.ascii ? " -> " : " → ") + Format.count(row.new.count) + " (" + Signed.count(row.countDelta, g) + ")"
        text += g.dot + "new ones " + Format.bytes(row.addedBytes ?? 0) + " shallow"
        canvas.put(" " + Format.clipRight(text, width: canvas.width - 2, ellipsis: g.ellipsis), x: 0, y: 0,
                   role: .section)
        return 1
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        SizeColumns(width: width).heading("\(Format.count(total)) new objects (in NEW)", percentOf: "% heap")
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let cols = SizeColumns(width: p.canvas.width)
        guard i < nodes.count else {
            p.put("\(ctx.glyphs.more) \(Format.count(hidden)) more new objects (Enter shows "
                  + "\(Format.count(min(hidden, NewObjectsPage.batch))) more)", x: cols.barStart, role: .dim)
            return
        }
        let n = nodes[i]
        let x = cols.paint(p, retained: model.tree.retained[Int(n)], of: model.index.reachableBytes,
                           shallow: model.graph.shallowSize(n), glyphs: ctx.glyphs)
        ObjectLabel.paint(n, p, x: x, limit: p.canvas.width, ctx)
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        i < nodes.count ? model.describe(nodes[i]) : ""
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"), .char("o"):
            guard let n = selectedNode else {
                if hidden > 0 {
                    limit += NewObjectsPage.batch
                    load()
                }
                return .handled
            }
            return .push(ObjectPage(node: n, model: model))
        case .char("p"):
            guard let n = selectedNode else { return .handled }
            return .push(PathsPage(node: n, model: model))
        case .char("d"):
            guard let n = selectedNode else { return .handled }
            return .reveal(n)
        default:
            return .unhandled
        }
    }
}
