import HeapAnalysis
import HeapGraph

/// `M` on a histogram row: the shortest paths from GC roots to the class's instances merged into one tree from the
/// roots down (MAT's "merge shortest paths to GC roots", weak and soft references excluded), each step with the
/// instances reached through it and what they retain. →/Enter open a step, ← closes it or goes up, `o` opens the
/// step's first object, `p` its own paths.
package final class MergedPathsPage: ListPage, Page {
    package let classIndex: UInt32
    let model: ExplorerModel
    package let merged: MergedPaths
    var expanded: Set<Int>
    var visible: [Int] = []

    package init(classIndex: UInt32, model: ExplorerModel, maxInstances: Int = MergedPaths.defaultMaxInstances,
                budget: Int = MergedPaths.defaultBudget) {
        self.classIndex = classIndex
        self.model = model
        merged = MergedPaths(class: classIndex, instances: model.instances(of: classIndex), in: model.index,
                             maxInstances: maxInstances, budget: budget)
        let m = merged
        expanded = Set(m.children.indices.filter { !m.children[$0].isEmpty })
        super.init()
        refresh()
    }

    func refresh() {
        var out: [Int] = []
        var stack = Array(merged.children[0].reversed())
        while let i = stack.popLast() {
            out.append(i)
            if expanded.contains(i) { stack += merged.children[i].reversed() }
        }
        visible = out
        list.count = visible.count
    }

    var selected: MergedPaths.Node? { list.selected < visible.count ? merged.nodes[visible[list.selected]] : nil }

    // MARK: Page

    package var title: String { "Merged paths" }
    package var crumbs: [String] { [model.graph.classes[classIndex]] }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selected?.retained }
    package var hints: [KeyHelp] {
        [KeyHelp("→", "open"), KeyHelp("←", "close"), KeyHelp("o", "object"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("→ l Enter", "open the selected step (Enter: open or close)"),
         KeyHelp("← h", "close the selected step, or go up to its parent"),
         KeyHelp("o", "open the first object met at the selected step"),
         KeyHelp("p", "shortest paths from GC roots to that object"),
         KeyHelp("/  n N", "find a class or field among the shown steps")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let n = selected else { return nil }
        return (n.field.map { "." + $0 + " " } ?? "") + n.className + ctx.glyphs.dot
            + Format.plural(n.count, "instance") + " reached through it" + ctx.glyphs.dot + "retaining "
            + Format.bytes(n.retained) + ctx.glyphs.dot + "e.g. " + model.idString(n.object)
    }

    /// What was traced, and what was left out, in parts.
    func summary() -> [String] {
        let m = merged
        var s = ["Shortest paths from GC roots to \(Format.count(m.traced)) of \(Format.count(m.total)) instances",
                 "merged by class and field", "weak/soft references excluded"]
        if m.considered < m.total { s.append("the \(Format.count(m.considered)) biggest considered") }
        if m.budgetExhausted { s.append("work limit reached") }
        if m.namesByClass {
            s.append("after \(Format.count(MergedPaths.exactNames)) lookups a field name is reused per class pair")
        }
        if m.traced < m.considered && !m.budgetExhausted {
            s.append("\(Format.count(m.considered - m.traced)) held only weakly")
        }
        return s
    }

    /// The summary, its parts joined with `, ` and wrapped to the width (two lines at most).
    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        var lines: [String] = []
        for part in summary() {
            if let last = lines.last, TextWidth.of(last) + 2 + TextWidth.of(part) < canvas.width - 1 {
                lines[lines.count - 1] = last + ", " + part
            } else {
                lines.append(part)
            }
        }
        let shown = lines.prefix(2)
        for (y, line) in shown.enumerated() {
            canvas.put(" " + line + (y == shown.count - 1 ? "" : ","), x: 0, y: y, role: .dim)
        }
        return shown.count
    }

    override package var rowCount: Int { visible.count }

    static let countEnd = 10, retainedEnd = 21, percentEnd = 29, treeStart = 31

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        Format.padLeft("Objects", MergedPathsPage.countEnd)
            + Format.padLeft("Retained", MergedPathsPage.retainedEnd - MergedPathsPage.countEnd)
            + Format.padLeft("% heap", MergedPathsPage.percentEnd - MergedPathsPage.retainedEnd)
            + "  From GC roots down: .field Class"
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let k = visible[i]
        let n = merged.nodes[k]
        p.putRight(Format.count(n.count), right: MergedPathsPage.countEnd, role: .normal)
        p.putRight(Format.bytes(n.retained), right: MergedPathsPage.retainedEnd, role: .size)
        p.putRight(Format.percent(n.retained, of: model.index.reachableBytes), right: MergedPathsPage.percentEnd,
                   role: .normal)
        let depth = n.depth - 1
        var x = MergedPathsPage.treeStart + 2 * min(depth, 16)
        if depth > 16 { x = p.put("\(depth)", x: x - 1 - String(depth).count, role: .dim) + 1 }
        let kids = !merged.children[k].isEmpty
        let mark = !kids ? "  " : ctx.glyphs.ascii ? (expanded.contains(k) ? "- " : "+ ")
            : (expanded.contains(k) ? "▾ " : "▸ ")
        x = p.put(mark, x: x, role: .dim, limit: p.canvas.width)
        if n.parent == 0 && model.graph.isRoot(n.object) {
            x = p.put(ctx.glyphs.rootMarker + " ", x: x, role: .gcRoot, limit: p.canvas.width)
        }
        if let f = n.field { x = p.put("." + f + " ", x: x, role: .normal, limit: p.canvas.width) }
        p.putClassName(n.className, x: x, limit: p.canvas.width, glyphs: ctx.glyphs)
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        let n = merged.nodes[visible[i]]
        return (n.field ?? "") + " " + n.className
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        guard list.selected < visible.count else { return .unhandled }
        let k = visible[list.selected]
        let n = merged.nodes[k]
        switch key {
        case .enter, .right, .char("l"):
            guard !merged.children[k].isEmpty else { return .message("\(n.className): where the paths end") }
            if expanded.contains(k) {
                if key == .enter { expanded.remove(k); refresh() } else { list.move(1) }
            } else {
                expanded.insert(k)
                refresh()
            }
            return .handled
        case .left, .char("h"):
            if expanded.contains(k) {
                expanded.remove(k)
                refresh()
                return .handled
            }
            guard n.parent > 0, let up = visible.firstIndex(of: n.parent) else { return .unhandled }
            list.select(up)
            return .handled
        case .char("o"):
            return .push(ObjectPage(node: n.object, model: model))
        case .char("p"):
            return .push(PathsPage(node: n.object, model: model))
        default:
            return .unhandled
        }
    }
}
