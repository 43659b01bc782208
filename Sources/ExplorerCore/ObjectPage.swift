import HeapAnalysis
import HeapGraph

/// One object: what it is, its fields and values, the objects it references and the objects that reference it
/// (its retainers). Every row that names an object is a jump (Enter).
package final class ObjectPage: ListPage, Page {
    enum Row {
        case text(String, Role)
        case heading(String)
        case dominator(UInt32)
        case field(FieldValue)
        /// A reference field, once: name, target (class, id, preview) and whether the reference is weak.
        case reference(name: String, target: UInt32, weak: Bool)
        /// A reference no field names (a format without fields for it).
        case outgoing(UInt32)
        /// A retainer, once, with how many references it holds to this object.
        case incoming(UInt32, count: Int)
        /// "contents": the object is a collection; Enter lists its entries.
        case contents(String)
        case more(Section, Int)
    }

    enum Section { case fields, outgoing, incoming }

    package static let batch = 500
    package static let fieldLimit = 10_000
    package let node: UInt32
    let model: ExplorerModel
    var rows: [Row] = []
    var limits: [Section: Int] = [.fields: ObjectPage.batch, .outgoing: ObjectPage.batch, .incoming: ObjectPage.batch]
    let fields: [FieldValue]
    let references: [Row]
    let retainers: [Row]
    let contentsLine: String?
    /// The retainers nearest to the global object first (`s`, V8; ObjectPage+Distance), else in the dump's order.
    package internal(set) var retainersByDistance = false

    package init(node: UInt32, model: ExplorerModel) {
        self.node = node
        self.model = model
        // Bounded: the Object screen of a million-element array must open at once (its first 10,000 elements).
        let all = model.details.fields(of: node, limit: ObjectPage.fieldLimit)
        fields = all.filter { $0.target == nil }
        references = ObjectRows.references(of: node, fields: all, complete: all.count < ObjectPage.fieldLimit,
                                           graph: model.graph)
        retainers = ObjectRows.retainers(of: node, graph: model.graph)
        contentsLine = ObjectRows.contentsLine(node, model)
        super.init()
        rebuild()
        list.count = rows.count
        list.move(0, selectable: isSelectable)
    }

    /// `java.util.HashMap 0x1000 · shallow 48 B · retained 1.2 MiB · keeps 3 objects alive directly · GC root: JNI global`
    static func summary(_ node: UInt32, _ model: ExplorerModel, _ glyphs: Glyphs) -> String {
        guard node != HeapGraph.superRoot else {
            return (model.words.roots ?? "the top") + glyphs.dot
                + (model.words.roots == nil ? model.words.retainedSize.lowercased() + " " : "reachable ")
                + Format.bytes(model.index.reachableBytes)
        }
        var s = model.describe(node)
        s += glyphs.dot + model.words.shallowSize.lowercased() + " " + Format.bytes(model.graph.shallowSize(node))
        s += glyphs.dot + model.words.retainedSize.lowercased() + " " + Format.bytes(model.tree.retained[Int(node)])
        let kids = model.tree.childCount(node)
        if kids > 0 {
            s += glyphs.dot + (model.words.countsMeaningful ? "keeps \(Format.plural(kids, "object")) alive directly"
                                                            : Format.plural(kids, "sub-" + model.words.node))
        }
        if !model.tree.isReachable(node) { s += glyphs.dot + "unreachable" }
        if model.words.roots != nil, let r = model.rootSummary(node) { s += glyphs.dot + "GC root: " + r }
        return s
    }

    func rebuild() {
        let g = model.graph
        var out: [Row] = []
        let w = model.words
        let cls = model.className(node), id = model.idString(node)
        out.append(.text(cls == id ? cls : cls + " " + id, .section))
        if let p = model.details.preview(node), !p.isEmpty { out.append(.text("value     " + p, .normal)) }
        out.append(.text(Format.padRight(w.shallowSize.lowercased(), 10) + Format.bytes(g.shallowSize(node)) + "    "
                         + Format.padRight(w.retainedSize.lowercased(), 10)
                         + Format.bytes(model.tree.retained[Int(node)]) + "    "
                         + (w.countsMeaningful ? "dominates " + Format.plural(model.tree.childCount(node), w.node) + " directly"
                            : Format.plural(model.tree.childCount(node), "sub-" + w.node)), .normal))
        if model.hasDistances {
            out.append(.text("distance  " + DistanceColumn.describe(model.distance(node)), .normal))
        }
        if w.roots != nil, let r = model.rootSummary(node) { out.append(.text("GC root   " + r, .gcRoot)) }
        if model.tree.isReachable(node) {
            let idom = model.tree.idom[Int(node)]
            if idom != HeapGraph.none { out.append(.dominator(idom)) }
        } else {
            out.append(.text("not reachable from any GC root (garbage at the time of the dump)", .warning))
        }
        if let c = contentsLine { out.append(.contents(c)) }
        if !fields.isEmpty || references.isEmpty {
            out.append(.heading((w.countsMeaningful ? "Fields" : "Details") + " (\(Format.count(fields.count)))"))
            for f in fields.prefix(limits[.fields]!) { out.append(.field(f)) }
            if fields.count > limits[.fields]! { out.append(.more(.fields, fields.count - limits[.fields]!)) }
        }
        let total = g.successors(node).count
        let refs = w.countsMeaningful ? "References" : "Sub-" + w.nodes
        out.append(.heading(references.count < total && fields.count + references.count >= ObjectPage.fieldLimit
                            ? refs + " (the first \(Format.count(references.count)) of \(Format.count(total)))"
                            : refs + " (\(Format.count(references.count)))"))
        out.append(contentsOf: references.prefix(limits[.outgoing]!))
        if references.count > limits[.outgoing]! { out.append(.more(.outgoing, references.count - limits[.outgoing]!)) }
        let holders = retainers.reduce(0) { n, r in if case .incoming(_, let c) = r { return n + c } else { return n } }
        out.append(.heading(model.words.retainers + (w.countsMeaningful ? ": referenced by (" : " (")
            + (holders == retainers.count ? Format.count(holders)
            : Format.plural(retainers.count, "object") + ", " + Format.count(holders) + " references")
            + (retainersByDistance ? ", nearest first" : "") + ")"))
        out.append(contentsOf: orderedRetainers(limit: limits[.incoming]!))
        if retainers.count > limits[.incoming]! { out.append(.more(.incoming, retainers.count - limits[.incoming]!)) }
        rows = out
    }

    func target(of row: Row) -> UInt32? {
        switch row {
        case .dominator(let n): return n
        case .field(let f): return f.target
        case .reference(_, let t, _): return t
        case .outgoing(let raw), .incoming(let raw, _): return Edge.target(raw)
        default: return nil
        }
    }

    // MARK: Page

    package var title: String { model.words.nodeTitle + " " + model.idString(node) }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? {
        guard list.selected < rows.count, let t = target(of: rows[list.selected]) else { return nil }
        return model.tree.retained[Int(t)]
    }

    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "open"), KeyHelp("p", "paths"), KeyHelp("d", "in tree")]
            + (contentsLine != nil ? [KeyHelp("c", "contents")] : []) + [KeyHelp("q", "back")]
    }

    package var keyHelp: [KeyHelp] {
        let w = model.words
        guard w.countsMeaningful else {
            return [KeyHelp("Enter → l o", "open the \(w.node) the selected row names (a sub-\(w.node) or the parent)"),
                    KeyHelp("p", "the path from the top to this \(w.node)"),
                    KeyHelp("d", "show this \(w.node) in the Dominators tab's tree"),
                    KeyHelp("c", "nothing to list: \(w.nodes) hold no entries"),
                    KeyHelp("Enter on \"more\"", "list \(ObjectPage.batch) more rows"),
                    KeyHelp("/  n N", "find a detail or a \(w.node)")]
        }
        return [KeyHelp("Enter → l o", "open the object the selected row refers to"),
         KeyHelp("p", "shortest paths from GC roots to this object"),
         KeyHelp("d", "show this object in the dominator tree"),
         KeyHelp("c", "list the entries of this collection (or of the selected one)"),
         KeyHelp("Enter on \"more\"", "list \(ObjectPage.batch) more fields or references"),
         KeyHelp("/  n N", "find a field, class or value")]
            + (model.hasDistances ? [KeyHelp("s", "sort the retainers by distance, nearest to the global object first "
                                             + "(DevTools' Retainers order), or back in the dump's order")] : [])
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < rows.count, let t = target(of: rows[list.selected]) else {
            return ObjectPage.summary(node, model, ctx.glyphs)
        }
        return ObjectPage.summary(t, model, ctx.glyphs)
    }

    override package var rowCount: Int { rows.count }

    override package func isSelectable(_ i: Int) -> Bool {
        switch rows[i] {
        case .more, .contents: return true
        default: return target(of: rows[i]) != nil
        }
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        switch rows[i] {
        case .field(let f): return f.name + " " + f.type + " " + f.value
        case .reference(let name, let t, _): return name + " " + model.describe(t)
        case .contents(let s): return "contents " + s
        case .outgoing(let raw):
            return (model.details.referenceName(from: node, to: Edge.target(raw)) ?? "") + " "
                + model.describe(Edge.target(raw))
        case .incoming(let raw, _):
            return (model.details.referenceName(from: Edge.target(raw), to: node) ?? "") + " "
                + model.describe(Edge.target(raw))
        case .dominator(let n): return model.describe(n)
        default: return ""
        }
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let w = p.canvas.width
        let nameWidth = min(max(w / 4, 12), 28)
        let sizeStart = w - 10
        switch rows[i] {
        case .text(let s, let role):
            p.put(" " + s, x: 0, role: role)
        case .heading(let s):
            p.put(" " + s, x: 0, role: .section)
        case .dominator(let n):
            p.put(model.words.countsMeaningful ? "  dominated by" : "  parent", x: 0, role: .dim)
            ObjectLabel.paint(n, p, x: 16, limit: sizeStart - 1, ctx)
            if n != HeapGraph.superRoot {
                p.putRight(Format.bytes(model.tree.retained[Int(n)]), right: w - 1, role: .size)
            }
        case .field(let f):
            var x = p.put("  " + Format.clipLeft(f.name, width: nameWidth - 2, ellipsis: ctx.glyphs.ellipsis),
                          x: 0, role: .normal)
            x = max(x, nameWidth)
            if let t = f.target {
                x = p.put(ctx.glyphs.ascii ? " -> " : " → ", x: x, role: .dim)
                if f.value.isEmpty {
                    ObjectLabel.paint(t, p, x: x, limit: sizeStart - 1, ctx)
                } else {
                    p.put(f.value, x: x, role: .normal, limit: sizeStart - 1)
                }
                p.putRight(Format.bytes(model.tree.retained[Int(t)]), right: w - 1, role: .size)
            } else {
                x = p.put(" " + Format.clipRight(f.type, width: 10, ellipsis: ctx.glyphs.ellipsis), x: x, role: .dim)
                x = max(x, nameWidth + 12)
                p.put(f.value, x: x, role: .normal)
            }
        case .contents(let text):
            p.put("  contents", x: 0, role: .dim)
            let dot = text.split(separator: " · ", omittingEmptySubsequences: false).joined(separator: ctx.glyphs.dot)
            p.put(dot, x: nameWidth, role: .normal, limit: w - 1)
        case .reference(let name, let t, let weak):
            ObjectRows.paintReference(name: name, target: t, incoming: false, weak: weak, count: 1, p, ctx,
                                      nameWidth: nameWidth)
        case .outgoing(let raw):
            let other = Edge.target(raw)
            ObjectRows.paintReference(name: model.details.referenceName(from: node, to: other) ?? "?", target: other,
                                      incoming: false, weak: Edge.isWeak(raw), count: 1, p, ctx, nameWidth: nameWidth)
        case .incoming(let raw, let count):
            let other = Edge.target(raw)
            ObjectRows.paintReference(name: model.details.referenceName(from: other, to: node) ?? "?", target: other,
                                      incoming: true, weak: Edge.isWeak(raw), count: count, p, ctx,
                                      nameWidth: nameWidth)
        case .more(_, let n):
            p.put("  \(ctx.glyphs.more) \(Format.count(n)) more (Enter shows \(min(n, ObjectPage.batch)) more)",
                  x: 0, role: .dim)
        }
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard list.selected < rows.count else { return .handled }
            if case .more(let section, _) = rows[list.selected] {
                limits[section]! += ObjectPage.batch
                let keep = list.selected
                rebuild()
                list.count = rows.count
                list.select(keep)
                return .handled
            }
            if case .contents = rows[list.selected] { return CollectionPage.open(node, model) }
            guard let t = target(of: rows[list.selected]) else { return .handled }
            if t == HeapGraph.superRoot { return .message("the GC roots are listed at the top of the dominator tree") }
            return .push(ObjectPage(node: t, model: model))
        case .char("p"):
            return .push(PathsPage(node: node, model: model))
        case .char("d"):
            return .reveal(node)
        case .char("s") where model.hasDistances:
            return toggleRetainersByDistance()
        case .char("c"):
            // The selected row's object when it is a collection, else this object.
            if list.selected < rows.count, let t = target(of: rows[list.selected]), t != HeapGraph.superRoot,
               CollectionContents.kind(of: t, in: model.index) != nil {
                return CollectionPage.open(t, model)
            }
            return CollectionPage.open(node, model)
        case .char("o"):
            guard list.selected < rows.count, let t = target(of: rows[list.selected]),
                  t != HeapGraph.superRoot else { return .handled }
            return .push(ObjectPage(node: t, model: model))
        default:
            return .unhandled
        }
    }
}
