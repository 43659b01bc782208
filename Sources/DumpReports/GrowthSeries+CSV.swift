/// A growth series as CSV rows (`hdx growth --csv` and the explorer's `e` on Growth write the same columns).
extension GrowthSeries {
    /// `class, monotonic, count1…countN, retained1…retainedN, lastGrowth`.
    public var csvHeader: [String] {
        let n = snapshots.count
        return ["class", "monotonic"] + (1...max(n, 1)).map { "count\($0)" } + (1...max(n, 1)).map { "retained\($0)" }
            + ["lastGrowth"]
    }

    public static func csvCells(_ r: Row) -> [CSVTable.Cell] {
        [.text(r.class), .text(r.monotonic ? "true" : "false")] + r.counts.map { .int(Int64($0)) }
            + r.retained.map { .uint($0) } + [.int(r.lastGrowth)]
    }
}
