import DumpKit
import DumpReports
import HeapAnalysis
import HeapGraph

/// What the Overview says first about a real dump: the plug-ins' sections (the HANA verdict), then, where the format
/// has them, the leak suspects (MAT's rule, as `hdx report` finds them), each suspect's accumulation point a
/// selectable row.
extension ExplorerModel {
    func addAnalyses(of dump: LoadedDump) {
        for plugin in ExplorerPlugins.all { leadingOverviewSections += plugin.overviewSections(dump) }
        guard dump.format.leakSuspects else { return }
        let suspects = LeakSuspects.find(in: index, paths: { dump.pathsFromRoots(to: $0, max: 1).first ?? [] })
        var rows: [OverviewRow] = []
        if suspects.isEmpty {
            rows.append(OverviewRow(text: "  none: no object or class retains more than 20% of the reachable heap",
                                    role: .dim))
        }
        for (i, s) in suspects.prefix(5).enumerated() {
            let share = Format.oneDecimal(s.share * 100) + "%"
            let what: String
            switch s.kind {
            case .object(let n): what = details.displayClassName(n) + " " + details.idString(n)
            case .classGroup(let c, let instances):
                what = s.statics.isEmpty ? "\(instances.count)+ instances of " + graph.classes[c]
                    : "\(instances.count)+ classes (\(graph.classes[c]) objects)"
            }
            rows.append(OverviewRow(text: "  \(i + 1). \(what) retains \(Format.bytes(s.retained)) (\(share))"
                                    + (s.parent != nil ? ", inside suspect above" : ""), role: .warning))
            if !s.wayIn.isEmpty {
                // Where the program holds the memory (MAT's shortest path to the accumulation point).
                for (k, line) in ExplorerModel.wrapWayIn(WayInText.text(s.wayIn, index: index), width: 76).enumerated() {
                    rows.append(OverviewRow(text: (k == 0 ? "     way in: " : "             ") + line))
                }
            }
            rows.append(OverviewRow(text: "     accumulated in (Enter: in the tree, A: every way in):", role: .dim))
            rows.append(OverviewRow(text: "", node: s.accumulationPoint))
            if !s.statics.isEmpty {
                // Class objects hold memory through static fields: name them (OrderDesk.ORDER_CACHE 3.2 MiB).
                let named = s.statics.prefix(3).map { h -> String in
                    var owner = details.displayClassName(h.classObject)
                    if owner.hasPrefix("class ") { owner.removeFirst(6) }
                    return "\(owner).\(h.field) \(Format.bytes(h.retained))"
                }
                rows.append(OverviewRow(text: "     held in static fields: " + named.joined(separator: ", ")
                                        + (s.statics.count > 3 ? ", and \(s.statics.count - 3) more" : ""), role: .dim))
            }
        }
        leadingOverviewSections.append(OverviewSection(title: "Leak suspects", rows: rows))
    }

    /// A way in cut into lines at its arrows, each at most `width` columns with the 13-column lead (longer steps
    /// stay whole); continuation lines start with the arrow.
    static func wrapWayIn(_ text: String, width: Int) -> [String] {
        let parts = text.split(separator: " → ", omittingEmptySubsequences: false)
        var lines: [String] = []
        var line = ""
        for (i, part) in parts.enumerated() {
            let piece = i == 0 ? String(part) : "→ " + part
            if line.isEmpty {
                line = piece
            } else if 13 + line.count + 1 + piece.count <= width {
                line += " " + piece
            } else {
                lines.append(line)
                line = piece
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
