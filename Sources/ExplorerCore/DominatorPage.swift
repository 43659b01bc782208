import HeapGraph

/// The dominator tree, ncdu-style: the children of one node biggest first with bar and percent of the parent, a
/// breadcrumb of the path, Enter/→/l to go in and ←/h/Backspace to come out. Only the top children are selected
/// (partial sort); the rest come on demand.
package final class DominatorPage: ListPage, Page, NodeRevealing {
    struct Level {
        var node: UInt32
        var children: [UInt32]
        var limit: Int
        var list: ListState
        /// The children grouped by class, while grouping is on (`C`).
        var groups: ClassGroups? = nil
        /// The search texts of the rows searched so far (`searchText`).
        var texts: [UInt32: String] = [:]
        /// Whether the children are listed by distance (`s`, DominatorPage+Distance).
        var byDistance = false
    }

    package static let firstBatch = 1000
    var levels: [Level] = []
    let model: ExplorerModel
    /// Whether children are grouped by class (`C`, `DominatorPage+Groups`).
    package internal(set) var grouped = false
    /// While grouped: by class loader (`L`) instead of by class (`C`).
    package internal(set) var byLoader = false
    /// The children nearest to the global object first (`s`, V8), else biggest retained first.
    package internal(set) var byDistance = false
    /// Comparisons (Dominators (new)): the change of a node's retained size since OLD (nil: no column).
    package var retainedChange: ((UInt32) -> Int64?)?
    /// The class groups of the last level with many children, built in the background for `C`.
    var groupsJob: ClassGroupsJob?

    package init(model: ExplorerModel) {
        self.model = model
        super.init()
        levels = [makeLevel(HeapGraph.superRoot, limit: DominatorPage.firstBatch)]
        list = levels[0].list
    }

    func makeLevel(_ node: UInt32, limit: Int) -> Level {
        let kids = orderedChildren(of: node, limit: limit)
        var l = ListState(count: kids.count)
        l.count = kids.count + (model.tree.childCount(node) > kids.count ? 1 : 0)
        var level = Level(node: node, children: kids, limit: limit, list: l, byDistance: byDistance)
        if model.words.countsMeaningful, model.tree.childCount(node) >= ClassGroupsJob.threshold,
           groupsJob?.node != node {
            groupsJob = ClassGroupsJob(node: node, graph: model.graph, tree: model.tree)
        }
        if grouped {
            level.groups = makeGroups(node)
            level.list = ListState(count: level.groups?.rows.count ?? 0)
        }
        return level
    }

    var current: Level { levels[levels.count - 1] }
    /// The node whose children are listed.
    package var currentNode: UInt32 { current.node }
    package var path: [UInt32] { levels.map(\.node) }

    package var selectedNode: UInt32? {
        if grouped {
            if case .member(_, let n)? = groupRow { return n }
            return nil
        }
        let i = list.selected
        return i < current.children.count ? current.children[i] : nil
    }

    var hiddenCount: Int { model.tree.childCount(current.node) - current.children.count }

    // MARK: Page

    package var title: String { "Dominators" }
    package var crumbs: [String] {
        levels.dropFirst().map { lvl in
            let cls = model.className(lvl.node)
            let id = model.idString(lvl.node)
            return id.isEmpty || id == cls ? cls : cls + " " + id
        }
    }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selectedNode.map { model.tree.retained[Int($0)] } }

    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "in"), KeyHelp("⌫", "out"), KeyHelp("o", model.words.node), KeyHelp("p", "paths")]
            + (model.words.countsMeaningful ? [KeyHelp("C", grouped && !byLoader ? "ungroup" : "by class")] : [])
    }

    package var keyHelp: [KeyHelp] {
        let node = model.words.node
        return [KeyHelp("Enter → l", "go into the selected \(node) (list what it keeps alive)"),
         KeyHelp("← h Backspace q", "go back out to the parent"),
         KeyHelp("Enter on \"more\"", "show the next \(DominatorPage.firstBatch) children"),
         KeyHelp("o", "open the selected \(node)" + (model.words.countsMeaningful ? " (fields, references, retainers)" : "")),
         KeyHelp("p", "shortest paths from \(model.words.roots ?? "the top") to the selected \(node)"),
         KeyHelp("/  n N", model.words.countsMeaningful ? "find a class, id or value among the listed children"
                                                        : "find a name among the listed sub-\(node)s"),
         model.words.countsMeaningful
            ? KeyHelp("C", "group the children by class (count, retained together; Enter lists a group's objects) and back")
            : KeyHelp("c C L i", "Java and V8 views (contents, groups, immediate dominators): not for \(model.words.nodes)")]
            + (model.words.countsMeaningful
               ? [KeyHelp("c", "list the contents of the selected collection"),
                  KeyHelp("L", "group the children by the class loader of their classes (MAT's group by class loader) and back"),
                  KeyHelp("i", "immediate dominators of the selected object's class (who keeps its instances alive)")]
               : [])
            + (model.hasDistances ? [KeyHelp("s", "sort the children by distance, nearest to the global object first "
                                              + "(DevTools' order; ties biggest retained first), or back by retained size")] : [])
            + (retainedChange == nil ? [] : [KeyHelp("Δ old", "retained size now minus the same object's in OLD "
                                                     + "(matched by id); an object OLD did not have counts whole")])
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        if grouped { return groupDetailLine(ctx) }
        guard let n = selectedNode else {
            if hiddenCount > 0 { return "\(Format.count(hiddenCount)) more children not listed yet" }
            return nil
        }
        return ObjectPage.summary(n, model, ctx.glyphs)
    }

    override package var rowCount: Int {
        if let g = current.groups { return g.rows.count }
        return current.children.count + (hiddenCount > 0 ? 1 : 0)
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        var name = grouped ? "Objects \(ctx.glyphs.ascii ? "x" : "×") " + (byLoader ? "class loader" : "class")
            : model.words.nodeTitle
        if !grouped {
            let start = SizeColumns(width: width).nameStart + (retainedChange != nil ? 12 : 0)
            name = DistanceColumn.heading(name, model, width: width, nameStart: start, mark: distanceMark(ctx.glyphs))
        }
        guard retainedChange != nil else {
            return SizeColumns(width: width).heading(name, percentOf: "% parent", words: model.words)
        }
        return SizeColumns(width: width).heading(Format.padLeft(ctx.glyphs.ascii ? "+- old" : "Δ old", 10) + "  " + name,
                                                 percentOf: "% parent", words: model.words)
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        if grouped { drawGroupRow(i, p, ctx); return }
        let cols = SizeColumns(width: p.canvas.width)
        let parentRetained = model.tree.retained[Int(current.node)]
        if i >= current.children.count {
            var shown: UInt64 = 0
            for c in current.children { shown &+= model.tree.retained[Int(c)] }
            let own = current.node == HeapGraph.superRoot ? 0 : model.graph.shallowSize(current.node)
            let rest = parentRetained &- own &- shown
            let text = "\(ctx.glyphs.more) \(Format.count(hiddenCount)) more children, \(Format.bytes(rest)) together"
                + " (Enter shows \(Format.count(min(hiddenCount, DominatorPage.firstBatch))) more)"
            p.put(text, x: cols.barStart, role: .dim)
            return
        }
        let node = current.children[i]
        var x = cols.paint(p, retained: model.tree.retained[Int(node)], of: parentRetained,
                           shallow: model.graph.shallowSize(node), glyphs: ctx.glyphs)
        if let change = retainedChange {
            if let d = change(node) { p.putRight(Signed.bytes(d, ctx.glyphs), right: x + 10, role: Signed.role(d)) }
            x += 12
        }
        ObjectLabel.paint(node, p, x: DistanceColumn.paint(node, p, x: x, model, ctx.glyphs), limit: p.canvas.width, ctx)
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        if grouped { return groupSearchText(i) }
        guard i < current.children.count else { return "" }
        // Each keystroke of `/` searches the listed rows again: their texts are made once per level.
        let n = current.children[i]
        if let t = current.texts[n] { return t }
        let t = model.describe(n)
        levels[levels.count - 1].texts[n] = t
        return t
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        renderList(canvas, ctx)
        levels[levels.count - 1].list = list
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { levels[levels.count - 1].list = list; return .handled }
        if let action = handleGroupKey(key) { return action }
        switch key {
        case .char("s") where model.hasDistances:
            return toggleDistanceSort()
        case .char("C"):
            guard model.words.countsMeaningful else { return .message("no classes to group by in this dump") }
            return toggleGroups()
        case .char("L"):
            return toggleGroups(byLoader: true)
        case .enter, .right, .char("l"):
            if !grouped && list.selected >= current.children.count {
                showMore()
                return .handled
            }
            guard let node = selectedNode else { return .handled }
            guard model.tree.childCount(node) > 0 else {
                return .message("\(model.className(node)) keeps nothing else alive (o opens it, p shows its paths)")
            }
            enter(node)
            return .handled
        case .left, .char("h"), .backspace, .char("q"), .escape:
            guard levels.count > 1 else { return .unhandled }
            levels.removeLast()
            levels[levels.count - 1] = relisted(current)
            list = current.list
            return .handled
        case .char("o"):
            guard let node = selectedNode else { return .handled }
            return .push(ObjectPage(node: node, model: model))
        case .char("p"):
            guard let node = selectedNode else { return .handled }
            return .push(PathsPage(node: node, model: model))
        case .char("c"): return CollectionPage.open(selectedNode, model)
        case .char("i"):
            guard let cls = selectedClass else { return .message("select an object or a class: i lists who keeps its instances alive") }
            return ImmediateDominatorsPage.open(cls, model)
        default:
            return .unhandled
        }
    }

    func enter(_ node: UInt32) {
        levels[levels.count - 1].list = list
        levels.append(makeLevel(node, limit: DominatorPage.firstBatch))
        list = current.list
    }

    func showMore() {
        let keep = list
        let lvl = makeLevel(current.node, limit: current.limit + DominatorPage.firstBatch)
        levels[levels.count - 1] = lvl
        list = lvl.list
        list.top = keep.top
        list.visible = keep.visible
        list.select(keep.selected)
        levels[levels.count - 1].list = list
    }

    /// Opens the tree at `node`'s parent with `node` selected (loading more children of a level when needed).
    package func reveal(_ node: UInt32, _ ctx: PageContext) {
        let chain = model.tree.chain(to: node)
        guard !chain.isEmpty else { return }
        if grouped { _ = toggleGroups(byLoader: byLoader) }
        // Levels already open on the way to `node` are kept (no new partial sort of a huge level).
        var newLevels = [relisted(levels[0])]
        for (depth, v) in chain.enumerated() {
            var lvl = newLevels[depth]
            if !lvl.children.contains(v) {
                let rank = siblingsBefore(v, parent: lvl.node)
                lvl = makeLevel(lvl.node, limit: rank + DominatorPage.firstBatch)
            }
            if let i = lvl.children.firstIndex(of: v) { lvl.list.select(i) }
            newLevels[depth] = lvl
            if depth < chain.count - 1 {
                let reuse = depth + 1 < levels.count && levels[depth + 1].node == v
                    && levels[depth + 1].byDistance == byDistance
                newLevels.append(reuse ? levels[depth + 1] : makeLevel(v, limit: DominatorPage.firstBatch))
            }
        }
        levels = newLevels
        list = current.list
    }

    /// How many children of `parent` sort before `node` (one pass, no sort).
    func siblingsBefore(_ node: UInt32, parent: UInt32) -> Int {
        let t = model.tree
        if byDistance, let order = DistanceOrder(model) {
            var n = 0
            for k in Int(t.childStart[Int(parent)])..<Int(t.childStart[Int(parent) + 1])
            where order.before(t.childList[k], node) { n += 1 }
            return n
        }
        let r = t.retained[Int(node)]
        var n = 0
        for k in Int(t.childStart[Int(parent)])..<Int(t.childStart[Int(parent) + 1]) {
            let c = t.childList[k]
            let rc = t.retained[Int(c)]
            if rc > r || (rc == r && c < node) { n += 1 }
        }
        return n
    }

    override package func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext) -> Bool {
        let found = find(matcher, from: list.selected, forward: true, ctx)
        levels[levels.count - 1].list = list
        return found
    }

    override package func findNext(forward: Bool, _ ctx: PageContext) -> Bool {
        let found = find(matcher, from: list.selected + (forward ? 1 : -1), forward: forward, ctx)
        levels[levels.count - 1].list = list
        return found
    }
}
