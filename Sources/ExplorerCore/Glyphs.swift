/// The characters used for bars, tree lines and markers: Unicode (block elements, box drawing) or plain ASCII for
/// terminals and locales without UTF-8.
package struct Glyphs: Sendable, Equatable {
    package enum BarStyle: String, Sendable, CaseIterable {
        /// `▏▎▍▌▋▊▉█`: eight steps per cell.
        case eighth
        /// `▌█`: two steps per cell.
        case half
        /// `#`: one step per cell, works everywhere.
        case hash
    }

    package var ascii: Bool
    package var barStyle: BarStyle

    package init(ascii: Bool, barStyle: BarStyle = .eighth) {
        self.ascii = ascii
        self.barStyle = ascii ? .hash : barStyle
    }

    package var crumbSeparator: String { ascii ? " > " : " › " }
    package var ellipsis: String { ascii ? "..." : "…" }
    package var dot: String { ascii ? " - " : " · " }
    package var selectionMarker: String { ascii ? ">" : "▶" }
    package var treeBranch: String { ascii ? "|- " : "├─ " }
    package var treeLast: String { ascii ? "`- " : "└─ " }
    package var treePipe: String { ascii ? "|  " : "│  " }
    package var treeBlank: String { "   " }
    package var rootMarker: String { ascii ? "*" : "◆" }
    package var weakMarker: String { ascii ? "~" : "≈" }
    package var more: String { ascii ? "+" : "↳" }
    package var hline: Character { ascii ? "-" : "─" }

    /// Key names as written in help and hints (`⏎`, `←`), spelled out in ASCII mode (`Enter`, `Left`).
    package func keys(_ text: String) -> String {
        guard ascii else { return text }
        let names: [Character: String] = ["⏎": "Enter", "⌫": "BkSp", "←": "Left", "→": "Right", "↑": "Up",
                                          "↓": "Down", "…": "..."]
        var out = ""
        for ch in text { out += names[ch] ?? String(ch) }
        return out
    }

    /// A bar `width` cells wide filled to `fraction` (clamped to 0...1); unfilled cells are spaces.
    package func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        switch barStyle {
        case .hash:
            let n = Int((f * Double(width)).rounded())
            return String(repeating: "#", count: n) + String(repeating: " ", count: width - n)
        case .half:
            let halves = Int((f * Double(width * 2)).rounded())
            let full = halves / 2
            var s = String(repeating: "█", count: full)
            if halves % 2 == 1 { s += "▌" }
            return s + String(repeating: " ", count: width - full - halves % 2)
        case .eighth:
            let eighths = Int((f * Double(width * 8)).rounded())
            let full = eighths / 8
            let rest = eighths % 8
            var s = String(repeating: "█", count: full)
            if rest > 0 { s.append(Glyphs.partials[rest - 1]) }
            return s + String(repeating: " ", count: width - full - (rest > 0 ? 1 : 0))
        }
    }

    static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
}
