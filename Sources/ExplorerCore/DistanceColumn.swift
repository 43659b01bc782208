import Dispatch
import HeapGraph

/// DevTools' Distance column on V8 screens (Summary per constructor, object lists, dominator rows, retainers): the
/// number of references from the global object (`1`: a user root), `−` for objects only the system reaches
/// (distance ≥ 100,000,000) or none, as DevTools shows them. Formats without distances show no column.
extension ExplorerModel {
    /// Whether the dump's format has distances (V8).
    package var hasDistances: Bool { dump?.extras.hasDistances ?? false }

    /// Computes the distances (a breadth-first search when the index did not persist them) and the Summary's
    /// per-class minimum off the UI thread, so that no key waits for them.
    func prepareDistances() {
        guard let extras = dump?.extras, extras.hasDistances else { return }
        DispatchQueue.global(qos: .utility).async { _ = extras.classDistances() }
    }

    /// The distance of `node`, nil when the format has none or the node is unreachable.
    package func distance(_ node: UInt32) -> Int? {
        node == HeapGraph.superRoot ? nil : dump?.extras.distance(node)
    }

    /// The Summary's distance of class `cls` (smallest over its counted instances), nil when none has one.
    package func classDistance(_ cls: UInt32) -> Int? {
        guard let d = dump?.extras.classDistances(), Int(cls) < d.count, d[Int(cls)] >= 0 else { return nil }
        return Int(d[Int(cls)])
    }
}

enum DistanceColumn {
    /// Cells of the column (`Distance`), without the space after it.
    static let width = 8
    /// DevTools' `baseSystemDistance`: from here on only the system reaches an object.
    static let systemDistance = 100_000_000
    /// The name column keeps at least this many cells; below that the distance column is dropped (it is the least
    /// important one: the sizes and the name say more).
    static let minimumName = 24

    /// `3`, or `−` (`-` in ASCII) for system-only and unreachable objects.
    static func text(_ d: Int?, _ glyphs: Glyphs) -> String {
        guard let d, d >= 0, d < systemDistance else { return glyphs.ascii ? "-" : "\u{2212}" }
        return Format.count(d)
    }

    /// The Object screen's line: `3 (references from the global object)`, or why there is none.
    static func describe(_ d: Int?) -> String {
        guard let d else { return "none (unreachable)" }
        if d >= systemDistance { return "none from the global object (only the system reaches it)" }
        return Format.count(d) + " (from the global object; retainers show theirs at the right)"
    }

    /// Whether the column fits before a name that would start at `nameStart` on a `width`-cell line.
    static func fits(_ model: ExplorerModel, width: Int, nameStart: Int) -> Bool {
        model.hasDistances && width - nameStart - (DistanceColumn.width + 2) >= minimumName
    }

    /// The heading of the name column, with `Distance` (after `mark` when the list is sorted by it) before it when
    /// the column is shown.
    static func heading(_ name: String, _ model: ExplorerModel, width: Int, nameStart: Int, mark: String = "") -> String {
        fits(model, width: width, nameStart: nameStart)
            ? Format.padLeft(mark + model.words.distance, DistanceColumn.width) + "  " + name : name
    }

    /// The sort mark of an ascending distance sort (DevTools' first order: nearest first), `reversed` for descending.
    static func mark(reversed: Bool, _ glyphs: Glyphs) -> String {
        reversed ? (glyphs.ascii ? "v" : "▼") : (glyphs.ascii ? "^" : "▲")
    }

    /// The order of the Distance sort: the distance, `−` (system-only, then unreachable) last.
    static func sortValue(_ d: Int?) -> Int { d.map { $0 >= 0 ? $0 : Int.max - 1 } ?? Int.max }

    /// Paints the distance of `node` at `x` when the column is shown; returns where the name starts.
    static func paint(_ node: UInt32, _ p: RowPainter, x: Int, _ model: ExplorerModel, _ glyphs: Glyphs) -> Int {
        guard fits(model, width: p.canvas.width, nameStart: x) else { return x }
        p.putRight(text(model.distance(node), glyphs), right: x + DistanceColumn.width, role: .normal)
        return x + DistanceColumn.width + 2
    }
}

/// Sort by Distance (V8), as DevTools' Summary, object lists and retainers sort by it: ascending first (nearest to the
/// global object first; `S` on the Histogram reverses), ties by retained size (biggest first), then class name or
/// node. `s` reaches it after the other columns on the Histogram and toggles it on object lists.
extension ExplorerModel {
    /// The Histogram's rows by their class's distance (the smallest of its counted instances).
    package func histogramRowsByDistance() -> [ClassHistogram.Row] {
        let base = histogramRows(sortedBy: .retained)
        let keys = base.map { DistanceColumn.sortValue(classDistance($0.classIndex)) }
        return base.indices.sorted { a, b in keys[a] != keys[b] ? keys[a] < keys[b] : a < b }.map { base[$0] }
    }
}

extension HistogramPage {
    /// `s`: retained, shallow, objects, name, then (V8, flat list) distance, then retained again.
    func cycleSort() -> PageAction {
        let keys = ClassHistogram.SortKey.allCases
        if distanceSort {
            distanceSort = false
            sortKey = keys[0]
        } else if sortKey == keys[keys.count - 1] && model.hasDistances && !treeMode {
            distanceSort = true
        } else {
            sortKey = keys[((keys.firstIndex(of: sortKey) ?? 0) + 1) % keys.count]
        }
        resort()
        if distanceSort { return .message("sorted by distance, nearest first (S reverses)") }
        return .message("sorted by \(sortKey == .count ? "objects" : sortKey.rawValue)")
    }
}

extension ObjectListPage {
    /// The objects nearest to the global object first (ties: biggest retained, then node): the first `limit`.
    func nearestFirst(_ all: some Collection<UInt32>) -> [UInt32] {
        let retained = model.tree.retained
        return TopK.select(Array(all), limit: limit) { a, b in
            let da = DistanceColumn.sortValue(model.distance(a)), db = DistanceColumn.sortValue(model.distance(b))
            if da != db { return da < db }
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
    }

    /// `s` (V8): by distance, nearest first, or back to biggest retained first; the selected object stays selected.
    func toggleDistanceSort() -> PageAction {
        let keep = selectedNode
        byDistance.toggle()
        load()
        list.count = rowCount
        list.select(keep.flatMap { k in nodes.firstIndex(of: k) } ?? 0)
        return .message(byDistance ? "sorted by distance, nearest first (s: by retained size)"
                                   : "sorted by retained size (s: by distance)")
    }

    /// The `s` line of the object lists' `?` (V8 only).
    var distanceSortHelp: [KeyHelp] {
        model.hasDistances
            ? [KeyHelp("s", "sort by distance, nearest to the global object first (DevTools' order), or back by retained size")]
            : []
    }
}
