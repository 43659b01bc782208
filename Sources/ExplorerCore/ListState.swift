/// Selection and scrolling of a list: which row is selected, which row is at the top, how many rows were visible at
/// the last render (for paging). Rows for which `selectable` is false are skipped by the cursor.
package struct ListState: Sendable {
    package var count: Int
    package var selected: Int
    package var top: Int
    package var visible: Int

    package init(count: Int = 0) {
        self.count = count
        selected = 0
        top = 0
        visible = 10
    }

    /// Moves the selection by `delta` rows, skipping unselectable rows; stops at the ends.
    package mutating func move(_ delta: Int, selectable: (Int) -> Bool = { _ in true }) {
        guard count > 0 else { return }
        var target = min(max(selected + delta, 0), count - 1)
        let step = delta >= 0 ? 1 : -1
        while target >= 0 && target < count && !selectable(target) { target += step }
        if target < 0 || target >= count {
            target = min(max(selected + delta, 0), count - 1)
            while target >= 0 && target < count && !selectable(target) { target -= step }
        }
        if target >= 0 && target < count { selected = target }
    }

    package mutating func select(_ row: Int) {
        guard count > 0 else { selected = 0; return }
        selected = min(max(row, 0), count - 1)
    }

    /// Applies a navigation key; false when the key is not a navigation key.
    package mutating func navigate(_ key: Key, selectable: (Int) -> Bool = { _ in true }) -> Bool {
        let page = max(visible - 1, 1)
        switch key {
        case .up, .char("k"), .ctrl("p"): move(-1, selectable: selectable)
        case .down, .char("j"), .ctrl("n"): move(1, selectable: selectable)
        case .pageUp, .ctrl("b"): move(-page, selectable: selectable)
        case .pageDown, .ctrl("f"), .char(" "): move(page, selectable: selectable)
        case .ctrl("u"): move(-max(visible / 2, 1), selectable: selectable)
        case .ctrl("d"): move(max(visible / 2, 1), selectable: selectable)
        case .home, .char("g"): selected = 0; move(0, selectable: selectable)
        case .end, .char("G"): selected = max(count - 1, 0); move(0, selectable: selectable)
        default: return false
        }
        return true
    }

    /// Keeps the selection on screen for a list `height` rows tall.
    package mutating func scroll(height: Int) {
        visible = max(height, 1)
        if count == 0 { selected = 0; top = 0; return }
        selected = min(max(selected, 0), count - 1)
        if selected < top { top = selected }
        if selected >= top + visible { top = selected - visible + 1 }
        top = max(0, min(top, max(count - visible, 0)))
    }

    /// `12/3,402` (1-based).
    package var position: String { count == 0 ? "0/0" : "\(Format.count(selected + 1))/\(Format.count(count))" }
}
