// Generated from Themes/*.toml (a test checks that they are identical): the built-in themes, so an installed
// binary needs no theme files.

/// The themes compiled into hdx: `dark` (default), `light` and `mono`.
package enum BuiltinThemes {
    package static let names = ["dark", "light", "mono"]

    package static let darkSource = #"""
    # hdx theme "dark": the default, for terminals with a dark background.
    # Format: see Themes/README.md. A style is "<fg> [on <bg>] [bold] [dim] [reverse] [underline]".
    [meta]
    name = "dark"
    background = "dark"

    [glyphs]
    bar = "eighth"

    [styles]
    normal     = "default"
    title      = "black on #5fafd7 bold"
    tab        = "#bcbcbc on #303030"
    tab_active = "black on #d7af5f bold"
    crumb      = "#d7af5f bold"
    columns    = "#8a8a8a underline"
    selected   = "black on #5fafd7 bold"
    bar        = "#5fd75f"
    size       = "bright-white bold"
    dim        = "#8a8a8a"
    section    = "#5fafd7 bold"
    status     = "#d0d0d0 on #303030"
    status_key = "#ffd75f on #303030 bold"
    gc_root    = "#d7af5f bold"
    input      = "black on #ffd75f"
    match      = "black on #ffd75f"
    warning    = "#ffaf00 bold"
    error      = "white on #af0000 bold"
    border     = "#4e4e4e"
    """#

    package static let lightSource = #"""
    # hdx theme "light": for terminals with a light background. Roles left out come from "dark".
    [meta]
    name = "light"
    inherits = "dark"
    background = "light"

    [styles]
    title      = "white on #005f87 bold"
    tab        = "#303030 on #d0d0d0"
    tab_active = "white on #005f87 bold"
    crumb      = "#875f00 bold"
    columns    = "#585858 underline"
    selected   = "white on #005f87 bold"
    bar        = "#008700"
    size       = "black bold"
    dim        = "#6c6c6c"
    section    = "#005f87 bold"
    status     = "#303030 on #d0d0d0"
    status_key = "#870000 on #d0d0d0 bold"
    gc_root    = "#af5f00 bold"
    input      = "white on #875f00"
    match      = "white on #875f00"
    warning    = "#af5f00 bold"
    border     = "#a8a8a8"
    """#

    package static let monoSource = #"""
    # hdx theme "mono": high contrast with attributes only; also what NO_COLOR and --no-color use.
    [meta]
    name = "mono"

    [glyphs]
    bar = "hash"

    [styles]
    normal     = "default"
    title      = "default reverse bold"
    tab        = "default reverse"
    tab_active = "default bold underline"
    crumb      = "default bold"
    columns    = "default underline"
    selected   = "default reverse bold"
    bar        = "default bold"
    size       = "default bold"
    dim        = "default dim"
    section    = "default bold underline"
    status     = "default reverse"
    status_key = "default reverse bold"
    gc_root    = "default bold underline"
    input      = "default reverse underline"
    match      = "default underline bold"
    warning    = "default bold"
    error      = "default reverse bold"
    border     = "default dim"
    """#

    // The built-in sources are known to parse (ExplorerCoreTests checks it); a failure falls back to no styles.
    package static let dark: Theme = (try? Theme.parse(darkSource, file: "dark", base: { _ in nil }))
        ?? Theme(name: "dark")
    package static let light: Theme = (try? Theme.parse(lightSource, file: "light",
                                                       base: { $0 == "dark" ? dark : nil })) ?? dark
    package static let mono: Theme = (try? Theme.parse(monoSource, file: "mono", base: { _ in nil }))
        ?? Theme(name: "mono", barStyle: .hash)

    package static func theme(named name: String) -> Theme? {
        switch name {
        case "dark", "default": return dark
        case "light": return light
        case "mono", "high-contrast": return mono
        default: return nil
        }
    }
}
