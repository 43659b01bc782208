import DumpReports
import HeapGraph

/// The histogram's package tree (`t`; `t` again: by class loader): packages open and close in place (→/Enter,
/// ←), a class opens its instances; `s`/`S` sort every level, `/` keeps the matching classes and their packages.
extension HistogramPage {
    var selectedTreeNode: PackageTree.Node? {
        guard let tree = packages, list.selected < visibleNodes.count else { return nil }
        return tree.nodes[visibleNodes[list.selected]]
    }

    var selectedTreeClass: UInt32? { selectedTreeNode?.classIndex }

    /// `t`: flat → packages → class loaders (formats with loaders) → flat.
    func toggleTree() -> PageAction {
        guard model.grouping == .class else { return .message("allocators have no packages (the Flame tab shows their tree)") }
        let keep = selectedRow?.classIndex
        // The loaders are looked up only when the package tree gives way to them (the background job's if ready).
        if treeMode && !byLoader && loaderLabels == nil {
            loaderLabels = .some(model.packageTrees.loaders ?? model.dump.flatMap(LoaderLabels.of))
        }
        let loaders = loaderLabels ?? nil
        if !treeMode {
            treeMode = true
            byLoader = false
        } else if !byLoader && loaders != nil {
            byLoader = true
        } else {
            treeMode = false
            byLoader = false
        }
        if treeMode {
            if builtTrees[byLoader] == nil {
                builtTrees[byLoader] = model.packageTrees.ready(byLoader: byLoader)
                    ?? PackageTree(rows: model.index.histogram.rows, graph: model.graph, tree: model.tree,
                                   skipEmpty: !model.index.info.countsEmptyObjects, groups: byLoader ? loaders : nil)
            }
            packages = builtTrees[byLoader]
            expanded = []
            packages?.sort(by: sortKey, reversed: reversed)
            // Open the way to the class that was selected.
            if let keep, let tree = packages, let leaf = tree.nodes.firstIndex(where: { $0.classIndex == keep }) {
                var at = tree.nodes[leaf].parent
                while at > 0 { expanded.insert(at); at = tree.nodes[at].parent }
                refreshTree()
                list.count = rowCount
                list.select(visibleNodes.firstIndex(of: leaf) ?? 0)
            } else {
                refreshTree()
                list.count = rowCount
                list.select(0)
            }
            return .message(byLoader ? "by class loader: a loader's classes retain each object once"
                            : "package tree: a package retains each object once")
        }
        applyFilter()
        list.count = rowCount
        if let keep, let i = (0..<rowCount).first(where: { row($0).classIndex == keep }) {
            list.select(i)
        } else {
            list.select(0)
        }
        return .handled
    }

    func refreshTree() {
        guard let tree = packages else { visibleNodes = []; return }
        let names = model.graph.classes
        if let m = matcher, !m.isEmpty {
            visibleNodes = tree.visible(expanded: expanded, only: { m.matches(names[$0]) })
        } else {
            visibleNodes = tree.visible(expanded: expanded)
        }
    }

    func resortTree() {
        let keep = list.selected < visibleNodes.count ? visibleNodes[list.selected] : nil
        packages?.sort(by: sortKey, reversed: reversed)
        refreshTree()
        list.count = rowCount
        list.select(keep.flatMap { visibleNodes.firstIndex(of: $0) } ?? 0)
    }

    /// Tree keys; nil for keys the flat histogram handles the same way.
    func handleTreeKey(_ key: Key) -> PageAction? {
        guard let tree = packages, list.selected < visibleNodes.count else { return nil }
        let i = visibleNodes[list.selected]
        let node = tree.nodes[i]
        switch key {
        case .enter, .right, .char("l"):
            guard node.classIndex == nil else { return nil }
            if expanded.contains(i) {
                // Already open: step onto its first child.
                if key != .enter { list.move(1) }
                else { expanded.remove(i); refreshTree() }
            } else {
                expanded.insert(i)
                refreshTree()
            }
            list.count = rowCount
            return .handled
        case .left, .char("h"):
            if node.classIndex == nil && expanded.contains(i) {
                expanded.remove(i)
                refreshTree()
                list.count = rowCount
                return .handled
            }
            guard node.parent > 0, let up = visibleNodes.firstIndex(of: node.parent) else { return .unhandled }
            list.select(up)
            return .handled
        default:
            return nil
        }
    }

    func drawTreeRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        guard let tree = packages else { return }
        let c = Columns(width: p.canvas.width)
        let n = tree.nodes[visibleNodes[i]]
        let whole = model.index.reachableBytes
        p.putRight(Format.count(n.count), right: c.countEnd, role: .normal)
        p.putRight(Format.bytes(n.shallow), right: c.shallowEnd, role: .normal)
        p.putRight(Format.bytes(n.retained), right: c.retainedEnd, role: .size)
        p.putRight(Format.percent(n.retained, of: whole), right: c.percentEnd, role: .normal)
        let f = Format.fraction(n.retained, of: whole)
        let bar = ctx.glyphs.ascii ? "[" + ctx.glyphs.bar(f, width: c.barWidth - 2) + "]"
                                   : ctx.glyphs.bar(f, width: c.barWidth)
        p.put(bar, x: c.barStart, role: .bar)
        var x = c.nameStart + 2 * min(n.depth - 1, 12)
        if n.classIndex == nil {
            let open = expanded.contains(visibleNodes[i]) || (matcher.map { !$0.isEmpty } ?? false)
            let mark = ctx.glyphs.ascii ? (open ? "- " : "+ ") : (open ? "▾ " : "▸ ")
            x = p.put(mark + n.name, x: x, role: .normal, limit: p.canvas.width)
            p.put(" (\(Format.count(n.classes)) \(n.classes == 1 ? "class" : "classes"))", x: x, role: .dim,
                  limit: p.canvas.width)
        } else {
            p.putClassName(n.name, x: x + 2, limit: p.canvas.width, glyphs: ctx.glyphs)
        }
    }

    func treeDetailLine(_ ctx: PageContext) -> String? {
        guard let tree = packages, list.selected < visibleNodes.count else { return nil }
        let i = visibleNodes[list.selected]
        let n = tree.nodes[i]
        let what = n.classIndex == nil ? (byLoader ? "loader " : "package ") + tree.fullName(i, classes: model.graph.classes)
            + ctx.glyphs.dot + Format.count(n.classes) + " classes" : tree.fullName(i, classes: model.graph.classes)
        return what + ctx.glyphs.dot + Format.count(n.count) + " objects" + ctx.glyphs.dot + "shallow "
            + Format.bytes(n.shallow) + ctx.glyphs.dot + "retained " + Format.bytes(n.retained) + " ("
            + Format.percent(n.retained, of: model.index.reachableBytes) + ")"
    }
}
