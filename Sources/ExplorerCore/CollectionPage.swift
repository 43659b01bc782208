import Dispatch
import DumpInput
import DumpProgress
#if canImport(Glibc)
import Glibc
#endif
import HeapAnalysis
import HeapGraph

/// A collection as its contents (MAT's collection queries): size, capacity and fill ratio above, then one row per
/// entry, `key = value` (lists and arrays: `[i] element`) with what the entry retains. Enter opens the value (or the
/// element); at most the first 10,000 entries are read: the first screen's worth at once, the rest in the background.
package final class CollectionPage: ListPage, Page {
    let model: ExplorerModel
    package private(set) var contents: CollectionContents
    /// The read of all entries (up to 10,000) while it runs, after a first page was read.
    private var rest: Locked<CollectionContents?>?

    package init(contents: CollectionContents, model: ExplorerModel) {
        self.contents = contents
        self.model = model
        super.init()
        list.count = rowCount
    }

    /// Entries read before the screen opens (more than a screen holds); the rest follow in the background.
    package static let firstPage = 200

    /// `c` on a row naming `node`: its Collection screen, or a message saying why not.
    package static func open(_ node: UInt32?, _ model: ExplorerModel, firstPage: Int = firstPage) -> PageAction {
        guard let node, node != HeapGraph.superRoot else { return .message("select an object to list its contents") }
        guard let c = CollectionContents.read(node, in: model.index, limit: firstPage, texts: false,
                                              countAll: false) else {
            return .message(model.className(node) + " is not a collection hdx can list (c: maps, sets, lists, arrays)")
        }
        let page = CollectionPage(contents: c, model: model)
        if c.truncated && firstPage < CollectionContents.defaultLimit { page.readRest() }
        return .push(page)
    }

    /// Reads all entries (up to the default limit) on a background thread; `refresh` takes them.
    private func readRest() {
        let box = Locked<CollectionContents?>(nil)
        rest = box
        let index = model.index, node = contents.node
        DispatchQueue.global(qos: .userInitiated).async {
            let all = CollectionContents.read(node, in: index, texts: false)
            box.withLock { $0 = all }
        }
    }

    /// Whether entries are still being read.
    package var isReading: Bool { rest != nil }

    /// Takes all entries once read (the first ones are the same, so the selection stays).
    package func refresh() {
        guard let box = rest, let all = box.withLock({ $0 }) else { return }
        rest = nil
        contents = all
        list.count = rowCount
    }

    /// Blocks until all entries are read (tests).
    package func waitUntilRead() {
        while rest != nil {
            refresh()
            if rest != nil { usleep(1000) }
        }
    }

    /// `3 entries · capacity 16 · 19% full` (the fill ratio only with a backing store).
    package static func summary(_ c: CollectionContents, dot: String = " · ") -> String {
        let entries = c.kind.isMap || c.kind.isSet
        var s = Format.count(c.size) + (entries ? (c.size == 1 ? " entry" : " entries")
                                                : (c.size == 1 ? " element" : " elements"))
        let js: Set<CollectionContents.Kind> = [.jsMap, .jsSet, .jsArray, .jsWeakMap, .jsWeakSet]
        if js.contains(c.kind) { s += " found" }
        // The length is a small integer the snapshot does not hold: at least the highest index found plus one
        // (said when holes or small integers make it more than the elements found).
        if let n = c.lengthAtLeast, n > c.size {
            s += dot + "length " + (dot.contains("·") ? "≥ " : ">= ") + Format.count(n)
        }
        if c.kind.hasCapacity && (c.kind != .jsArray || c.capacity > 0) { s += dot + "capacity " + Format.count(c.capacity) }
        if let b = c.storeBytes { s += " (" + (c.kind == .jsArray ? "elements" : "table") + " " + Format.bytes(b) + ")" }
        if let r = c.fillRatio { s += dot + Format.oneDecimal(r * 100) + "% full" }
        return s
    }

    // MARK: Page

    package var title: String { "Contents " + model.idString(contents.node) }
    package var searchKind: SearchKind { .find }
    package var position: String? { list.position }
    package var selectionRetained: UInt64? {
        list.selected < contents.entries.count ? contents.entries[list.selected].retained : nil
    }
    package var hints: [KeyHelp] { [KeyHelp("⏎", "open value"), KeyHelp("q", "back")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "open the selected entry's value (lists, arrays, sets: the element)"),
         KeyHelp("/  n N", "find a key or value")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard list.selected < contents.entries.count else { return nil }
        let e = contents.entries[list.selected]
        guard let t = e.value ?? e.key else { return nil }
        return ObjectPage.summary(t, model, ctx.glyphs)
    }

    override package var rowCount: Int { contents.entries.count + (contents.truncated || contents.entries.isEmpty ? 1 : 0) }

    override package func isSelectable(_ i: Int) -> Bool { i < contents.entries.count }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let g = ctx.glyphs
        let w = canvas.width - 2
        let head = model.describe(contents.node)
        canvas.put(" " + Format.clipRight(TerminalText.visible(head), width: w, ellipsis: g.ellipsis), x: 0, y: 0,
                   role: .section)
        // An array read up to its first page has no size yet: its slots are still being counted.
        let size = contents.kind == .objectArray && contents.declaredSize == nil
            ? "counting the elements" + g.ellipsis + g.dot + "capacity " + Format.count(contents.capacity)
            : CollectionPage.summary(contents, dot: g.dot)
        let line = size + g.dot + "retained " + Format.bytes(model.tree.retained[Int(contents.node)])
        canvas.put(" " + Format.clipRight(line, width: w, ellipsis: g.ellipsis), x: 0, y: 1, role: .normal)
        return 2
    }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        Format.padLeft("Retained", 10) + "  " + (contents.kind.isMap ? "Key = Value" : "Slot  Element")
    }

    /// Row texts, formatted when first shown (a screen shows 20 of 10,000).
    var texts: [Int: String] = [:]

    func text(_ i: Int) -> String {
        if let t = texts[i] { return t }
        let e = contents.entries[i]
        func shown(_ text: String, _ node: UInt32?) -> String {
            guard text.isEmpty, let node else { return text }
            return ValueText.of(node, in: model.index)
        }
        let key = shown(e.keyText, e.key)
        let body = contents.kind.isMap ? key + " = " + shown(e.valueText, e.value)
            : (contents.kind.isSet ? key : "[\(e.slot)] " + key)
        let t = TerminalText.visible(body)
        texts[i] = t
        return t
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        i < contents.entries.count ? text(i) : ""
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let w = p.canvas.width
        guard i < contents.entries.count else {
            let note = contents.entries.isEmpty ? "  (empty)"
                : "  " + ctx.glyphs.more + (isReading ? " reading more entries" + ctx.glyphs.ellipsis
                    : " showing the first " + Format.count(contents.entries.count) + " entries")
            p.put(note, x: 0, role: .dim, limit: w)
            return
        }
        let e = contents.entries[i]
        p.putRight(Format.bytes(e.retained), right: 10, role: .size)
        p.put(Format.clipRight(text(i), width: max(w - 13, 1), ellipsis: ctx.glyphs.ellipsis), x: 12, role: .normal,
              limit: w - 1)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard list.selected < contents.entries.count else { return .handled }
            let e = contents.entries[list.selected]
            guard let t = e.value ?? e.key else { return .message("null, or a small integer: no object to open") }
            return .push(ObjectPage(node: t, model: model))
        default:
            return .unhandled
        }
    }
}
