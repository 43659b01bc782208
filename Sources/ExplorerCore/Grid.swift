import DumpInput

/// One terminal cell: a grapheme and its role. A wide glyph fills its cell and marks the next one as continuation.
package struct Cell: Sendable, Equatable {
    package var ch: Character
    package var role: Role
    /// The right half of a wide glyph (the terminal draws nothing here).
    package var continuation: Bool

    package init(_ ch: Character = " ", _ role: Role = .normal, continuation: Bool = false) {
        self.ch = ch
        self.role = role
        self.continuation = continuation
    }
}

/// The whole screen as cells: what every view renders into and what a backend copies to the terminal.
package final class Grid {
    package let width: Int
    package let height: Int
    package private(set) var cells: [Cell]
    /// When true, every non-ASCII character written is replaced by `?` (ASCII terminals and locales).
    package let asciiOnly: Bool

    package init(width: Int, height: Int, asciiOnly: Bool = false) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        self.asciiOnly = asciiOnly
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    package subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle with spaces of `role`.
    package func fill(x: Int, y: Int, width w: Int, height h: Int, role: Role) {
        let x0 = max(x, 0), y0 = max(y, 0), x1 = min(x + w, width), y1 = min(y + h, height)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 { for xx in x0..<x1 { cells[yy * width + xx] = Cell(" ", role) } }
    }

    /// Writes `text` at (x, y), clipped at `limit` (exclusive column, the grid width by default). Control characters
    /// become `?` (bidi controls are left out); a wide glyph that would straddle the limit is replaced by a space.
    /// Returns the column after it.
    @discardableResult
    package func put(_ text: String, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(limit ?? width, width)
        var col = x
        var i = text.startIndex
        while i < text.endIndex {
            var ch = text[i]
            if col >= end {
                // Cut at the screen's right edge: the last cell says so (`…`, `>` in ASCII).
                if end == width, col > 0, text[i...].contains(where: { !$0.isWhitespace }) { markCut(y) }
                break
            }
            i = text.index(after: i)
            // What a terminal would act on (TerminalText, shared with the text outputs): a control becomes `?`, a
            // zero-width bidi control is left out.
            if let s = ch.unicodeScalars.first, TerminalText.isUnsafe(s) {
                if TextWidth.of(s) == 0 { continue }
                ch = "?"
            }
            if asciiOnly, !ch.isASCII { ch = "?" }
            let w = TextWidth.of(ch)
            if w == 0 { continue }
            if col < 0 { col += w; continue }
            if w == 2 {
                if col + 1 >= end { cells[y * width + col] = Cell(" ", role); col += 1; break }
                cells[y * width + col] = Cell(ch, role)
                cells[y * width + col + 1] = Cell(" ", role, continuation: true)
            } else {
                cells[y * width + col] = Cell(ch, role)
            }
            col += w
        }
        return col
    }

    /// Puts the cut marker in the last cell of row `y`.
    func markCut(_ y: Int) {
        let last = y * width + width - 1
        if cells[last].continuation, width > 1 { cells[last - 1] = Cell(" ", cells[last - 1].role) }
        cells[last] = Cell(asciiOnly ? ">" : "…", cells[last].role)
    }

    /// Sets the role of a run of cells without changing their text.
    package func restyle(x: Int, y: Int, width w: Int, role: Role) {
        guard y >= 0, y < height else { return }
        for xx in max(x, 0)..<min(x + w, width) { cells[y * width + xx].role = role }
    }

    /// One line of text per row, trailing spaces removed.
    package var plainText: String {
        var lines: [String] = []
        for y in 0..<height { lines.append(rowText(y)) }
        return lines.joined(separator: "\n")
    }

    package func rowText(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !cells[y * width + x].continuation { s.append(cells[y * width + x].ch) }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// A picture of the styles: one letter per cell naming its resolved style in `theme`, and a legend. Cells that
    /// look the same (same resolved style) share a letter, so a monochrome theme shows what stays distinguishable.
    package func styleMask(theme: Theme) -> String {
        var letters: [Style: Character] = [:]
        var legend: [(Character, Style)] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let plain = Style()
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for x in 0..<width {
                let style = theme.style(for: cells[y * width + x].role)
                if style == plain { line.append("."); continue }
                if let l = letters[style] { line.append(l); continue }
                let l = legend.count < alphabet.count ? alphabet[legend.count] : "*"
                letters[style] = l
                legend.append((l, style))
                line.append(l)
            }
            while line.last == "." { line.removeLast() }
            lines.append(line)
        }
        let key = legend.map { "\($0.0) = \($0.1.description)" }
        return (lines + ["legend:"] + key).joined(separator: "\n")
    }
}

/// A rectangle of a grid that a view draws into with coordinates relative to its corner.
package struct Canvas {
    package let grid: Grid
    package let x: Int
    package let y: Int
    package let width: Int
    package let height: Int

    package init(grid: Grid, x: Int = 0, y: Int = 0, width: Int? = nil, height: Int? = nil) {
        self.grid = grid
        self.x = x
        self.y = y
        self.width = max(0, min(width ?? grid.width - x, grid.width - x))
        self.height = max(0, min(height ?? grid.height - y, grid.height - y))
    }

    package func sub(x dx: Int, y dy: Int, width w: Int, height h: Int) -> Canvas {
        Canvas(grid: grid, x: x + dx, y: y + dy, width: max(0, min(w, width - dx)), height: max(0, min(h, height - dy)))
    }

    @discardableResult
    package func put(_ text: String, x col: Int, y row: Int, role: Role, limit: Int? = nil) -> Int {
        guard row >= 0, row < height else { return col }
        let end = x + min(limit ?? width, width)
        return grid.put(text, x: x + col, y: y + row, role: role, limit: end) - x
    }

    /// Writes `text` right-aligned so that it ends at column `right` (exclusive).
    @discardableResult
    package func putRight(_ text: String, right: Int, y row: Int, role: Role) -> Int {
        let start = right - TextWidth.of(text)
        put(text, x: start, y: row, role: role, limit: right)
        return start
    }

    package func fillRow(_ row: Int, role: Role) {
        guard row >= 0, row < height else { return }
        grid.fill(x: x, y: y + row, width: width, height: 1, role: role)
    }

    package func fill(role: Role) { grid.fill(x: x, y: y, width: width, height: height, role: role) }

    package func restyleRow(_ row: Int, role: Role) {
        guard row >= 0, row < height else { return }
        grid.restyle(x: x, y: y + row, width: width, role: role)
    }
}
