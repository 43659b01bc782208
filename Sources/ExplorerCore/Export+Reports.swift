import DumpReports
import HeapAnalysis
import HeapGraph

/// `e` on a Reports screen: the data the screen lists, unformatted (bytes as integers, ratios as fractions).
extension ReportListPage: TableExporting {
    package var exportName: String {
        (source?.screen.rawValue ?? screenTitle).lowercased().replacingOccurrences(of: " ", with: "-")
    }

    package func exportTable(_ ctx: PageContext) -> ExportTable {
        guard let (screen, d) = source else { return ExportTable(headers: ["text"], rows: rows.map { [.text($0.text)] }) }
        switch screen {
        case .duplicateStrings:
            var t = ExportTable(headers: ["text", "copies", "wasted", "example"])
            for r in d.duplicates ?? [] {
                t.rows.append([.text(r.value), .int(Int64(r.copies)), .uint(r.wastedBytes), .text(model.idString(r.example))])
            }
            return t
        case .underFilled:
            var t = ExportTable(headers: ["id", "class", "size", "capacity", "fillPercent", "retained"])
            for c in d.underFilled {
                t.rows.append([.text(model.idString(c.node)), .text(c.className), .int(Int64(c.size)),
                               .int(Int64(c.capacity)), .text(Format.oneDecimal(c.fillRatio * 100)), .uint(c.retained)])
            }
            return t
        case .classLoaders: return loaders(d)
        case .threads: return threads(d)
        case .statistics: return statistics(d)
        }
    }

    func loaders(_ d: ReportScreens) -> ExportTable {
        var t = ExportTable(headers: ["id", "loader", "definedClasses", "retained", "duplicateClass"])
        for l in d.loaders ?? [] {
            t.rows.append([.text(model.idString(l.node)), .text(l.className), .int(Int64(l.definedClasses)),
                           .uint(l.retained), .text("")])
        }
        // A class defined by several loaders: one row per loader, the class in the last column.
        for c in d.duplicateClasses ?? [] {
            for l in c.loaders {
                t.rows.append([.text(l.map { model.idString($0) } ?? ""),
                               .text(l.map { model.className($0) } ?? "bootstrap"), .text(""),
                               .text(""), .text(c.name)])
            }
        }
        return t
    }

    func threads(_ d: ReportScreens) -> ExportTable {
        var t = ExportTable(headers: ["thread", "frame", "id", "class", "retained"])
        for th in d.threads ?? [] {
            let id = th.object.map { model.idString($0) } ?? ""
            t.rows.append([.text(th.name), .text(""), .text(id), .text(th.object.map { model.className($0) } ?? ""),
                           .uint(th.retained)])
            for f in th.frames {
                t.rows.append([.text(th.name), .text(f.text), .text(""), .text(""), .text("")])
                for n in f.locals { t.rows.append([.text(th.name), .text(f.text)] + local(n)) }
            }
            for n in th.otherLocals { t.rows.append([.text(th.name), .text("")] + local(n)) }
        }
        return t
    }

    func local(_ n: UInt32) -> [CSVTable.Cell] {
        [.text(model.idString(n)), .text(model.className(n)), .uint(model.tree.retained[Int(n)])]
    }

    func statistics(_ d: ReportScreens) -> ExportTable {
        var t = ExportTable(headers: ["kind", "bytes"])
        guard let s = d.statistics else { return t }
        for (k, v) in [("Total", s.total), ("V8 heap", s.v8Heap), ("Code", s.code), ("Strings", s.strings),
                       ("JS arrays", s.jsArrays), ("System objects", s.system), ("Other", s.other),
                       ("Native (outside the V8 heap)", s.native), ("Typed arrays", s.typedArrays)] {
            t.rows.append([.text(k), .uint(v)])
        }
        return t
    }
}
