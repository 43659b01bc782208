import DumpReports
import ExplorerCore
import HanaReader
import HeapGraph

/// The HANA verdict as the Overview's first section. It opens with what an 80x24 screen must show: the failure
/// (headline), the thread to look at (crashing thread or OOM culprit) and the top allocator; then the full verdict
/// as `hdx report` writes it, one row per line, unwrapped (the Overview wraps rows to the window at word
/// boundaries). Sizes use the explorer's unit style (`2.25 GiB`): a HANA `gb` is 1024³ bytes, so only the unit's
/// name changes, and one screen never mixes `gb` and `GiB`.
enum HanaOverview {
    static func sections(of dump: LoadedDump) -> [OverviewSection] {
        guard let hana = dump.extras(HanaDump.self) else { return [] }
        let v = hana.verdict
        var rows = [OverviewRow(text: "  " + binaryUnits(v.headline), role: .warning)]
        if let t = v.crashingThread ?? v.culpritThread {
            let what = v.crashingThread != nil ? "crashing thread " : "culprit thread  "
            rows.append(OverviewRow(text: "  " + what + t.id + " " + t.name
                                    + (t.connectionID.map { ", connection \($0)" } ?? "")))
        }
        if let a = v.topAllocators.first {
            rows.append(OverviewRow(text: "  top allocator   " + a.path + "  " + Format.bytes(a.exclusive)
                                    + (a.percentOfUsed.map { " (" + Format.oneDecimal($0) + "% of used)" } ?? "")))
        }
        var inAllocators = false
        for line in HanaVerdictText.render(v, width: Int(Int32.max)).dropFirst(2) {
            if line.hasPrefix("Top allocators") {
                inAllocators = true
                rows.append(OverviewRow(text: "  Top allocators    exclusive    inclusive  % used"))
                for a in v.topAllocators {
                    rows.append(OverviewRow(text: "    " + Format.padLeft(Format.bytes(a.exclusive), 14)
                                            + Format.padLeft(Format.bytes(a.inclusive), 13)
                                            + Format.padLeft(a.percentOfUsed.map(Format.oneDecimal) ?? "", 8)
                                            + "  " + a.path))
                }
                continue
            }
            if inAllocators && !line.isEmpty { continue }
            inAllocators = false
            rows.append(OverviewRow(text: "  " + binaryUnits(line)))
        }
        return [OverviewSection(title: "Verdict", rows: rows)]
    }

    /// `2.25gb` → `2.25 GiB` (HANA's units are binary); other text unchanged.
    static func binaryUnits(_ text: String) -> String { HanaUnits.binaryUnits(text) }
}
