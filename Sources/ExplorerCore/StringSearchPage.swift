import DumpInput
import HeapGraph

/// `:"text"`: the objects whose string value contains the text (DevTools' search; case-insensitive), biggest
/// retained first. The scan visits only string objects and stops at the first `limit` matches, and says so.
package final class StringSearchPage: ListPage, Page {
    package static let limit = 1000
    /// Class names of string objects: Java, then V8's string types.
    static let stringClasses: Set<String> = ["java.lang.String", "(string)", "(concatenated string)", "(sliced string)"]

    package let needle: String
    let model: ExplorerModel
    package private(set) var nodes: [UInt32] = []
    /// The scan stopped at `limit`: more objects may match.
    package private(set) var truncated = false

    package init(needle: String, model: ExplorerModel) {
        self.needle = needle
        self.model = model
        super.init()
        scan()
    }

    func scan() {
        let names = model.graph.classes.names
        var isString = [Bool](repeating: false, count: names.count)
        for (i, n) in names.enumerated() where StringSearchPage.stringClasses.contains(n) { isString[i] = true }
        guard isString.contains(true) else { return }
        let lowered = Array(needle.lowercased().utf8)
        var found: [UInt32] = []
        let classOf = model.graph.classOf
        for v in 1..<model.graph.nodeCount {
            let c = Int(classOf[v])
            guard c < isString.count, isString[c], let text = model.details.preview(UInt32(v)),
                  TextMatcher.containsLowercased(text, lowered) else { continue }
            if found.count == StringSearchPage.limit { truncated = true; break }
            found.append(UInt32(v))
        }
        let retained = model.tree.retained
        nodes = found.sorted { a, b in
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
    }

    /// `3 strings contain "ses"`, with the bound when it was reached.
    package var summary: String {
        let quoted = "\"" + TerminalText.visible(needle) + "\""
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
        canvas.put(" " + summary, x: 0, y: 0, role: nodes.isEmpty ? .warning : .section)
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
