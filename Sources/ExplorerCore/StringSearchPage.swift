import DumpInput
import HeapGraph

/// `:"text"`: the objects whose string value contains the text (DevTools' search; case-insensitive), biggest
/// retained first. The scan visits only string objects and stops at the first `limit` matches, and says so.
public final class StringSearchPage: ListPage, Page {
    public static let limit = 1000
    /// Class names of string objects: Java, then V8's string types.
    static let stringClasses: Set<String> = ["java.lang.String", "(string)", "(concatenated string)", "(sliced string)"]

    public let needle: String
    let model: ExplorerModel
    public private(set) var nodes: [UInt32] = []
    /// The scan stopped at `limit`: more objects may match.
    public private(set) var truncated = false

    public init(needle: String, model: ExplorerModel) {
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
    public var summary: String {
        let quoted = "\"" + TerminalText.visible(needle) + "\""
        if nodes.isEmpty { return "no string contains " + quoted }
        return Format.plural(nodes.count, "string") + (nodes.count == 1 ? " contains " : " contain ") + quoted
            + (truncated ? " (the first \(Format.count(StringSearchPage.limit)); there are more)" : "")
    }

    var selectedNode: UInt32? { list.selected < nodes.count ? nodes[list.selected] : nil }

    // MARK: Page

    public var title: String { "Strings \"" + TerminalText.visible(needle) + "\"" }
    public var searchKind: SearchKind { .find }
    public var position: String? { list.position }
    public var selectionRetained: UInt64? { selectedNode.map { model.tree.retained[Int($0)] } }
    public var hints: [KeyHelp] {
        [KeyHelp("⏎", "object"), KeyHelp("p", "paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }
    public var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected string object"),
         KeyHelp("p", "shortest paths from GC roots to it"),
         KeyHelp("d", "show it in the dominator tree"),
         KeyHelp("/  n N", "find among the results")]
    }

    public func detailLine(_ ctx: PageContext) -> String? {
        selectedNode.map { ObjectPage.summary($0, model, ctx.glyphs) }
    }

    override public var rowCount: Int { nodes.count }

    override public func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        canvas.put(" " + summary, x: 0, y: 0, role: nodes.isEmpty ? .warning : .section)
        return 1
    }

    static let classWidth = 24

    override public func heading(_ width: Int, _ ctx: PageContext) -> String? {
        Format.padLeft("Retained", 10) + "  " + Format.padRight("Class", StringSearchPage.classWidth) + "  Value"
    }

    override public func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let n = nodes[i]
        p.putRight(Format.bytes(model.tree.retained[Int(n)]), right: 10, role: .size)
        p.putClassName(model.className(n), x: 12, limit: 12 + StringSearchPage.classWidth, glyphs: ctx.glyphs)
        let value = TerminalText.visible(model.details.preview(n) ?? "")
        let x = 14 + StringSearchPage.classWidth
        p.put(value, x: x, role: .normal)
    }

    override public func searchText(_ i: Int, _ ctx: PageContext) -> String { model.describe(nodes[i]) }

    public func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    public func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
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
    public var selectedObject: UInt32? { selectedNode }
    public var exportName: String { "strings" }

    public func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["id", "class", "shallow", "retained", "value"])
        for n in nodes { t.rows.append(model.exportCells(n) + [.text(model.details.preview(n) ?? "")]) }
        return t
    }
}
