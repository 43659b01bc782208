import DumpInput
import DumpReports
import HeapAnalysis
import HeapGraph

/// A screen without a table: `e` says why instead of exporting.
package protocol ExportRefusing: AnyObject {
    var noExportReason: String { get }
}

extension OverviewPage: ExportRefusing {
    package var noExportReason: String { "the Overview has no table: e exports the list screens (Histogram, Dominators, …)" }
}

extension HelpPage: ExportRefusing {
    package var noExportReason: String { "help has no table: e exports the list screens" }
}

extension ReportsPage: ExportRefusing {
    package var noExportReason: String { "this is the list of report screens: open one (Enter), then e exports it" }
}

extension ComparedInstancesPage: TableExporting {
    package var exportName: String { inner.exportName }
    package func exportTable(_ ctx: PageContext) -> ExportTable { inner.exportTable(ctx) }
}

extension NewObjectsPage: TableExporting {
    package var exportName: String { "new-objects-" + row.class }

    /// Every new object of the class (not only the listed ones), biggest retained first.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["id", "class", "shallow", "retained"])
        let retained = model.tree.retained
        let sorted = TopK.select(all, limit: all.count) { a, b in
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
        for n in sorted { t.rows.append(model.exportCells(n)) }
        return t
    }
}

extension GrowthPage: TableExporting {
    package var exportName: String { "growth" }

    /// The rows in the screen's order and filter, with the columns of `hdx growth --csv`.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: gm.series.csvHeader)
        for i in 0..<rowCount { t.rows.append(GrowthSeries.csvCells(gm.rows[rowIndex(i)])) }
        return t
    }
}

extension GrowingPathsPage: TableExporting {
    package var exportName: String { isClusters ? "new-and-alive" : "growing-paths" }

    /// One row per path (or cluster): its figures and the path from the roots, steps joined by ` > `.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        if isClusters {
            var t = ExportTable(headers: ["class", "count", "retained", "path"])
            for c in clusters {
                t.rows.append([.text(c.class), .int(Int64(c.count)), .uint(c.retained),
                               .text(c.path.map(\.class).joined(separator: " > "))])
            }
            return t
        }
        let n = gm.count
        var t = ExportTable(headers: ["class", "lastGrowth"] + (1...max(n, 1)).map { "retained\($0)" } + ["path"])
        for p in paths {
            t.rows.append([.text(p.path.last?.class ?? ""), .int(p.lastGrowth)] + p.retained.map { .uint($0) }
                          + [.text(p.path.map(\.class).joined(separator: " > "))])
        }
        return t
    }
}

extension GrowingPathStepsPage: TableExporting {
    package var exportName: String { "growing-path-" + (path.path.last?.class ?? "path") }

    /// The steps from the roots down, each with its counts and retained sizes per snapshot.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        let k = max(count, 1)
        var t = ExportTable(headers: ["step", "class", "id"] + (1...k).map { "count\($0)" }
                            + (1...k).map { "retained\($0)" })
        for (i, s) in path.path.enumerated() {
            t.rows.append([.int(Int64(i)), .text(s.class), .text(s.id)] + s.counts.map { .int(Int64($0)) }
                          + s.retained.map { .uint($0) })
        }
        return t
    }
}

extension MergedPathsPage: TableExporting {
    package var exportName: String { "merged-paths-" + model.graph.classes[classIndex] }

    /// The shown steps (open ones with their children) in screen order: depth, field, class, instances, retained.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["depth", "field", "class", "count", "retained", "example"])
        for i in visible {
            let n = merged.nodes[i]
            t.rows.append([.int(Int64(n.depth)), .text(n.field ?? ""), .text(n.className), .int(Int64(n.count)),
                           .uint(n.retained), .text(model.idString(n.object))])
        }
        return t
    }
}

extension CollectionPage: TableExporting {
    package var exportName: String { "contents-" + model.idString(contents.node) }

    /// Every entry read: slot, key and value (id and text as on the screen), what the entry retains.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["slot", "key", "keyText", "value", "valueText", "retained"])
        func id(_ n: UInt32?) -> String { n.map { model.idString($0) } ?? "" }
        func shown(_ text: String, _ n: UInt32?) -> String {
            guard text.isEmpty, let n else { return text }
            return ValueText.of(n, in: model.index)
        }
        for e in contents.entries {
            t.rows.append([.int(Int64(e.slot)), .text(id(e.key)), .text(shown(e.keyText, e.key)), .text(id(e.value)),
                           .text(shown(e.valueText, e.value)), .uint(e.retained)])
        }
        return t
    }
}
