import ExplorerCore
import HanaReader

/// The call stacks of all threads as a text icicle graph: entry frames on the top row, each row one call level
/// deeper, each block as wide as the share of threads passing through that frame. Arrows move between frames
/// (←/→ neighbours on the row, ↓ into the biggest callee, ↑ to the caller), Enter zooms the selected frame to the
/// full width, Backspace/h zooms back out.
package final class FlamePage: Page {
    package let graph: FlameGraph
    let threadCount: Int
    /// Zoomed frames, outermost first; the last one spans the width (none: all stacks).
    package private(set) var zooms: [Int] = []
    package private(set) var selected: Int
    /// The first row shown (rows scroll when the selection is deeper than the screen).
    var topRow = 0
    var width = 80
    var visibleRows = 16
    private var cache: (zoom: Int, width: Int, blocks: [FlameGraph.Block])?

    package init(hana: HanaDump) {
        graph = FlameGraph(folded: hana.foldedStacks())
        threadCount = hana.threads.count
        selected = graph.children[0].first ?? 0
    }

    package init(graph: FlameGraph, threadCount: Int) {
        self.graph = graph
        self.threadCount = threadCount
        selected = graph.children[0].first ?? 0
    }

    var zoom: Int { zooms.last ?? 0 }

    func blocks() -> [FlameGraph.Block] {
        if let c = cache, c.zoom == zoom, c.width == width { return c.blocks }
        let b = graph.layout(zoom: zoom, width: width)
        cache = (zoom, width, b)
        return b
    }

    func block(of node: Int) -> FlameGraph.Block? { blocks().first { $0.node == node } }

    // MARK: Page

    package var title: String { "Flame" }
    package var crumbs: [String] { zooms.map { graph.names[$0] } }
    package var hints: [KeyHelp] {
        [KeyHelp("←→↑↓", "frames"), KeyHelp("⏎", "zoom"), KeyHelp("⌫", "zoom out")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("← →", "the frame to the left, to the right on the same row"),
         KeyHelp("↓ j", "into the callee with the most threads"),
         KeyHelp("↑ k", "out to the caller"),
         KeyHelp("Enter l", "zoom: the selected frame becomes the full width"),
         KeyHelp("Backspace h", "zoom back out"),
         KeyHelp("g", "back to the first entry frame")]
    }

    package var position: String? {
        guard graph.count[0] > 0 else { return nil }
        return Format.count(graph.count[selected]) + " of " + Format.plural(graph.count[0], "stack")
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard selected > 0 else { return nil }
        let n = graph.count[selected]
        var s = graph.names[selected] + ctx.glyphs.dot + Format.plural(n, "thread") + " ("
            + Format.percent(UInt64(n), of: UInt64(graph.count[0])) + ")"
        let own = graph.selfCount(selected)
        if own > 0 { s += ctx.glyphs.dot + "innermost in \(Format.count(own))" }
        s += ctx.glyphs.dot + "depth \(graph.depth[selected])"
        return s
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        width = canvas.width
        guard graph.count[0] > 0 else {
            canvas.put(" no thread has frames in this dump", x: 0, y: 0, role: .dim)
            return
        }
        canvas.fillRow(0, role: .columns)
        let zoomNote = zoom == 0 ? "" : ", zoomed into " + Format.plural(graph.count[zoom], "thread")
        let head = " \(Format.plural(graph.count[0], "stack")) of \(Format.plural(threadCount, "thread")): entry frames "
            + "on top, callees below, width = threads" + zoomNote
        canvas.put(Format.clipRight(head, width: canvas.width, ellipsis: ctx.glyphs.ellipsis), x: 0, y: 0, role: .columns)
        let body = canvas.sub(x: 0, y: 1, width: canvas.width, height: canvas.height - 1)
        visibleRows = max(body.height, 1)
        let bs = blocks()
        if let sel = block(of: selected) {
            if sel.row < topRow { topRow = sel.row }
            if sel.row >= topRow + visibleRows { topRow = sel.row - visibleRows + 1 }
        }
        let onPath = Set(graph.path(to: selected))
        let sep = ctx.glyphs.ascii ? "|" : "▏"
        for b in bs {
            let y = b.row - topRow
            guard y >= 0, y < body.height else { continue }
            let w = b.x1 - b.x0
            let role: Role = b.node == selected ? .selected : onPath.contains(b.node) ? .tabActive : .tab
            body.grid.fill(x: body.x + b.x0, y: body.y + y, width: w, height: 1, role: role)
            if w >= 3 {
                let label = FlameGraph.shortLabel(graph.names[b.node], width: w - 1, ellipsis: ctx.glyphs.ellipsis)
                body.put(label, x: b.x0, y: y, role: role, limit: b.x1 - 1)
            }
            body.put(sep, x: b.x1 - 1, y: y, role: role)
        }
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        guard graph.count[0] > 0 else { return .unhandled }
        switch key {
        case .left, .right:
            let bs = blocks()
            guard let i = bs.firstIndex(where: { $0.node == selected }) else { return .handled }
            let j = key == .left ? i - 1 : i + 1
            if j >= 0, j < bs.count, bs[j].row == bs[i].row { selected = bs[j].node }
            return .handled
        case .down, .char("j"):
            if let c = graph.children[selected].first(where: { block(of: $0) != nil }) { selected = c }
            return .handled
        case .up, .char("k"):
            let p = graph.parent[selected]
            if p > 0, block(of: p) != nil { selected = p }
            return .handled
        case .home, .char("g"):
            selected = blocks().first?.node ?? selected
            topRow = 0
            return .handled
        case .enter, .char("l"):
            guard selected != zoom else { return .message("already zoomed into this frame") }
            zooms.append(selected)
            topRow = 0
            return .handled
        case .backspace, .char("h"):
            guard let z = zooms.popLast() else { return .unhandled }
            if block(of: selected) == nil { selected = z }
            topRow = 0
            return .handled
        default:
            return .unhandled
        }
    }
}
