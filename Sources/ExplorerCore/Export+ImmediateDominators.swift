import HeapAnalysis

/// `e` on the immediate-dominators screen: its rows as `hdx immediate-dominators --csv` prints them.
extension ImmediateDominatorsPage: TableExporting {
    package var exportName: String { "immediate-dominators" }

    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["dominatorClass", "objects", "shallow", "retained", "dominated",
                                      "dominatedRetained"])
        for r in result?.rows ?? [] {
            t.rows.append([.text(ImmediateDominators.rowName(r, classes: model.graph.classes)),
                           .int(Int64(r.dominators.count)), .uint(r.shallow), .uint(r.retained),
                           .int(Int64(r.dominated)), .uint(r.dominatedRetained)])
        }
        return t
    }
}
