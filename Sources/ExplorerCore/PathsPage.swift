import HeapGraph

/// Why an object is alive: the shortest paths from GC roots to it (weak references excluded), merged into one tree
/// as MAT shows them. The object is at the top; below each entry are the objects that reference it, and every leaf is
/// a GC root with its kind.
package final class PathsPage: ListPage, Page {
    struct Row {
        var node: UInt32
        var prefix: String
        /// The reference that leads from this row's object to its parent row's object.
        var field: String?
        /// A note row under a GC root naming why it is a root (not selectable).
        var rootNote: String?
        /// Paths through this row's object (merged trees).
        var paths = 0

        /// What `/` matches: the root note, or the field and the object.
        func searchText(_ model: ExplorerModel) -> String { rootNote ?? ((field ?? "") + " " + model.describe(node)) }

        /// The tree prefix, then the root note, or `field in object` ending before `labelEnd`. Returns false for a
        /// note row (it has no size columns).
        func paintStep(_ p: RowPainter, labelEnd: Int, _ ctx: PageContext) -> Bool {
            var x = p.put(" " + prefix, x: 0, role: .border)
            if let rootNote {
                p.put(rootNote, x: x, role: .gcRoot, limit: p.canvas.width - 1)
                return false
            }
            if let field {
                x = p.put(field, x: x, role: .normal, limit: labelEnd - 1)
                x = p.put(" in ", x: x, role: .dim, limit: labelEnd - 1)
            }
            ObjectLabel.paint(node, p, x: x, limit: labelEnd - 1, ctx)
            return true
        }
    }

    package let node: UInt32
    let model: ExplorerModel
    package private(set) var maxPaths: Int
    var rows: [Row] = []
    var pathCount = 0
    var searchedCount = 0

    package init(node: UInt32, model: ExplorerModel, maxPaths: Int = 10) {
        self.node = node
        self.model = model
        self.maxPaths = maxPaths
        super.init()
        compute(glyphs: Glyphs(ascii: false))
    }

    /// Builds the rows (with tree lines drawn in `glyphs`) by an iterative walk of the merged tree.
    func compute(glyphs: Glyphs) {
        // RootPaths stops at the first GC root on each path, so every path found is shown.
        let paths = model.rootPaths(to: node, max: maxPaths)
        searchedCount = paths.count
        pathCount = paths.count
        let words = model.words
        rows = PathsPage.treeRows(RootPaths.merged(paths), model: model, glyphs: glyphs) { _, n in
            model.rootSummary(n).map { words.roots == nil ? " top" : " GC root: " + $0 }
        }
        if rows.isEmpty { rows = [Row(node: node, prefix: "", field: nil)] }
    }

    /// The rows of a merged tree (tree lines drawn in `glyphs`) by an iterative walk, each leaf followed by a note
    /// row saying what holds it (`leafNote` of the entry and its object, after the root marker) when it has one. Empty
    /// for an empty tree. `leafField`: the name of a leaf entry's reference to the next object when it is not the
    /// first one the dump names (one of a class's statics that refer to one object, a class's static that refers to
    /// its own loader beside the `<classloader>` link).
    static func treeRows(_ tree: RootPaths.MergedTree, model: ExplorerModel, glyphs: Glyphs,
                         leafField: (Int) -> String? = { _ in nil },
                         leafNote: (Int, UInt32) -> String?) -> [Row] {
        var rows: [Row] = []
        guard !tree.nodes.isEmpty else { return rows }
        // Stack of (entry, its own prefix, the prefix for its children, parent entry).
        var stack: [(entry: Int, ownPrefix: String, childPrefix: String, parent: Int)] = [(0, "", "", -1)]
        while let top = stack.popLast() {
            let n = tree.nodes[top.entry]
            var field: String?
            if top.parent >= 0 {
                let next = tree.nodes[top.parent]
                field = (tree.children[top.entry].isEmpty ? leafField(top.entry) : nil)
                    ?? model.details.referenceName(from: n, to: next)
            }
            rows.append(Row(node: n, prefix: top.ownPrefix, field: field, paths: tree.pathCount[top.entry]))
            let kids = tree.children[top.entry]
            if kids.isEmpty, let note = leafNote(top.entry, n) {
                rows.append(Row(node: n, prefix: top.childPrefix + glyphs.treeLast, field: nil,
                                rootNote: glyphs.rootMarker + note))
            }
            // Tree lines go at most `maxDepth` levels deep (each level is 3 columns): deeper rows keep the innermost
            // levels, so a path through a chain of 100,000 objects costs linear memory, not 100,000² / 2 characters.
            let inherited = top.childPrefix.count > 3 * PathsPage.maxDepth
                ? String(top.childPrefix.dropFirst(3)) : top.childPrefix
            for (k, child) in kids.enumerated().reversed() {
                let last = k == kids.count - 1
                stack.append((child, inherited + (last ? glyphs.treeLast : glyphs.treeBranch),
                              inherited + (last ? glyphs.treeBlank : glyphs.treePipe), top.entry))
            }
        }
        return rows
    }

    var glyphsUsed: Glyphs?
    /// Levels of tree lines drawn before deeper rows stop moving right.
    static let maxDepth = 40

    // MARK: Page

    package var title: String { "Paths to " + model.idString(node) }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? {
        list.selected < rows.count && rows[list.selected].rootNote == nil
            ? model.tree.retained[Int(rows[list.selected].node)] : nil
    }

    package var hints: [KeyHelp] {
        [KeyHelp("⏎", model.words.node), KeyHelp("m", "more paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }

    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected object"),
         KeyHelp("m", "find more paths (twice as many)"),
         KeyHelp("d", "show the selected object in the dominator tree"),
         KeyHelp("/  n N", "find a class, field or id on the paths")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < rows.count else { return nil }
        return ObjectPage.summary(rows[list.selected].node, model, ctx.glyphs)
    }

    override package var rowCount: Int { rows.count }

    override package func isSelectable(_ i: Int) -> Bool { rows[i].rootNote == nil }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let text: String
        if pathCount == 0 {
            text = " No path from a GC root: the object is unreachable (only weak references or none lead to it)."
        } else if rows.count == 2 && rows[1].rootNote != nil {
            text = " The object is itself a GC root."
        } else {
            let more = searchedCount == maxPaths ? " (m: more)" : ""
            // HANA: the allocator's one path from the top of the tree (no roots, no weak references).
            text = model.words.roots == nil ? " The path from the top of the \(model.words.node) tree"
                : " \(Format.plural(pathCount, "shortest path")) from GC roots, weak references excluded\(more)"
        }
        canvas.put(text, x: 0, y: 0, role: .section)
        return 1
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String { rows[i].searchText(model) }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let r = rows[i], w = p.canvas.width
        guard r.paintStep(p, labelEnd: w - 10, ctx) else { return }
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
        case .char("m"):
            guard searchedCount == maxPaths else { return .message("all shortest paths are shown") }
            maxPaths *= 2
            compute(glyphs: ctx.glyphs)
            return .handled
        default:
            return .unhandled
        }
    }
}
