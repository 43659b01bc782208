import HeapGraph

/// The name column of an object row: class (package dimmed), id, a GC-root marker and the preview.
enum ObjectLabel {
    @discardableResult
    static func paint(_ node: UInt32, _ p: RowPainter, x: Int, limit: Int, _ ctx: PageContext) -> Int {
        let model = ctx.model
        if node == HeapGraph.superRoot {
            return p.put("GC roots", x: x, role: .section, limit: limit)
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
        if !preview.isEmpty { col = p.put(" " + preview, x: col, role: .dim, limit: limit) }
        return col
    }
}
