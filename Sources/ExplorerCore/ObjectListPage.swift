import HeapGraph

/// A list of objects biggest retained size first, the top `batch` at once and more on demand (Enter on the "more"
/// row): a class's instances (`InstancesPage`) and a comparison's new objects (`NewObjectsPage`). Enter/`o` opens
/// the selected object, `p` its paths from the GC roots, `d` shows it in the dominator tree. Subclasses say which
/// objects (`load`), what they are called (`noun`) and what stands above the list.
package class ObjectListPage: ListPage {
    package static let batch = 1000
    let model: ExplorerModel
    /// The listed objects (the biggest `limit` of all).
    var nodes: [UInt32] = []
    /// How many objects there are in all.
    package var total = 0
    var limit = ObjectListPage.batch
    /// `instances`, `new objects (in NEW)`: the heading's and the "more" row's word.
    let noun: String
    /// V8: listed by DevTools' distance, nearest first (`s`), instead of by retained size.
    package internal(set) var byDistance = false

    init(model: ExplorerModel, noun: String) {
        self.model = model
        self.noun = noun
        super.init()
    }

    /// Fills `nodes` (and `total`); subclasses call `show(_:)` with all their objects.
    func load() {}

    /// Lists the biggest `limit` of `all`.
    func show(_ all: some Collection<UInt32>) {
        total = all.count
        let retained = model.tree.retained
        if byDistance { nodes = nearestFirst(all); return }
        nodes = TopK.select(Array(all), limit: limit) { a, b in
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
    }

    var hidden: Int { total - nodes.count }
    var selectedNode: UInt32? { list.selected < nodes.count ? nodes[list.selected] : nil }

    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selectedNode.map { model.tree.retained[Int($0)] } }

    override package var rowCount: Int { nodes.count + (hidden > 0 ? 1 : 0) }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        let cols = SizeColumns(width: width)
        return cols.heading(DistanceColumn.heading("\(Format.count(total)) " + noun, model, width: width,
                                                   nameStart: cols.nameStart,
                                                   mark: byDistance ? DistanceColumn.mark(reversed: false, ctx.glyphs) : ""),
                            percentOf: "% heap")
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let cols = SizeColumns(width: p.canvas.width)
        guard i < nodes.count else {
            let word = noun.split(separator: " ").prefix(2).joined(separator: " ")
            p.put("\(ctx.glyphs.more) \(Format.count(hidden)) more \(word) (Enter shows "
                  + "\(Format.count(min(hidden, ObjectListPage.batch))) more)", x: cols.barStart, role: .dim)
            return
        }
        let n = nodes[i]
        let x = cols.paint(p, retained: model.tree.retained[Int(n)], of: model.index.reachableBytes,
                           shallow: model.graph.shallowSize(n), glyphs: ctx.glyphs)
        ObjectLabel.paint(n, p, x: DistanceColumn.paint(n, p, x: x, model, ctx.glyphs), limit: p.canvas.width, ctx)
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        i < nodes.count ? model.describe(nodes[i]) : ""
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    /// The keys every object list has: movement, Enter/`o` (or the next batch), `p`, `d`; nil for other keys.
    func handleObjectKey(_ key: Key) -> PageAction? {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"), .char("o"):
            guard let n = selectedNode else {
                if hidden > 0 {
                    limit += ObjectListPage.batch
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
        case .char("s") where model.hasDistances:
            return toggleDistanceSort()
        default:
            return nil
        }
    }
}
