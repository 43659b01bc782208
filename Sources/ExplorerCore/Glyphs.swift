/// The characters used for bars, tree lines and markers: Unicode (block elements, box drawing) or plain ASCII for
/// terminals and locales without UTF-8.
public struct Glyphs: Sendable, Equatable {
    public enum BarStyle: String, Sendable, CaseIterable {
        /// `▏▎▍▌▋▊▉█`: eight steps per cell.
        case eighth
        /// `▌█`: two steps per cell.
        case half
        /// `#`: one step per cell, works everywhere.
        case hash
    }

    public var ascii: Bool
    public var barStyle: BarStyle

    public init(ascii: Bool, barStyle: BarStyle = .eighth) {
        self.ascii = ascii
        self.barStyle = ascii ? .hash : barStyle
    }

    public var crumbSeparator: String { ascii ? " > " : " › " }
    public var ellipsis: String { ascii ? "..." : "…" }
    public var dot: String { ascii ? " - " : " · " }
    public var selectionMarker: String { ascii ? ">" : "▶" }
    public var treeBranch: String { ascii ? "|- " : "├─ " }
    public var treeLast: String { ascii ? "`- " : "└─ " }
    public var treePipe: String { ascii ? "|  " : "│  " }
    public var treeBlank: String { "   " }
    public var rootMarker: String { ascii ? "*" : "◆" }
    public var weakMarker: String { ascii ? "~" : "≈" }
    public var more: String { ascii ? "+" : "↳" }
    public var hline: Character { ascii ? "-" : "─" }

    /// Key names as written in help and hints (`⏎`, `←`), spelled out in ASCII mode (`Enter`, `Left`).
    public func keys(_ text: String) -> String {
        guard ascii else { return text }
        let names: [Character: String] = ["⏎": "Enter", "⌫": "BkSp", "←": "Left", "→": "Right", "↑": "Up",
                                          "↓": "Down", "…": "..."]
        var out = ""
        for ch in text { out += names[ch] ?? String(ch) }
        return out
    }

    /// A bar `width` cells wide filled to `fraction` (clamped to 0...1); unfilled cells are spaces.
    public func bar(_ fraction: Double, width: Int) -> String {
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
