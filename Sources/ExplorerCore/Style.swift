/// A colour as a theme writes it: the terminal default, an ANSI colour (0–15), an xterm-256 index or `#rrggbb`.
package enum ThemeColor: Sendable, Hashable, CustomStringConvertible {
    case `default`
    case ansi(UInt8)
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, `red`, `bright-red`, `0`–`255` or `#rrggbb`.
    package init?(parsing text: String) {
        let t = text.lowercased()
        if t == "default" { self = .default; return }
        if let i = ThemeColor.ansiNames.firstIndex(of: t) { self = .ansi(UInt8(i)); return }
        if t.hasPrefix("bright-"), let i = ThemeColor.ansiNames.firstIndex(of: String(t.dropFirst(7))) {
            self = .ansi(UInt8(i + 8)); return
        }
        if let n = UInt8(t) { self = .indexed(n); return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)); return
        }
        return nil
    }

    package var description: String {
        switch self {
        case .default: return "default"
        case .ansi(let i): return i < 8 ? ThemeColor.ansiNames[Int(i)] : "bright-" + ThemeColor.ansiNames[Int(i - 8)]
        case .indexed(let i): return String(i)
        case .rgb(let r, let g, let b):
            let hex = Array("0123456789abcdef")
            var s = "#"
            for v in [r, g, b] { s.append(hex[Int(v >> 4)]); s.append(hex[Int(v & 15)]) }
            return s
        }
    }

    /// The colour number to hand to the terminal at a colour depth: -1 for the default colour.
    package func terminalIndex(colors: Int) -> Int16 {
        switch self {
        case .default: return -1
        case .ansi(let i): return colors >= 16 ? Int16(i) : Int16(i & 7)
        case .indexed(let i):
            if colors >= 256 || Int(i) < min(colors, 16) { return Int16(i) }
            let (r, g, b) = ThemeColor.xtermRGB(Int(i))
            return Int16(ThemeColor.nearestANSI8(r, g, b))
        case .rgb(let r, let g, let b):
            if colors >= 256 { return Int16(ThemeColor.nearestXterm256(Int(r), Int(g), Int(b))) }
            return Int16(ThemeColor.nearestANSI8(Int(r), Int(g), Int(b)))
        }
    }

    static let cubeLevels = [0, 95, 135, 175, 215, 255]
    static let ansiRGB: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238),
                                             (205, 0, 205), (0, 205, 205), (229, 229, 229)]

    /// The nearest xterm-256 entry among the 6×6×6 cube (16–231) and the grey ramp (232–255).
    package static func nearestXterm256(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int {
            var best = 0
            for i in 1..<6 where abs(cubeLevels[i] - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cubeDist = dist((r, g, b), (cubeLevels[lr], cubeLevels[lg], cubeLevels[lb]))
        let avg = (r + g + b) / 3
        let greyIndex = min(max((avg - 8 + 5) / 10, 0), 23)
        let grey = 8 + 10 * greyIndex
        return dist((r, g, b), (grey, grey, grey)) < cubeDist ? 232 + greyIndex : cube
    }

    package static func nearestANSI8(_ r: Int, _ g: Int, _ b: Int) -> Int {
        var best = 0
        for i in 1..<8 where dist((r, g, b), ansiRGB[i]) < dist((r, g, b), ansiRGB[best]) { best = i }
        return best
    }

    static func xtermRGB(_ i: Int) -> (Int, Int, Int) {
        if i < 8 { return ansiRGB[i] }
        if i < 16 { let c = ansiRGB[i - 8]; return (min(c.0 + 50, 255), min(c.1 + 50, 255), min(c.2 + 50, 255)) }
        if i < 232 { let c = i - 16; return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6]) }
        let g = 8 + 10 * (i - 232)
        return (g, g, g)
    }

    private static func dist(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }
}

/// How a role looks: colours and attributes.
package struct Style: Sendable, Hashable, CustomStringConvertible {
    package var fg: ThemeColor = .default
    package var bg: ThemeColor = .default
    package var bold = false
    package var dim = false
    package var reverse = false
    package var underline = false

    package init(fg: ThemeColor = .default, bg: ThemeColor = .default, bold: Bool = false, dim: Bool = false,
                reverse: Bool = false, underline: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// Parses `"<fg> [on <bg>] [bold] [dim] [reverse] [underline]"`; returns an error message on a bad word.
    package static func parse(_ text: String) -> Result<Style, ThemeError.Reason> {
        var style = Style()
        let words = text.split(separator: " ").map(String.init)
        var i = 0
        var sawColour = false
        while i < words.count {
            let w = words[i].lowercased()
            switch w {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "reverse": style.reverse = true
            case "underline": style.underline = true
            case "on":
                guard i + 1 < words.count, let c = ThemeColor(parsing: words[i + 1]) else {
                    return .failure(ThemeError.Reason("expected a colour after \"on\""))
                }
                style.bg = c
                i += 1
            default:
                guard !sawColour, let c = ThemeColor(parsing: w) else {
                    return .failure(ThemeError.Reason("unknown colour or attribute \"\(words[i])\" (colours: default, black, red, "
                                          + "green, yellow, blue, magenta, cyan, white, bright-<name>, 0-255, #rrggbb; "
                                          + "attributes: bold dim reverse underline)"))
                }
                style.fg = c
                sawColour = true
            }
            i += 1
        }
        return .success(style)
    }

    /// The same attributes without colours.
    package var monochrome: Style { Style(bold: bold, dim: dim, reverse: reverse, underline: underline) }

    package var description: String {
        var parts = [fg.description]
        if bg != .default { parts += ["on", bg.description] }
        if bold { parts.append("bold") }
        if dim { parts.append("dim") }
        if reverse { parts.append("reverse") }
        if underline { parts.append("underline") }
        return parts.joined(separator: " ")
    }
}
