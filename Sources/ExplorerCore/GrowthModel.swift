import DumpKit
import DumpReports
import HeapGraph

/// The data behind `hdx growth S1 S2 S3 …` on a terminal: the series (rows per class, HANA: allocator), their order
/// per sort key, and the last snapshot's explorer model for listing a class's instances.
package final class GrowthModel {
    package enum SortKey: String, CaseIterable, Sendable {
        case lastStep = "last step", total = "total growth", retained, name
    }

    package let series: GrowthSeries
    /// The last snapshot, as the explorer shows it.
    package let lastModel: ExplorerModel
    private var orders: [SortKey: [Int]] = [:]
    private var classByName: [String: UInt32]?

    package init(series: GrowthSeries, lastModel: ExplorerModel) {
        self.series = series
        self.lastModel = lastModel
    }

    package var rows: [GrowthSeries.Row] { series.rows }
    package var count: Int { series.snapshots.count }
    /// What the rows are: classes, or allocators (HANA).
    package var grouping: DumpFormat.Grouping { series.format.grouping }

    /// Row indices in the order of `key`, biggest first (names ascending); computed once per key.
    package func order(_ key: SortKey) -> [Int] {
        if let o = orders[key] { return o }
        let r = rows
        let o: [Int]
        switch key {
        case .lastStep: o = Array(r.indices)   // GrowthSeries' own order
        case .total:
            func total(_ i: Int) -> Int64 { Int64(bitPattern: r[i].retained[r[i].retained.count - 1] &- r[i].retained[0]) }
            o = r.indices.sorted { total($0) != total($1) ? total($0) > total($1) : $0 < $1 }
        case .retained:
            o = r.indices.sorted { r[$0].retained.last! != r[$1].retained.last! ? r[$0].retained.last! > r[$1].retained.last! : $0 < $1 }
        case .name:
            let names = r.map { ContiguousArray($0.class.utf8) }
            o = r.indices.sorted { names[$0].lexicographicallyPrecedes(names[$1]) }
        }
        orders[key] = o
        return o
    }

    /// The class of the last snapshot with this name (the one retaining most when several share it).
    package func lastClass(named name: String) -> UInt32? {
        if classByName == nil { classByName = ComparisonModel.classesByName(lastModel) }
        return classByName?[name]
    }

    /// `leakdemo-{1 → 3}.hprof  HPROF growth, 3 snapshots` and the reachable totals.
    package func titleText(_ glyphs: Glyphs) -> (left: String, right: String) {
        let arrow = glyphs.ascii ? " -> " : " → "
        let names = series.snapshots.map { ComparisonModel.fileName($0) }
        let fmt = series.format.shortName
        return (" " + ComparisonModel.pairName(names[0], names[names.count - 1], arrow: arrow) + "  " + fmt
                    + " growth, \(names.count) snapshots",
                "reachable " + series.reachableBytes.map { Format.bytes($0) }.joined(separator: arrow) + " ")
    }

    /// A sparkline of `values`: one cell per value, scaled between the series' own minimum and maximum.
    package static func sparkline(_ values: [UInt64], glyphs: Glyphs) -> String {
        let levels: [Character] = glyphs.ascii ? Array("_.,-=+*#") : Array("▁▂▃▄▅▆▇█")
        guard let lo = values.min(), let hi = values.max() else { return "" }
        guard hi > lo else { return String(repeating: levels[0], count: values.count) }
        return String(values.map { v in
            levels[min(Int(Double(v - lo) / Double(hi - lo) * Double(levels.count - 1) + 0.5), levels.count - 1)]
        })
    }
}
