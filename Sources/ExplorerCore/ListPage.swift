import HeapGraph

/// Draws one row of a list: every write takes the `selected` role when the row is selected.
package struct RowPainter {
    package let canvas: Canvas
    package let row: Int
    package let selected: Bool

    @discardableResult
    package func put(_ text: String, x: Int, role: Role, limit: Int? = nil) -> Int {
        canvas.put(text, x: x, y: row, role: selected ? .selected : role, limit: limit)
    }

    @discardableResult
    package func putRight(_ text: String, right: Int, role: Role) -> Int {
        canvas.putRight(text, right: right, y: row, role: selected ? .selected : role)
    }

    /// A class name with its package prefix dimmed, shortened to fit before `limit` (`ClassNames.fit`: package
    /// abbreviated, then cut in the middle).
    @discardableResult
    package func putClassName(_ name: String, x: Int, limit: Int, glyphs: Glyphs, role: Role = .normal) -> Int {
        let shown = ClassNames.fit(name, width: max(limit - x, 0), ellipsis: glyphs.ellipsis)
        if let cut = ClassNames.packageEnd(shown) {
            let pkg = String(shown[..<cut])
            let x2 = put(pkg, x: x, role: .dim, limit: limit)
            return put(String(shown[cut...]), x: x2, role: role, limit: limit)
        }
        return put(shown, x: x, role: role, limit: limit)
    }
}

/// Column positions of the common "retained · % · bar · shallow · name" row.
package struct SizeColumns {
    package let width: Int
    package let barWidth: Int

    package init(width: Int) {
        self.width = width
        barWidth = min(max(width / 8, 6), 24)
    }

    package var retainedEnd: Int { 10 }
    package var percentEnd: Int { 17 }
    package var barStart: Int { 18 }
    package var shallowEnd: Int { barStart + barWidth + 10 }
    package var nameStart: Int { shallowEnd + 2 }

    /// The heading line for these columns with `name` over the last column. `percentOf` `% parent` puts `%` over
    /// the percentages and `of parent` over the bars.
    package func heading(_ name: String, percentOf: String = "%", words: DumpVocabulary = .java) -> String {
        let of = percentOf.hasPrefix("% ") ? "of " + percentOf.dropFirst(2) : ""
        var s = Format.padLeft(words.retainedSize, 10) + Format.padLeft(of.isEmpty ? percentOf : "%", 7) + " "
        s += Format.padRight(String(of.prefix(barWidth)), barWidth) + Format.padLeft(words.shallowSize, 10) + "  " + name
        return s
    }

    /// Paints retained, percent, bar, shallow; returns the column where the name starts.
    package func paint(_ p: RowPainter, retained: UInt64, of whole: UInt64, shallow: UInt64, glyphs: Glyphs) -> Int {
        p.putRight(Format.bytes(retained), right: retainedEnd, role: .size)
        p.putRight(Format.percent(retained, of: whole), right: percentEnd, role: .normal)
        let bar = glyphs.ascii ? "[" + glyphs.bar(Format.fraction(retained, of: whole), width: barWidth - 2) + "]"
                               : glyphs.bar(Format.fraction(retained, of: whole), width: barWidth)
        p.put(bar, x: barStart, role: .bar)
        p.putRight(Format.bytes(shallow), right: shallowEnd, role: .normal)
        return nameStart
    }
}

/// Helpers for Java-like class names.
package enum ClassNames {
    /// Where the simple name starts after a package (`java.util.` in `java.util.HashMap$Node[]`), if any.
    package static func packageEnd(_ name: String) -> String.Index? {
        var end = name.endIndex
        if let lt = name.firstIndex(where: { $0 == "<" || $0 == "(" || $0 == " " || $0 == "[" }) { end = lt }
        guard let dot = name[..<end].lastIndex(of: "."), dot != name.startIndex else { return nil }
        let cut = name.index(after: dot)
        return cut < name.endIndex ? cut : nil
    }
}

/// Base for the list screens inside ExplorerCore: a `ListController` with the rows supplied by overriding the
/// `ListRows` members. Screens in other modules own a `ListController` instead.
package class ListPage: ListRows {
    package let controller = ListController()
    package var list: ListState {
        get { controller.state }
        set { controller.state = newValue }
    }
    package var matcher: TextMatcher? {
        get { controller.matcher }
        set { controller.matcher = newValue }
    }

    package init() {}

    /// Number of rows (override).
    package var rowCount: Int { 0 }
    /// The heading over the rows, or nil for none (override).
    package func heading(_ width: Int, _ ctx: PageContext) -> String? { nil }
    /// Draws row `i` (override).
    package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {}
    package func isSelectable(_ i: Int) -> Bool { true }
    /// The text `/` searches in row `i`.
    package func searchText(_ i: Int, _ ctx: PageContext) -> String { "" }
    /// Lines drawn above the heading (a summary block); rows start below them.
    package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int { 0 }

    package func renderList(_ canvas: Canvas, _ ctx: PageContext) { controller.render(canvas, ctx, self) }

    package func navigate(_ key: Key) -> Bool { controller.navigate(key, self) }

    /// `/` selects the first matching row from the selection on; `n` and `N` the next and the previous one.
    package func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext) -> Bool {
        controller.setQuery(matcher, ctx, self)
    }

    package func findNext(forward: Bool, _ ctx: PageContext) -> Bool {
        controller.findNext(forward: forward, ctx, self)
    }

    package func find(_ matcher: TextMatcher?, from start: Int, forward: Bool, _ ctx: PageContext) -> Bool {
        controller.find(matcher, from: start, forward: forward, ctx, self)
    }
}

/// A list that `/` filters as you type (rows not matching are hidden) instead of searching in place.
package class FilteringListPage: ListPage {
    /// Recomputes the visible rows from `matcher`.
    func applyFilter() {}

    /// Rebuilds the rows (a new sort order or filter) and keeps the selected row selected when it is still shown
    /// (`identity` names a row across orders), else selects the first.
    func reorder<ID: Equatable>(identity: (Int) -> ID, rebuild: () -> Void) {
        let keep = list.selected < rowCount ? identity(list.selected) : nil
        rebuild()
        list.count = rowCount
        if let keep, let i = (0..<rowCount).first(where: { identity($0) == keep }) {
            list.select(i)
        } else {
            list.select(0)
        }
    }

    override package func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext) -> Bool {
        self.matcher = matcher
        applyFilter()
        list.count = rowCount
        list.select(0)
        list.top = 0
        return rowCount > 0
    }
}
