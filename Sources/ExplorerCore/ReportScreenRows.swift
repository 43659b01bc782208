import DumpReports
import HeapAnalysis
import HeapGraph

/// The rows of each report screen.
enum ReportScreenRows {
    typealias Screen = (summary: String, columns: (String, String, String), rows: [ReportRow])

    static func rows(_ s: ReportScreens.Screen, _ d: ReportScreens, _ model: ExplorerModel) -> Screen {
        switch s {
        case .duplicateStrings: return duplicates(d)
        case .underFilled: return underFilled(d, model)
        case .classLoaders: return loaders(d, model)
        case .threads: return threads(d, model)
        case .statistics: return statistics(d)
        }
    }

    static func duplicates(_ d: ReportScreens) -> Screen {
        let list = d.duplicates ?? []
        let wasted = list.reduce(0) { $0 + $1.wastedBytes }
        let rows = list.map {
            ReportRow(size: Format.bytes($0.wastedBytes), count: Format.count($0.copies),
                      text: "\"" + String($0.value.prefix(200)) + "\"", node: $0.example)
        }
        return ("\(Format.count(list.count)) strings held more than once waste \(Format.bytes(wasted))"
                + " (one copy would do; Enter opens one)", ("Wasted", "Copies", "Text"), rows)
    }

    static func underFilled(_ d: ReportScreens, _ model: ExplorerModel) -> Screen {
        let rows = d.underFilled.map { c in
            ReportRow(size: Format.bytes(c.retained), count: Format.oneDecimal(c.fillRatio * 100) + "%",
                      text: "\(c.size) of \(c.capacity)  " + c.className + " " + model.idString(c.node), node: c.node,
                      opensContents: true)
        }
        let shown = d.underFilled.count < d.underFilledFound ? ", the \(Format.count(d.underFilled.count)) most retained shown" : ""
        return ("\(Format.count(d.underFilledFound)) of \(Format.count(d.underFilledExamined)) collections are less than"
                + " half full\(shown) (Enter lists the entries)", ("Retained", "Full", "Size of capacity  Collection"),
                rows)
    }

    static func loaders(_ d: ReportScreens, _ model: ExplorerModel) -> Screen {
        var rows = (d.loaders ?? []).map {
            ReportRow(size: Format.bytes($0.retained), count: Format.count($0.definedClasses),
                      text: $0.className + " " + model.idString($0.node), node: $0.node)
        }
        let dups = d.duplicateClasses ?? []
        rows.append(ReportRow(text: "", role: .dim))
        rows.append(ReportRow(text: "Classes defined by more than one loader (\(Format.count(dups.count)))", role: .section))
        if dups.isEmpty { rows.append(ReportRow(text: "none", role: .dim)) }
        for c in dups {
            rows.append(ReportRow(count: Format.count(c.loaders.count), text: c.name, role: .warning))
            for l in c.loaders {
                rows.append(ReportRow(text: "  in " + (l.map { model.describe($0) } ?? "the bootstrap loader"), node: l))
            }
        }
        return ("\(Format.count(d.loaders?.count ?? 0)) class loaders, \(Format.count(dups.count)) classes defined twice",
                ("Retained", "Classes", "Loader"), rows)
    }

    static func threads(_ d: ReportScreens, _ model: ExplorerModel) -> Screen {
        var rows: [ReportRow] = []
        for t in d.threads ?? [] {
            rows.append(ReportRow(size: Format.bytes(t.total), count: Format.count(t.frames.count),
                                  text: "\"" + t.name + "\"" + (t.object.map { " " + model.idString($0) } ?? "")
                                    + (t.object == nil ? "" : " (thread object " + Format.bytes(t.retained) + ")"),
                                  role: .section, node: t.object))
            for f in t.frames {
                rows.append(ReportRow(size: f.locals.isEmpty ? "" : Format.bytes(f.retained), text: "  at " + f.text,
                                      role: .dim))
                for n in f.locals { rows.append(local(n, model)) }
            }
            for n in t.otherLocals { rows.append(local(n, model)) }
        }
        let count = d.threads?.count ?? 0
        return ("\(Format.count(count)) threads; Retained: thread + its locals, frame: its locals (each object once)",
                ("Retained", "Frames", "Thread / frame / local"), rows)
    }

    static func local(_ n: UInt32, _ model: ExplorerModel) -> ReportRow {
        ReportRow(size: Format.bytes(model.tree.retained[Int(n)]), text: "    local " + model.describe(n), node: n)
    }

    static func statistics(_ d: ReportScreens) -> Screen {
        guard let s = d.statistics else { return ("no statistics", ("", "", ""), []) }
        func row(_ name: String, _ v: UInt64, indent: Bool = false) -> ReportRow {
            ReportRow(size: Format.bytes(v), count: Format.percent(v, of: s.total), text: (indent ? "  " : "") + name)
        }
        let rows = [row("Total", s.total), row("V8 heap", s.v8Heap), row("Code", s.code, indent: true),
                    row("Strings", s.strings, indent: true), row("JS arrays", s.jsArrays, indent: true),
                    row("System objects", s.system, indent: true), row("Other", s.other, indent: true),
                    row("Native (outside the V8 heap)", s.native), row("Typed arrays", s.typedArrays, indent: true)]
        return ("DevTools' Statistics: self sizes by kind (system: objects only the VM reaches)",
                ("Size", "% of total", "Kind"), rows)
    }
}
