/// The explorer's question when a file holds several heap dumps (the JDK 6/7 HPROF agent appends one per request)
/// and `--dump N` was not given: which one to open. The first is loaded already (the default of `--dump`, as in MAT
/// and VisualVM); choosing it costs nothing, choosing another loads that one.
package struct DumpPicker: Sendable {
    package enum Outcome: Sendable, Equatable {
        /// Open dump N (1-based).
        case open(Int)
        case quit
    }

    package var fileName: String
    /// Bytes of heap-dump records per dump, in file order.
    package var heapBytes: [Int]
    /// The dump already loaded (1-based).
    package var loaded: Int
    /// The highlighted row (0-based).
    package var selected: Int

    package init(path: String, heapBytes: [Int], loaded: Int) {
        fileName = path.split(separator: "/").last.map(String.init) ?? path
        self.heapBytes = heapBytes
        self.loaded = loaded
        selected = max(0, min(loaded - 1, heapBytes.count - 1))
    }

    /// Moves the highlight or decides: Enter opens the highlighted dump, a digit opens that dump, q/Esc quits.
    package mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .up, .char("k"): selected = max(selected - 1, 0)
        case .down, .char("j"): selected = min(selected + 1, heapBytes.count - 1)
        case .home: selected = 0
        case .end: selected = heapBytes.count - 1
        case .enter: return .open(selected + 1)
        case .char("q"), .escape, .ctrl("c"): return .quit
        case .char(let c):
            if let n = c.wholeNumberValue, n >= 1, n <= heapBytes.count { return .open(n) }
        default: break
        }
        return nil
    }

    package func render(width: Int, height: Int, glyphs: Glyphs) -> Grid {
        let grid = Grid(width: width, height: height, asciiOnly: glyphs.ascii)
        guard width >= 30, height >= 7 else {
            grid.put("\(heapBytes.count) heap dumps: 1-\(heapBytes.count) opens one, q quits", x: 0, y: 0,
                     role: .normal)
            return grid
        }
        let shown = min(heapBytes.count, max(height - 8, 1))
        let boxW = min(width - 2, 78)
        let boxH = min(height, shown + 7)
        let c = Canvas(grid: grid, x: (width - boxW) / 2, y: max((height - boxH) / 2, 0), width: boxW, height: boxH)
        LoadingView.drawBox(c, title: "Several heap dumps in " + fileName, glyphs: glyphs)
        let inner = c.sub(x: 2, y: 1, width: boxW - 4, height: boxH - 2)
        inner.put("This file holds \(heapBytes.count) heap dumps. Which one should hdx open?", x: 0, y: 1,
                  role: .normal)
        // Keep the highlighted row in view.
        let first = min(max(selected - shown + 1, 0), max(heapBytes.count - shown, 0))
        for row in 0..<shown {
            let i = first + row
            let y = 3 + row
            let marker = i == selected ? (glyphs.ascii ? ">" : "▸") : " "
            let note = i + 1 == loaded ? "  (loaded)" : ""
            let text = "\(marker) dump \(i + 1)   " + Format.padLeft(Format.bytes(UInt64(heapBytes[i])), 10)
                + " of heap records" + note
            if i == selected { inner.fillRow(y, role: .selected) }
            inner.put(text, x: 0, y: y, role: i == selected ? .selected : .normal)
        }
        inner.put(glyphs.keys("⏎") + " opens  " + glyphs.keys("↑") + "/" + glyphs.keys("↓") + " choose  1-9 open that dump  q quits",
                  x: 0, y: inner.height - 1, role: .dim)
        return grid
    }
}
