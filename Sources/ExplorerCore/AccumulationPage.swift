import HeapAnalysis
import HeapGraph

/// `A` on the Overview: every way into an accumulation point (MAT's Leak Suspects "Shortest Paths To the
/// Accumulation Point"), the shortest path from each static field or GC root that holds it, merged into one tree
/// from the accumulation point outward. Each row says how many of the paths run through it and what it retains;
/// each branch ends with what holds it (`static field OrderDesk.ORDER_CACHE`, `GC root: thread object`).
package final class AccumulationPage: ListPage, Page {
    /// The accumulation point (below the object `A` was pressed on).
    package let node: UInt32
    let model: ExplorerModel
    package private(set) var limit: Int
    var found: AccumulationPaths
    var rows: [PathsPage.Row] = []
    /// What holds each branch, in the order of the note rows (`holder`, for the export).
    var noteHolders: [String] = []
    let classObjects: Set<UInt32>
    var glyphsUsed: Glyphs?

    /// `from`: the selected object; the accumulation point is found below it by the leak-suspect rule.
    package init(from: UInt32, model: ExplorerModel, limit: Int = 10) {
        node = LeakSuspects.accumulationPoint(from: from, tree: model.tree, ratio: 0.7)
        self.model = model
        self.limit = limit
        classObjects = StaticHoldings.classObjects(model.graph)
        found = AccumulationPaths.find(in: model.index, to: node, limit: limit, classObjects: classObjects)
        super.init()
        compute(glyphs: Glyphs(ascii: false))
    }

    func compute(glyphs: Glyphs) {
        let index = model.index
        let found = found
        var holders: [String] = []
        rows = PathsPage.treeRows(found.tree, model: model, glyphs: glyphs, leafField: { i in
            found.holdOf[i].flatMap { found.fields[$0] }
        }, leafNote: { i, n in
            guard let k = found.holdOf[i] else { return nil }
            let text = found.holder(k, index: index)
            holders.append(text)
            // A GC root as the Paths screen names it (the thread's name, the frame).
            return " " + (text.hasPrefix("GC root") ? model.rootSummary(n).map { "GC root: " + $0 } ?? text : text)
        })
        noteHolders = holders
        if rows.isEmpty { rows = [PathsPage.Row(node: node, prefix: "", field: nil)] }
    }

    // MARK: Page

    package var title: String { "Paths to the accumulation point " + model.idString(node) }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? {
        list.selected < rows.count && rows[list.selected].rootNote == nil
            ? model.tree.retained[Int(rows[list.selected].node)] : nil
    }

    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "object"), KeyHelp("m", "more paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }

    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected object"),
         KeyHelp("m", "show more paths (twice as many)"),
         KeyHelp("d", "show the selected object in the dominator tree"),
         KeyHelp("p", "shortest paths from GC roots to the selected object"),
         KeyHelp("/  n N", "find a class, field or id on the paths")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < rows.count else { return nil }
        return ObjectPage.summary(rows[list.selected].node, model, ctx.glyphs)
    }

    override package var rowCount: Int { rows.count }
    override package func isSelectable(_ i: Int) -> Bool { rows[i].rootNote == nil }

    /// The summary line: how many ways in, how many are not shown.
    func summary(_ glyphs: Glyphs) -> String {
        if found.found == 0 {
            return "No static field or GC root holds it over strong references (weak references excluded)"
        }
        let from = classObjects.isEmpty ? "GC root" : "static field or GC root"
        var text = Format.plural(found.found, "way") + " in" + (found.complete ? "" : " or more")
            + ": the shortest from each " + from + ", weak refs excluded"
        if found.more > 0 || !found.complete {
            text += glyphs.dot + (found.complete ? "\(found.more) more" : "more") + " (m)"
        }
        return text
    }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        canvas.put(" " + Format.clipRight(summary(ctx.glyphs), width: canvas.width - 2, ellipsis: ctx.glyphs.ellipsis),
                   x: 0, y: 0, role: .section)
        canvas.put("paths  retained", x: max(0, canvas.width - 16), y: 1, role: .dim)
        return 2
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String { rows[i].searchText(model) }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let r = rows[i], w = p.canvas.width
        guard r.paintStep(p, labelEnd: w - 17, ctx) else { return }
        p.putRight(Format.count(r.paths), right: w - 12, role: .dim)
        p.putRight(Format.bytes(model.tree.retained[Int(r.node)]), right: w - 1, role: .size)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        if glyphsUsed != ctx.glyphs {
            glyphsUsed = ctx.glyphs
            compute(glyphs: ctx.glyphs)
        }
        renderList(canvas, ctx)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        guard list.selected < rows.count else { return .unhandled }
        let n = rows[list.selected].node
        switch key {
        case .enter, .right, .char("l"), .char("o"):
            return .push(ObjectPage(node: n, model: model))
        case .char("d"):
            return .reveal(n)
        case .char("p"):
            return .push(PathsPage(node: n, model: model))
        case .char("m"):
            guard found.more > 0 || !found.complete else { return .message("every way in is shown") }
            limit *= 2
            found = AccumulationPaths.find(in: model.index, to: node, limit: limit, budget: min(4_000_000, max(1_000_000, limit * 50_000)),
                                           classObjects: classObjects)
            compute(glyphs: ctx.glyphs)
            list.count = rows.count
            return .handled
        default:
            return .unhandled
        }
    }
}

extension AccumulationPage: TableExporting {
    package var exportName: String { "accumulation-paths-" + model.idString(node) }

    /// Each step with its depth in the merged tree (0 is the accumulation point), the field it is reached by, the
    /// number of paths through it and, on a path's first object, what holds it.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["depth", "id", "class", "shallow", "retained", "field", "paths", "holder"])
        var note = 0
        for r in rows {
            if r.rootNote != nil {
                if var last = t.rows.popLast(), note < noteHolders.count {
                    last[7] = .text(noteHolders[note])
                    t.rows.append(last)
                }
                note += 1
                continue
            }
            t.rows.append([.int(Int64(TextWidth.of(r.prefix) / 3))] + model.exportCells(r.node)
                          + [.text(r.field ?? ""), .int(Int64(r.paths)), .text("")])
        }
        return t
    }
}
