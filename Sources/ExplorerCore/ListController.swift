/// The rows a list screen shows through a `ListController`: how many, how each is drawn and searched, which can be
/// selected, and what stands above them (a summary block, a column heading).
package protocol ListRows: AnyObject {
    var rowCount: Int { get }
    /// The heading over the rows, or nil for none.
    func heading(_ width: Int, _ ctx: PageContext) -> String?
    func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext)
    func isSelectable(_ i: Int) -> Bool
    /// The text `/` searches in row `i`.
    func searchText(_ i: Int, _ ctx: PageContext) -> String
    /// Lines drawn above the heading (a summary block); rows start below them.
    func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int
}

extension ListRows {
    package func heading(_ width: Int, _ ctx: PageContext) -> String? { nil }
    package func isSelectable(_ i: Int) -> Bool { true }
    package func searchText(_ i: Int, _ ctx: PageContext) -> String { "" }
    package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int { 0 }
}

/// The one implementation of a list screen's behaviour, owned by each list page: selection, scrolling, paging, `/`
/// find with `n`/`N`, and drawing the rows under their heading. Rows that cannot be selected (text) scroll: where
/// the cursor can go no further (above the first selectable row, below the last), the movement keys scroll the
/// view instead, so text above or below the selectable rows can always be read.
package final class ListController {
    package var state = ListState()
    package var matcher: TextMatcher?
    /// The selection the view was scrolled away from (the view no longer follows it); nil: it follows.
    private var freedAt: Int?
    /// Whether the list was drawn (its height known): before that, keys only move the selection.
    private var drawn = false

    package init() {}

    /// Shows the list from its first row (the text above the first selectable row) while keeping the selection.
    package func showTop() {
        state.top = 0
        freedAt = state.selected
    }

    /// The same rows at new indices (rebuilt, rewrapped): the view still follows the selection, or still does not.
    package func remap(selected: Int, top: Int, count: Int) {
        let freed = freedAt == state.selected
        state.count = count
        state.selected = selected
        state.top = top
        freedAt = freed ? selected : nil
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext, _ rows: some ListRows) {
        state.count = rows.rowCount
        var y = rows.preamble(canvas, ctx)
        if let h = rows.heading(canvas.width, ctx) {
            canvas.fillRow(y, role: .columns)
            canvas.put(h, x: 0, y: y, role: .columns)
            y += 1
        }
        let height = max(canvas.height - y, 1)
        drawn = true
        if state.count > 0, !rows.isSelectable(state.selected) { state.move(1, selectable: rows.isSelectable) }
        if let f = freedAt, f == state.selected {
            state.visible = height
            state.top = max(0, min(state.top, state.count - height))
        } else {
            freedAt = nil
            state.scroll(height: height)
        }
        let body = canvas.sub(x: 0, y: y, width: canvas.width, height: canvas.height - y)
        var row = 0
        var i = state.top
        while row < body.height && i < state.count {
            let selected = i == state.selected && rows.isSelectable(i)
            if selected { body.fillRow(row, role: .selected) }
            rows.drawRow(i, RowPainter(canvas: body, row: row, selected: selected), ctx)
            row += 1
            i += 1
        }
    }

    /// Applies a movement key; false when it is none.
    package func navigate(_ key: Key, _ rows: some ListRows) -> Bool {
        state.count = rows.rowCount
        // A view scrolled away from the selection scrolls on towards it before the selection moves.
        if drawn, freedAt == state.selected, let step = ListController.scrollStep(key, page: max(state.visible - 1, 1)) {
            let lastTop = max(state.count - state.visible, 0)
            if (step > 0 && state.selected >= state.top + state.visible) || (step < 0 && state.selected < state.top) {
                state.top = max(0, min(state.top + step, lastTop))
                return true
            }
        }
        let before = state.selected
        guard state.navigate(key, selectable: rows.isSelectable) else { return false }
        scrollText(key, moved: state.selected != before)
        return true
    }

    /// Rows a movement key scrolls by (nil: Home, End and keys that do not move).
    static func scrollStep(_ key: Key, page: Int) -> Int? {
        switch key {
        case .up, .char("k"), .ctrl("p"): return -1
        case .down, .char("j"), .ctrl("n"): return 1
        case .pageUp, .ctrl("b"): return -page
        case .pageDown, .ctrl("f"), .char(" "): return page
        case .ctrl("u"): return -max((page + 1) / 2, 1)
        case .ctrl("d"): return max((page + 1) / 2, 1)
        default: return nil
        }
    }

    /// Where the cursor stopped (first or last selectable row), scrolls the view over the text beyond it.
    private func scrollText(_ key: Key, moved: Bool) {
        let lastTop = max(state.count - state.visible, 0)
        var top: Int?
        switch key {
        case .home, .char("g"): top = 0
        case .end, .char("G"): top = lastTop
        default: if !moved, let step = ListController.scrollStep(key, page: max(state.visible - 1, 1)) {
            top = state.top + step
        }
        }
        guard let top else { freedAt = nil; return }
        let clamped = max(0, min(top, lastTop))
        // Home and End on a list whose ends are selectable keep following the selection.
        if moved && freedAt == nil && clamped <= state.selected && state.selected < clamped + state.visible { return }
        state.top = clamped
        freedAt = state.selected
    }

    /// `/` selects the first matching row from the selection on.
    package func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext, _ rows: some ListRows) -> Bool {
        find(matcher, from: state.selected, forward: true, ctx, rows)
    }

    /// `n` and `N`: the next and the previous matching row.
    package func findNext(forward: Bool, _ ctx: PageContext, _ rows: some ListRows) -> Bool {
        find(matcher, from: state.selected + (forward ? 1 : -1), forward: forward, ctx, rows)
    }

    package func find(_ matcher: TextMatcher?, from start: Int, forward: Bool, _ ctx: PageContext,
                     _ rows: some ListRows) -> Bool {
        self.matcher = matcher
        guard let matcher, !matcher.isEmpty else { return true }
        let n = rows.rowCount
        guard n > 0 else { return false }
        var i = start
        for _ in 0..<n {
            let k = ((i % n) + n) % n
            if rows.isSelectable(k) && matcher.matches(rows.searchText(k, ctx)) {
                state.count = n
                state.select(k)
                freedAt = nil
                return true
            }
            i += forward ? 1 : -1
        }
        return false
    }
}
