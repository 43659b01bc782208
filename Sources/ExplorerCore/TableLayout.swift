/// A column of a table screen: its heading, width, whether it is right-aligned, and its priority (lower numbers
/// stay longest when the terminal is narrow).
package struct TableColumn: Sendable {
    package var title: String
    package var width: Int
    package var priority: Int
    package var rightAligned: Bool

    package init(_ title: String, width: Int, priority: Int, rightAligned: Bool = true) {
        self.title = title
        self.width = width
        self.priority = priority
        self.rightAligned = rightAligned
    }
}

/// Which columns fit a width and where they start: columns are dropped by priority until a last, flexible column
/// (a name) keeps at least `minFlex` cells; columns of width 0 are never shown. Columns keep their declared order;
/// one space separates them.
package struct TableLayout: Sendable {
    package let columns: [TableColumn]
    /// Start of each column, nil when it was dropped.
    package let starts: [Int?]
    /// Where the flexible last column starts.
    package let flexStart: Int
    package let width: Int

    package init(_ columns: [TableColumn], width: Int, minFlex: Int, indent: Int = 1) {
        self.columns = columns
        self.width = width
        var shown = Set<Int>()
        var used = indent
        for i in columns.indices.sorted(by: { columns[$0].priority < columns[$1].priority }) where columns[i].width > 0 {
            let w = columns[i].width + 1
            if used + w + minFlex <= width || shown.isEmpty { shown.insert(i); used += w }
        }
        var x = indent
        var starts: [Int?] = []
        for (i, c) in columns.enumerated() {
            if shown.contains(i) {
                starts.append(x)
                x += c.width + 1
            } else {
                starts.append(nil)
            }
        }
        self.starts = starts
        flexStart = x + 1
    }

    package func isShown(_ i: Int) -> Bool { starts[i] != nil }

    /// The heading line with `flex` over the last column.
    package func heading(_ flex: String) -> String {
        var s = ""
        for (i, c) in columns.enumerated() {
            guard let x = starts[i] else { continue }
            s = Format.padRight(s, x)
            s += c.rightAligned ? Format.padLeft(c.title, c.width) : Format.padRight(c.title, c.width)
        }
        return Format.padRight(s, flexStart) + flex
    }

    /// Writes `text` into column `i` (clipped to its width); nothing when the column is hidden.
    package func put(_ p: RowPainter, _ i: Int, _ text: String, role: Role, glyphs: Glyphs) {
        guard let x = starts[i] else { return }
        let c = columns[i]
        let t = TextWidth.of(text) > c.width ? Format.clipRight(text, width: c.width, ellipsis: glyphs.ellipsis) : text
        if c.rightAligned {
            p.putRight(t, right: x + c.width, role: role)
        } else {
            p.put(t, x: x, role: role, limit: x + c.width)
        }
    }
}

/// Signed numbers for comparisons: `+1.2 MiB`, `−640 B` (`-` in ASCII mode), `0`; reads without colour.
package enum Signed {
    package static func bytes(_ v: Int64, _ glyphs: Glyphs) -> String {
        v == 0 ? "0" : sign(v, glyphs) + Format.bytes(v.magnitude)
    }

    package static func count(_ v: Int, _ glyphs: Glyphs) -> String {
        v == 0 ? "0" : sign(Int64(v), glyphs) + Format.count(v.magnitude)
    }

    package static func sign(_ v: Int64, _ glyphs: Glyphs) -> String {
        v > 0 ? "+" : v < 0 ? (glyphs.ascii ? "-" : "−") : ""
    }

    /// The role of a delta: growth stands out, shrinking is dimmed.
    package static func role(_ v: Int64) -> Role { v > 0 ? .warning : v < 0 ? .dim : .normal }
}
