import ExplorerCore

/// How a screen is shown in a golden: size, glyphs and theme.
package struct Look: CustomStringConvertible, Sendable {
    package var width: Int
    package var height: Int
    package var ascii: Bool
    package var mono: Bool

    package init(width: Int, height: Int, ascii: Bool, mono: Bool) {
        self.width = width
        self.height = height
        self.ascii = ascii
        self.mono = mono
    }

    package var glyphs: Glyphs { Glyphs(ascii: ascii, barStyle: theme.barStyle) }
    package var theme: Theme { mono ? BuiltinThemes.mono : BuiltinThemes.dark }
    package var description: String { "\(width)x\(height)-\(ascii ? "ascii" : "utf8")-\(mono ? "mono" : "color")" }

    package static let all = [Look(width: 80, height: 24, ascii: false, mono: false),
                             Look(width: 120, height: 40, ascii: false, mono: false),
                             Look(width: 132, height: 40, ascii: false, mono: false),
                             Look(width: 80, height: 24, ascii: true, mono: true),
                             Look(width: 132, height: 40, ascii: true, mono: true)]
}

/// The golden text of a grid: the screen, then the style picture with its legend.
package func goldenText(_ grid: Grid, _ look: Look) -> String {
    "# \(look)\n" + grid.plainText + "\n--- styles (theme \(look.theme.name))\n" + grid.styleMask(theme: look.theme)
}
