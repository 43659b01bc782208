/// How the explorer looks: the theme and what the terminal can show. The command line fills it from
/// `--theme`, `--no-color` and `--ascii`; `Explorer.run` adds what the environment says (`NO_COLOR`, the locale).
package struct ExplorerOptions: Sendable {
    /// A built-in theme name (`dark`, `light`, `mono`), a path to a `.toml` theme, or a name looked up in
    /// `themeDirectories`. Nil: `dark`.
    package var theme: String?
    /// Monochrome: attributes only (bold, reverse, underline), as with `NO_COLOR`.
    package var noColor: Bool
    /// ASCII bars and lines (also chosen automatically when the locale is not UTF-8).
    package var ascii: Bool
    /// Where `--theme NAME` looks for `NAME.toml` besides the built-in themes.
    package var themeDirectories: [String]
    /// `--dump N`: which heap dump of an HPROF file that holds several (1-based; nil: the first). In `diff`, of NEW;
    /// `oldDump` is OLD's.
    package var dump: Int?
    package var oldDump: Int?

    package init(theme: String? = nil, noColor: Bool = false, ascii: Bool = false, themeDirectories: [String]? = nil) {
        self.theme = theme
        self.noColor = noColor
        self.ascii = ascii
        self.themeDirectories = themeDirectories ?? ExplorerOptions.defaultThemeDirectories()
    }

    /// `$HDX_THEMES_DIR`, `~/.config/hdx/themes`, `./Themes`.
    package static func defaultThemeDirectories() -> [String] {
        var dirs: [String] = []
        if let d = Environment.get("HDX_THEMES_DIR"), !d.isEmpty { dirs.append(d) }
        if let x = Environment.get("XDG_CONFIG_HOME"), !x.isEmpty {
            dirs.append(x + "/hdx/themes")
        } else if let h = Environment.get("HOME"), !h.isEmpty {
            dirs.append(h + "/.config/hdx/themes")
        }
        dirs.append("Themes")
        return dirs
    }
}
