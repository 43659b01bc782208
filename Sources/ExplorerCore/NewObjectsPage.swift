import DumpKit
import HeapGraph

/// DevTools' Comparison view opened on a class: only the objects of NEW that OLD did not have (matched by V8 node id,
/// or by HPROF address when the heap did not move), biggest retained first, under a line with the class's new and
/// deleted counts. Enter opens the object in NEW (its fields, references and retainers), `p` its paths from the GC
/// roots, `d` shows it in NEW's dominator tree. The list was computed once with the comparison; opening it only
/// picks the biggest `batch` objects.
package final class NewObjectsPage: ObjectListPage, Page {
    let row: ComparisonRow
    let all: [UInt32]
    let matchedBy: String

    init(row: ComparisonRow, newObjects: ArraySlice<UInt32>, matchedBy: String, model: ExplorerModel) {
        self.row = row
        self.matchedBy = matchedBy
        all = Array(newObjects)
        super.init(model: model, noun: "new objects (in NEW)")
        load()
    }

    override func load() { show(all) }

    package var title: String { row.class + " (new objects)" }
    package var crumbs: [String] { ["new since OLD, matched by " + matchedBy] }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "object, retainers"), KeyHelp("p", "paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected new object in NEW: its fields, references and retainers"),
         KeyHelp("p", "shortest paths from NEW's GC roots to the selected object"),
         KeyHelp("d", "show the selected object in NEW's dominator tree"),
         KeyHelp("/  n N", "find an id or value among the listed objects"),
         KeyHelp("new", "objects of NEW whose id (V8 node id; HPROF address) OLD did not have in this class")] + distanceSortHelp
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let n = selectedNode else { return "\(Format.count(hidden)) more new objects not listed yet" }
        return ObjectPage.summary(n, model, ctx.glyphs)
    }

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

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        handleObjectKey(key) ?? .unhandled
    }
}
