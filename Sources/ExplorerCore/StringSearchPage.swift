import DumpInput
import HeapGraph

/// `:"text"`: the objects whose string value contains the text (DevTools' search; case-insensitive), biggest
/// retained first. The scan visits only string objects and stops at the first `limit` matches, and says so. On a big
/// dump it runs in the background: the screen lists the matches found so far under its progress, Esc stops it.
package final class StringSearchPage: ListPage, Page {
    package static let limit = 1000

    package let needle: String
    let model: ExplorerModel
    package private(set) var nodes: [UInt32] = []
    /// The scan stopped at `limit`: more objects may match.
    package private(set) var truncated = false
    /// The scan (nil when the dump has no string class).
    private(set) var job: SearchJob?
    /// The scan's progress when it was last looked at (`refresh`).
    private var progress = SearchJob.Snapshot(total: 0)

    package init(needle: String, model: ExplorerModel, inline: Bool? = nil) {
        self.needle = needle
        self.model = model
        super.init()
        job = StringSearchPage.scan(needle, model: model, inline: inline)
        refresh()
    }

    /// A screen over a given scan (tests).
    init(needle: String, model: ExplorerModel, job: SearchJob) {
        self.needle = needle
        self.model = model
        super.init()
        self.job = job
        refresh()
    }

    /// The scan over the string objects (the format's own scan over its string bytes in file order, else each
    /// string object's preview), in the background when the dump is big; nil when the dump has no string objects.
    static func scan(_ needle: String, model: ExplorerModel, inline: Bool?) -> SearchJob? {
        guard let scanner = StringScans.scanner(graph: model.graph, details: model.details) else { return nil }
        let wanted = StringNeedle(needle)
        return SearchJob(total: scanner.stringScanUnits, keep: .first(StringSearchPage.limit),
                         inline: inline ?? StringScans.isQuick(scanner), step: scanner.stringScanStep) {
            scanner.stringMatches(wanted, units: $0)
        }
    }

    /// Takes the matches found so far, biggest retained first; the selected object stays selected.
    func refresh() {
        guard let job else { return }
        let snap = job.snapshot
        guard snap.done != progress.done || snap.finished != progress.finished || nodes.count != snap.kept.count
        else { return }
        progress = snap
        let keep = selectedNode
        let retained = model.tree.retained
        nodes = snap.kept.sorted { a, b in
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
        truncated = snap.truncated
        list.count = rowCount
        if let keep, let i = nodes.firstIndex(of: keep) { list.select(i) }
    }

    var isScanning: Bool { job?.isRunning == true }

    /// Stops the scan; the matches found so far stay.
    func stopScan() {
        job?.cancel()
        refresh()
    }

    /// `3 strings contain "ses"`, with the bound when it was reached; while scanning, the progress first.
    package var summary: String {
        let quoted = "\"" + TerminalText.visible(needle) + "\""
        if isScanning || progress.cancelled {
            let found = Format.plural(nodes.count, "string") + (nodes.count == 1 ? " contains " : " contain ") + quoted
            return isScanning ? "searching \(progress.percent)% of the objects: " + found + " so far (Esc stops)"
                : found + " in the first \(progress.percent)% of the objects (stopped)"
        }
        if nodes.isEmpty { return "no string contains " + quoted }
        return Format.plural(nodes.count, "string") + (nodes.count == 1 ? " contains " : " contain ") + quoted
            + (truncated ? " (the first \(Format.count(StringSearchPage.limit)); there are more)" : "")
    }

    var selectedNode: UInt32? { list.selected < nodes.count ? nodes[list.selected] : nil }

    // MARK: Page

    package var title: String { "Strings \"" + TerminalText.visible(needle) + "\"" }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? { selectedNode.map { model.tree.retained[Int($0)] } }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "object"), KeyHelp("p", "paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected string object"),
         KeyHelp("p", "shortest paths from GC roots to it"),
         KeyHelp("d", "show it in the dominator tree"),
         KeyHelp("/  n N", "find among the results")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        selectedNode.map { ObjectPage.summary($0, model, ctx.glyphs) }
    }

    override package var rowCount: Int { nodes.count }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        canvas.put(" " + summary, x: 0, y: 0, role: nodes.isEmpty && !isScanning ? .warning : .section)
        return 1
    }

    static let classWidth = 24

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        Format.padLeft("Retained", 10) + "  " + Format.padRight(model.words.group, StringSearchPage.classWidth) + "  Value"
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let n = nodes[i]
        p.putRight(Format.bytes(model.tree.retained[Int(n)]), right: 10, role: .size)
        p.putClassName(model.className(n), x: 12, limit: 12 + StringSearchPage.classWidth, glyphs: ctx.glyphs)
        let value = TerminalText.visible(model.details.preview(n) ?? "")
        let x = 14 + StringSearchPage.classWidth
        p.put(value, x: x, role: .normal)
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String { model.describe(nodes[i]) }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if key == .escape && isScanning {
            stopScan()
            return .message("search stopped at \(progress.percent)%")
        }
        if navigate(key) { return .handled }
        guard let n = selectedNode else { return .unhandled }
        switch key {
        case .enter, .right, .char("l"), .char("o"): return .push(ObjectPage(node: n, model: model))
        case .char("p"): return .push(PathsPage(node: n, model: model))
        case .char("d"): return .reveal(n)
        default: return .unhandled
        }
    }
}

extension StringSearchPage: ObjectSelecting, TableExporting {
    package var selectedObject: UInt32? { selectedNode }
    package var exportName: String { "strings" }

    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["id", "class", "shallow", "retained", "value"])
        for n in nodes { t.rows.append(model.exportCells(n) + [.text(model.details.preview(n) ?? "")]) }
        return t
    }
}
