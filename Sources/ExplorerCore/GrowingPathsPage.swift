import DumpKit
import DumpReports
import HeapGraph

extension TabID {
    package static let growingPaths = TabID("growing-paths")
}

/// Where the growth is, one row per finding: Shark's dominator paths that grew at every step (HPROF, HANA; Enter
/// lists the steps with their series), or MemLab's clusters of objects new after the first snapshot and still alive
/// in the last (V8), with their retainer path.
package final class GrowingPathsPage: ListPage, Page {
    let gm: GrowthModel
    let paths: [GrowthSeries.GrowingPath]
    let clusters: [DumpReport.NewRetainedCluster]

    package init(growth: GrowthModel) {
        gm = growth
        paths = growth.series.growingPaths ?? []
        clusters = growth.series.newRetained ?? []
        super.init()
    }

    var isClusters: Bool { gm.series.growingPaths == nil }

    /// Where the paths start: `the GC roots`, or `the top` for formats without roots (HANA's allocator tree).
    static func top(_ words: DumpVocabulary) -> String { words.roots.map { "the " + $0 } ?? "the top" }
    package var title: String { isClusters ? "New and alive" : "Growing paths" }
    package var crumbs: [String] {
        [isClusters ? "allocated between snapshots 1 and 2, alive in the last, by retainer path"
                    : "dominator paths that grew at every step, from " + GrowingPathsPage.top(gm.lastModel.words)]
    }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var hints: [KeyHelp] {
        isClusters ? [KeyHelp("/", "find")] : [KeyHelp("⏎", "steps"), KeyHelp("/", "find")]
    }
    package var keyHelp: [KeyHelp] {
        isClusters ? [KeyHelp("/", "find a class on the paths")]
            : [KeyHelp("Enter → l", "the path's steps, each with its series"), KeyHelp("/", "find a class on the paths")]
    }

    func pathText(_ i: Int, _ g: Glyphs) -> String {
        isClusters ? clusters[i].path.map(\.class).joined(separator: g.crumbSeparator)
            : paths[i].path.map(\.class).joined(separator: g.crumbSeparator)
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < rowCount else { return nil }
        return pathText(list.selected, ctx.glyphs)
    }

    override package var rowCount: Int { isClusters ? clusters.count : paths.count }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        guard rowCount == 0 else { return 0 }
        canvas.put(isClusters ? " No object allocated between snapshots 1 and 2 is alive in the last one"
                              : " Nothing grew at every step along one dominator path", x: 0, y: 0, role: .dim)
        return 1
    }

    func layout(_ width: Int, _ glyphs: Glyphs) -> TableLayout {
        let d = glyphs.ascii ? "+-" : "Δ"
        let w = gm.lastModel.words
        let cols = isClusters
            ? [TableColumn("Objects", width: 9, priority: 0), TableColumn("Retained", width: 10, priority: 0),
               TableColumn("Class", width: 24, priority: 1, rightAligned: false)]
            : [TableColumn("Trend", width: max(gm.count, 5), priority: 0, rightAligned: false),
               TableColumn(d + "Last", width: 10, priority: 0), TableColumn(w.retainedSize, width: 10, priority: 1),
               TableColumn(w.group, width: 24, priority: 2, rightAligned: false)]
        return TableLayout(cols, width: width, minFlex: 20)
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width, ctx.glyphs).heading(gm.lastModel.words.roots == nil ? "Path from the top" : "Path from the roots")
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String { pathText(i, ctx.glyphs) }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width, g)
        if isClusters {
            let c = clusters[i]
            l.put(p, 0, Format.count(c.count), role: .normal, glyphs: g)
            l.put(p, 1, Format.bytes(c.retained), role: .size, glyphs: g)
            l.put(p, 2, c.class, role: .normal, glyphs: g)
        } else {
            let r = paths[i]
            l.put(p, 0, GrowthModel.sparkline(r.retained, glyphs: g), role: .bar, glyphs: g)
            l.put(p, 1, Signed.bytes(r.lastGrowth, g), role: Signed.role(r.lastGrowth), glyphs: g)
            l.put(p, 2, Format.bytes(r.retained.last ?? 0), role: .size, glyphs: g)
            l.put(p, 3, r.path.last?.class ?? "", role: .normal, glyphs: g)
        }
        p.put(Format.clipLeft(pathText(i, g), width: max(p.canvas.width - l.flexStart, 0), ellipsis: g.ellipsis),
              x: l.flexStart, role: .dim)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard !isClusters, list.selected < paths.count else { return .handled }
            return .push(GrowingPathStepsPage(path: paths[list.selected], count: gm.count, words: gm.lastModel.words))
        default:
            return .unhandled
        }
    }
}

/// The steps of one growing path, from the GC roots down, each with its object count and retained size per
/// snapshot.
package final class GrowingPathStepsPage: ListPage, Page {
    let path: GrowthSeries.GrowingPath
    let count: Int
    let words: DumpVocabulary

    init(path: GrowthSeries.GrowingPath, count: Int, words: DumpVocabulary) {
        self.path = path
        self.count = count
        self.words = words
        super.init()
        list.count = path.path.count
    }

    package var title: String { path.path.last?.class ?? "path" }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var hints: [KeyHelp] { [KeyHelp("↑↓", "steps"), KeyHelp("q", "back")] }
    package var keyHelp: [KeyHelp] { [KeyHelp("↑ ↓ j k", "select a step (its series show below)")] }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < path.path.count else { return nil }
        let s = path.path[list.selected]
        let arrow = ctx.glyphs.ascii ? " -> " : " → "
        let name = s.class + (s.id.isEmpty || s.id == s.class ? "" : " " + s.id)
        // HANA: one allocator per step, so no counts; its inclusive sizes instead.
        guard words.countsMeaningful else {
            return name + ctx.glyphs.dot + words.retainedSize.lowercased() + " "
                + s.retained.map { Format.bytes($0) }.joined(separator: arrow)
        }
        return name + ctx.glyphs.dot + "objects " + s.counts.map { Format.count($0) }.joined(separator: arrow)
    }

    override package var rowCount: Int { path.path.count }

    func layout(_ width: Int) -> TableLayout {
        var cols = [TableColumn("Trend", width: max(count, 5), priority: 0, rightAligned: false)]
        for k in 0..<count {
            cols.append(TableColumn("\(words.retainedShort) \(k + 1)", width: 10, priority: k == count - 1 ? 1 : k == 0 ? 2 : 3 + count - k))
        }
        return TableLayout(cols, width: width, minFlex: 24)
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? { layout(width).heading("Step (from " + GrowingPathsPage.top(words) + ")") }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String { path.path[i].class }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width)
        let s = path.path[i]
        l.put(p, 0, GrowthModel.sparkline(s.retained, glyphs: g), role: .bar, glyphs: g)
        for (k, v) in s.retained.enumerated() {
            l.put(p, 1 + k, Format.bytes(v), role: k == s.retained.count - 1 ? .size : .dim, glyphs: g)
        }
        p.putClassName(String(repeating: " ", count: min(i, 12)) + s.class, x: l.flexStart, limit: p.canvas.width,
                       glyphs: g)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }
    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction { navigate(key) ? .handled : .unhandled }
}
