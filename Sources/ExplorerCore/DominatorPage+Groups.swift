import DumpReports
import HeapGraph

/// The children of one dominator-tree node grouped by class (`C`, as MAT's "group by class" of the dominator tree):
/// one row per class with the number of objects and what they retain together (siblings in the dominator tree never
/// overlap, so the sum is exact); Enter opens a group into its objects, biggest first. With `loaders` (`L`, MAT's
/// "group by class loader") one row per class loader of the objects' classes instead.
struct ClassGroups {
    struct Group {
        /// The class, or (by loader) the loader's number in the order first met.
        var classIndex: UInt32
        /// The class loader's label when grouped by loader.
        var label: String? = nil
        var retained: UInt64 = 0
        var shallow: UInt64 = 0
        var members: [UInt32] = []
        /// The members listed when open (the biggest `limit`).
        var shown: [UInt32] = []
        var limit = DominatorPage.firstBatch
    }

    enum Row: Equatable {
        case group(Int)
        case member(Int, UInt32)
        /// "n more" under an open group.
        case more(Int)
    }

    var groups: [Group] = []
    var open: Set<Int> = []
    private(set) var rows: [Row] = []

    /// `loaders`: per class index its loader's label (group by loader), or nil (group by class).
    init(node: UInt32, graph: HeapGraph, tree: DominatorTree, loaders: [String]? = nil) {
        var at: [UInt32: Int] = [:]
        var loaderNumber: [String: UInt32] = [:]
        for k in Int(tree.childStart[Int(node)])..<Int(tree.childStart[Int(node) + 1]) {
            let c = tree.childList[k]
            var cls = graph.classOf[Int(c)]
            var label: String?
            if let loaders {
                let l = Int(cls) < loaders.count ? loaders[Int(cls)] : "<bootstrap>"
                label = l
                if let known = loaderNumber[l] { cls = known } else {
                    cls = UInt32(loaderNumber.count)
                    loaderNumber[l] = cls
                }
            }
            let i: Int
            if let hit = at[cls] { i = hit } else {
                i = groups.count
                at[cls] = i
                groups.append(Group(classIndex: cls, label: label))
            }
            groups[i].retained &+= tree.retained[Int(c)]
            groups[i].shallow &+= graph.shallowSize(c)
            groups[i].members.append(c)
        }
        groups.sort { $0.retained != $1.retained ? $0.retained > $1.retained : $0.classIndex < $1.classIndex }
        rebuild()
    }

    mutating func toggle(_ g: Int, tree: DominatorTree) {
        if open.contains(g) {
            open.remove(g)
        } else {
            open.insert(g)
            if groups[g].shown.isEmpty { fill(g, tree: tree) }
        }
        rebuild()
    }

    mutating func showMore(_ g: Int, tree: DominatorTree) {
        groups[g].limit += DominatorPage.firstBatch
        fill(g, tree: tree)
        rebuild()
    }

    private mutating func fill(_ g: Int, tree: DominatorTree) {
        groups[g].shown = TopK.select(groups[g].members, limit: groups[g].limit) { a, b in
            let ra = tree.retained[Int(a)], rb = tree.retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
    }

    private mutating func rebuild() {
        rows = []
        for (g, group) in groups.enumerated() {
            rows.append(.group(g))
            guard open.contains(g) else { continue }
            for m in group.shown { rows.append(.member(g, m)) }
            if group.shown.count < group.members.count { rows.append(.more(g)) }
        }
    }
}

extension DominatorPage {
    /// `C`: groups the listed children by class, `L` by class loader, or (the same key again) lists them one by one.
    func toggleGroups(byLoader loaders: Bool = false) -> PageAction {
        if loaders && loaderLabels == nil { return .message("no class loaders in this dump: L groups Java objects") }
        if grouped && byLoader == loaders { grouped = false } else { grouped = true; byLoader = loaders }
        for i in levels.indices { levels[i].groups = nil; levels[i].list = ListState(count: 0) }
        if grouped { levels[levels.count - 1].groups = makeGroups(current.node) }
        list = ListState(count: rowCount)
        levels[levels.count - 1].list = list
        guard grouped else { return .message("one row per object") }
        return .message(byLoader ? "grouped by class loader: one row per loader, Enter lists its objects"
                                 : "grouped by class: one row per class, Enter lists its objects")
    }

    func makeGroups(_ node: UInt32) -> ClassGroups {
        ClassGroups(node: node, graph: model.graph, tree: model.tree, loaders: byLoader ? loaderLabels : nil)
    }

    /// Each class's defining loader (HPROF), nil for formats without loaders.
    var loaderLabels: [String]? {
        model.packageTrees.loaders ?? model.dump.flatMap(LoaderLabels.of)
    }

    var groupRow: ClassGroups.Row? {
        guard let g = current.groups, list.selected < g.rows.count else { return nil }
        return g.rows[list.selected]
    }

    /// Keys of the grouped list; nil for keys handled as in the plain list.
    func handleGroupKey(_ key: Key) -> PageAction? {
        guard grouped, let row = groupRow else { return nil }
        let tree = model.tree
        switch (key, row) {
        case (.enter, .group(let g)), (.right, .group(let g)), (.char("l"), .group(let g)):
            if key != .enter, current.groups?.open.contains(g) == true { list.move(1); break }
            levels[levels.count - 1].groups?.toggle(g, tree: tree)
        case (.enter, .more(let g)), (.right, .more(let g)), (.char("l"), .more(let g)):
            levels[levels.count - 1].groups?.showMore(g, tree: tree)
        case (.left, .member(let g, _)), (.char("h"), .member(let g, _)):
            levels[levels.count - 1].groups?.toggle(g, tree: tree)
            if let i = current.groups?.rows.firstIndex(of: .group(g)) { list.count = rowCount; list.select(i) }
        case (.left, .group(let g)) where current.groups?.open.contains(g) == true,
             (.char("h"), .group(let g)) where current.groups?.open.contains(g) == true:
            levels[levels.count - 1].groups?.toggle(g, tree: tree)
        default:
            return nil
        }
        list.count = rowCount
        levels[levels.count - 1].list = list
        return .handled
    }

    func drawGroupRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        guard let groups = current.groups, i < groups.rows.count else { return }
        let cols = SizeColumns(width: p.canvas.width)
        let parentRetained = model.tree.retained[Int(current.node)]
        switch groups.rows[i] {
        case .group(let g):
            let group = groups.groups[g]
            let x = cols.paint(p, retained: group.retained, of: parentRetained, shallow: group.shallow,
                               glyphs: ctx.glyphs)
            let open = groups.open.contains(g)
            let mark = ctx.glyphs.ascii ? (open ? "- " : "+ ") : (open ? "▾ " : "▸ ")
            let x2 = p.put(mark + Format.count(group.members.count) + (ctx.glyphs.ascii ? " x " : " × "), x: x, role: .dim, limit: p.canvas.width)
            p.putClassName(group.label ?? model.graph.classes[group.classIndex], x: x2, limit: p.canvas.width,
                           glyphs: ctx.glyphs)
        case .member(_, let n):
            let x = cols.paint(p, retained: model.tree.retained[Int(n)], of: parentRetained,
                               shallow: model.graph.shallowSize(n), glyphs: ctx.glyphs)
            ObjectLabel.paint(n, p, x: x + 4, limit: p.canvas.width, ctx)
        case .more(let g):
            let group = groups.groups[g]
            let hidden = group.members.count - group.shown.count
            p.put("\(ctx.glyphs.more) \(Format.count(hidden)) more (Enter shows "
                  + "\(Format.count(min(hidden, DominatorPage.firstBatch))) more)", x: cols.nameStart + 4, role: .dim)
        }
    }

    func groupSearchText(_ i: Int) -> String {
        guard let groups = current.groups, i < groups.rows.count else { return "" }
        switch groups.rows[i] {
        case .group(let g): return groups.groups[g].label ?? model.graph.classes[groups.groups[g].classIndex]
        case .member(_, let n): return model.describe(n)
        case .more: return ""
        }
    }

    func groupDetailLine(_ ctx: PageContext) -> String? {
        guard let groups = current.groups, let row = groupRow else { return nil }
        switch row {
        case .group(let g):
            let group = groups.groups[g]
            return (group.label.map { "loaded by " + $0 } ?? model.graph.classes[group.classIndex]) + ctx.glyphs.dot
                + Format.plural(group.members.count, "object")
                + " kept alive by this node" + ctx.glyphs.dot + "retaining " + Format.bytes(group.retained) + " together"
        case .member(_, let n): return ObjectPage.summary(n, model, ctx.glyphs)
        case .more: return nil
        }
    }
}
