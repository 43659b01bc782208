import DumpReports
import HeapGraph

/// `e` on the list screens: every row in the screen's order and filter, columns named like the CLI's JSON keys.
extension HistogramPage: TableExporting {
    package var exportName: String { model.grouping == .allocator ? "allocators" : "histogram" }

    package func exportTable(_ ctx: PageContext) -> ExportTable {
        if treeMode, let tree = packages { return exportTree(tree) }
        var t = ExportTable(headers: ["class", "count", "shallow", "retained"])
        for i in 0..<rowCount {
            let r = row(i)
            t.rows.append([.text(model.graph.classes[r.classIndex]), .int(Int64(r.count)), .uint(r.shallow),
                           .uint(r.retained)])
        }
        return t
    }
}

extension HistogramPage {
    /// The package (or class-loader) tree as shown: each open package with its classes, a depth per row.
    func exportTree(_ tree: PackageTree) -> ExportTable {
        var t = ExportTable(headers: ["depth", byLoader ? "loader" : "package", "class", "count", "shallow", "retained"])
        for i in visibleNodes {
            let n = tree.nodes[i]
            let cls = n.classIndex.map { model.graph.classes[$0] } ?? ""
            var names: [String] = []
            var at = n.classIndex == nil ? i : n.parent
            while at > 0 { names.append(tree.nodes[at].name); at = tree.nodes[at].parent }
            t.rows.append([.int(Int64(n.depth - 1)), .text(names.reversed().joined(separator: ".")), .text(cls),
                           .int(Int64(n.count)), .uint(n.shallow), .uint(n.retained)])
        }
        return t
    }
}

extension ExplorerModel {
    /// One object as an export row: id, class, shallow, retained.
    func exportCells(_ n: UInt32) -> [CSVTable.Cell] {
        [.text(idString(n)), .text(className(n)), .uint(graph.shallowSize(n)), .uint(tree.retained[Int(n)])]
    }
}

extension DominatorPage: TableExporting {
    package var exportName: String { levels.count == 1 ? "dominators" : "dominators-" + model.idString(current.node) }

    /// All children of the listed node (not only the loaded ones), biggest first.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        if grouped, let g = current.groups { return exportGroups(g) }
        var t = ExportTable(headers: ["id", "class", "shallow", "retained", "children"])
        let t2 = model.tree
        for n in t2.children(of: current.node, limit: t2.childCount(current.node)) {
            t.rows.append(model.exportCells(n) + [.int(Int64(t2.childCount(n)))])
        }
        return t
    }
}

extension DominatorPage {
    /// `C`: one row per class among the listed node's children (all of them, open or not).
    func exportGroups(_ g: ClassGroups) -> ExportTable {
        var t = ExportTable(headers: ["class", "count", "shallow", "retained"])
        for grp in g.groups {
            t.rows.append([.text(model.graph.classes[grp.classIndex]), .int(Int64(grp.members.count)),
                           .uint(grp.shallow), .uint(grp.retained)])
        }
        return t
    }
}

extension InstancesPage: TableExporting {
    package var exportName: String { "instances-" + model.graph.classes[classIndex] }

    /// All instances (not only the listed ones), biggest retained first.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["id", "class", "shallow", "retained"])
        let all = model.instances(of: classIndex)
        let retained = model.tree.retained
        let sorted = TopK.select(all, limit: all.count) { a, b in
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
        for n in sorted { t.rows.append(model.exportCells(n)) }
        return t
    }
}

extension ObjectPage: TableExporting {
    package var exportName: String { "object-" + model.idString(node) }

    /// The rows that name an object (dominator, fields, references, retainers) with what the row says.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["row", "id", "class", "shallow", "retained"])
        for i in rows.indices {
            guard let n = target(of: rows[i]), n != HeapGraph.superRoot else { continue }
            t.rows.append([.text(searchText(i, ctx))] + model.exportCells(n))
        }
        return t
    }
}

extension PathsPage: TableExporting {
    package var exportName: String { "paths-" + model.idString(node) }

    /// Each path step with its depth in the merged tree (0 is the object), the field it is reached by, and the GC
    /// root kind on the root rows.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["depth", "id", "class", "shallow", "retained", "field", "root"])
        var depth = 0
        for r in rows {
            if let note = r.rootNote {
                if var last = t.rows.popLast() { last[6] = .text(note); t.rows.append(last) }
                continue
            }
            depth = TextWidth.of(r.prefix) / 3
            t.rows.append([.int(Int64(depth))] + model.exportCells(r.node)
                          + [.text(r.field ?? ""), .text("")])
        }
        return t
    }
}

extension ComparePage: TableExporting {
    package var exportName: String { "compare" }

    package func exportTable(_ ctx: PageContext) -> ExportTable {
        let v8 = cm.rows.contains { $0.added != nil }
        var t = ExportTable(headers: ["class", "countDelta", "shallowDelta", "retainedDelta", "oldCount", "newCount",
                                      "oldShallow", "newShallow", "oldRetained", "newRetained"]
                            + (v8 ? ["added", "removed"] : []))
        for i in 0..<rowCount {
            let r = cm.rows[rowIndex(i)]
            t.rows.append([.text(r.class), .int(Int64(r.countDelta)), .int(r.shallowDelta), .int(r.retainedDelta),
                           .int(Int64(r.old.count)), .int(Int64(r.new.count)), .uint(r.old.shallow),
                           .uint(r.new.shallow), .uint(r.old.retained), .uint(r.new.retained)]
                          + (v8 ? [.int(Int64(r.added ?? 0)), .int(Int64(r.removed ?? 0))] : []))
        }
        return t
    }
}
