import HeapAnalysis
import HeapGraph

/// The name column of an object row: class (package dimmed), id, a GC-root marker and the preview.
enum ObjectLabel {
    @discardableResult
    static func paint(_ node: UInt32, _ p: RowPainter, x: Int, limit: Int, _ ctx: PageContext) -> Int {
        let model = ctx.model
        if node == HeapGraph.superRoot {
            return p.put(model.words.roots ?? "the top", x: x, role: .section, limit: limit)
        }
        var col = x
        if model.graph.isRoot(node) {
            col = p.put(ctx.glyphs.rootMarker + " ", x: col, role: .gcRoot, limit: limit)
        }
        let cls = model.className(node)
        let id = model.idString(node)
        let preview = model.details.preview(node) ?? ""
        // Keep the id visible: the class name is clipped first.
        let idText = id.isEmpty || id == cls ? "" : " " + id
        let reserve = min(TextWidth.of(idText), max(limit - col - 12, 0))
        col = p.putClassName(cls, x: col, limit: limit - reserve, glyphs: ctx.glyphs)
        if !idText.isEmpty { col = p.put(idText, x: col, role: .dim, limit: limit) }
        // A name that fills the row keeps its last cell (a preview there would mark the name as cut).
        if !preview.isEmpty, col < limit { col = p.put(" " + preview, x: col, role: .dim, limit: limit) }
        return col
    }
}

/// The reference and retainer rows of the Object screen: each reference once, each retainer once with a count.
enum ObjectRows {
    /// The references of `node`: its reference fields in field order (a field naming the same object twice is one
    /// row), then, when the fields were read in full, the graph's references no field names.
    static func references(of node: UInt32, fields: [FieldValue], complete: Bool, graph: HeapGraph)
        -> [ObjectPage.Row] {
        let succ = graph.successors(node)
        var weak = Set<UInt32>()
        if succ.count <= 100_000 {
            for raw in succ where Edge.isWeak(raw) { weak.insert(Edge.target(raw)) }
        }
        var rows: [ObjectPage.Row] = []
        var named: [UInt32: Int] = [:]  // target -> how many fields name it
        var seen = Set<String>()
        for f in fields {
            guard let t = f.target else { continue }
            named[t, default: 0] += 1
            guard seen.insert(f.name + "\u{0}" + String(t)).inserted else { continue }
            rows.append(.reference(name: f.name, target: t, weak: weak.contains(t)))
        }
        guard complete else { return rows }
        for raw in succ {
            let t = Edge.target(raw)
            if let n = named[t], n > 0 {
                named[t] = n - 1
                continue
            }
            rows.append(.outgoing(raw))
        }
        return rows
    }

    /// The retainers of `node` (the super-root left out), each once, with the number of references it holds. The
    /// graph builds the incoming edges source by source, so a retainer's references are adjacent: one linear pass,
    /// no table (a class object can have millions of retainers).
    static func retainers(of node: UInt32, graph: HeapGraph) -> [ObjectPage.Row] {
        var rows: [ObjectPage.Row] = []
        var lastSource = HeapGraph.superRoot
        for raw in graph.predecessors(node) {
            let src = Edge.target(raw)
            if src == HeapGraph.superRoot { continue }
            if src == lastSource, case .incoming(let first, let c)? = rows.last {
                rows[rows.count - 1] = .incoming(first, count: c + 1)
            } else {
                rows.append(.incoming(raw, count: 1))
                lastSource = src
            }
        }
        return rows
    }

    /// `3 entries · capacity 16 · 18.8% full` for a collection (Enter lists them), nil for other objects. Reads
    /// only the start of a Java collection; V8 collections and arrays are read when opened.
    static func contentsLine(_ node: UInt32, _ model: ExplorerModel) -> String? {
        guard node != HeapGraph.superRoot, let kind = CollectionContents.kind(of: node, in: model.index) else {
            return nil
        }
        switch kind {
        case .objectArray, .jsArray, .jsMap, .jsSet, .jsWeakMap, .jsWeakSet:
            return "Enter or c lists the " + (kind.isMap || kind.isSet ? "entries" : "elements")
        default:
            guard let c = CollectionContents.read(node, in: model.index, limit: 0) else { return nil }
            return CollectionPage.summary(c) + " (Enter lists them)"
        }
    }

    /// `  name       → Class id "preview"           12 KiB` (incoming: `←`, and `×3` after the name).
    static func paintReference(name: String, target: UInt32, incoming: Bool, weak: Bool, count: Int,
                               _ p: RowPainter, _ ctx: PageContext, nameWidth: Int) {
        let w = p.canvas.width
        let sizeStart = w - 10
        var label = name
        if weak { label = ctx.glyphs.weakMarker + label }
        let times = count > 1 ? " ×\(Format.count(count))" : ""
        let shown = Format.clipLeft(label, width: max(nameWidth - 2 - times.count, 4), ellipsis: ctx.glyphs.ellipsis)
        var x = p.put("  " + shown, x: 0, role: weak ? .dim : .normal)
        if !times.isEmpty { x = p.put(ctx.glyphs.ascii ? " x\(Format.count(count))" : times, x: x, role: .warning) }
        x = max(x, nameWidth)
        let arrow = incoming ? (ctx.glyphs.ascii ? " <- " : " ← ") : (ctx.glyphs.ascii ? " -> " : " → ")
        x = p.put(arrow, x: x, role: .dim)
        // DevTools' Retainers view shows each retainer's distance before its sizes.
        let distance = incoming && ctx.model.hasDistances && target != HeapGraph.superRoot
        ObjectLabel.paint(target, p, x: x, limit: sizeStart - (distance ? 8 : 1), ctx)
        if distance {
            p.putRight(DistanceColumn.text(ctx.model.distance(target), ctx.glyphs), right: sizeStart - 1, role: .dim)
        }
        if target != HeapGraph.superRoot {
            p.putRight(Format.bytes(ctx.model.tree.retained[Int(target)]), right: w - 1, role: .size)
        }
    }
}
