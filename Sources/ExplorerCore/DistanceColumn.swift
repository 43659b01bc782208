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

    /// The heading of the name column, with `Distance` before it when the column is shown.
    static func heading(_ name: String, _ model: ExplorerModel, width: Int, nameStart: Int) -> String {
        fits(model, width: width, nameStart: nameStart)
            ? Format.padLeft(model.words.distance, DistanceColumn.width) + "  " + name : name
    }

    /// Paints the distance of `node` at `x` when the column is shown; returns where the name starts.
    static func paint(_ node: UInt32, _ p: RowPainter, x: Int, _ model: ExplorerModel, _ glyphs: Glyphs) -> Int {
        guard fits(model, width: p.canvas.width, nameStart: x) else { return x }
        p.putRight(text(model.distance(node), glyphs), right: x + DistanceColumn.width, role: .normal)
        return x + DistanceColumn.width + 2
    }
}
