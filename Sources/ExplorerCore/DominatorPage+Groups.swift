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
        /// The objects of the group, in tree order (a slice of one array shared by all groups).
        var members: ArraySlice<UInt32> = []
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

    /// A counting sort of the children by class (or, with `loaders`, by their class's loader): one pass sums each
    /// group's count and sizes (a group is found through an array indexed by class, no hashing per child), a second
    /// lays the children out group by group in one array that the groups share as slices (no array per group).
    /// `loaders`: per class index its loader's label (group by loader), or nil (group by class).
    init(node: UInt32, graph: HeapGraph, tree: DominatorTree, loaders: [String]? = nil) {
        let lo = Int(tree.childStart[Int(node)]), hi = Int(tree.childStart[Int(node) + 1])
        let n = max(hi - lo, 0)
        var slot = [Int32](repeating: -1, count: graph.classes.count)
        // By loader: each class's key is its loader's number, in the order the loaders are first met.
        var loaderKey = [Int32](repeating: -1, count: loaders == nil ? 0 : graph.classes.count)
        var loaderNumber: [String: Int32] = [:]
        var labels: [String] = []
        var groupOf = [Int32](repeating: 0, count: n)
        var classes: [UInt32] = [], counts: [Int] = [], retained: [UInt64] = [], shallow: [UInt64] = []
        for k in 0..<n {
            let c = tree.childList[lo + k]
            var cls = Int(graph.classOf[Int(c)])
            if let loaders {
                if cls >= loaderKey.count { loaderKey += [Int32](repeating: -1, count: cls + 1 - loaderKey.count) }
                if loaderKey[cls] < 0 {
                    let l = cls < loaders.count ? loaders[cls] : "<bootstrap>"
                    if let known = loaderNumber[l] { loaderKey[cls] = known } else {
                        loaderKey[cls] = Int32(labels.count)
                        loaderNumber[l] = Int32(labels.count)
                        labels.append(l)
                    }
                }
                cls = Int(loaderKey[cls])
            }
            if cls >= slot.count { slot += [Int32](repeating: -1, count: cls + 1 - slot.count) }
            var g = slot[cls]
            if g < 0 {
                g = Int32(classes.count)
                slot[cls] = g
                classes.append(UInt32(cls)); counts.append(0); retained.append(0); shallow.append(0)
            }
            let i = Int(g)
            groupOf[k] = g
            counts[i] += 1
            retained[i] &+= tree.retained[Int(c)]
            shallow[i] &+= graph.shallowSize(c)
        }
        let order = classes.indices.sorted {
            retained[$0] != retained[$1] ? retained[$0] > retained[$1] : classes[$0] < classes[$1]
        }
        var start = [Int](repeating: 0, count: classes.count)
        var at = 0
        for g in order { start[g] = at; at += counts[g] }
        var next = start
        var flat = [UInt32](repeating: 0, count: n)
        for k in 0..<n {
            let g = Int(groupOf[k])
            flat[next[g]] = tree.childList[lo + k]
            next[g] += 1
        }
        groups = order.map {
            Group(classIndex: classes[$0], label: loaders == nil ? nil : labels[Int(classes[$0])],
                  retained: retained[$0], shallow: shallow[$0], members: flat[start[$0]..<start[$0] + counts[$0]])
        }
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
            DominatorTree.before(a, tree.retained[Int(a)], b, tree.retained[Int(b)])
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
        if !byLoader, let job = groupsJob, job.node == node { return job.groups() }
        return ClassGroups(node: node, graph: model.graph, tree: model.tree, loaders: byLoader ? loaderLabels : nil)
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
