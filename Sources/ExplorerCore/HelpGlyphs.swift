import Foundation

/// The `?` screen's legend: every sign the screens draw, in the glyphs in use, and what each `%` is of.
extension HelpPage {
    static func glyphLines(_ g: Glyphs) -> [KeyHelp] {
        let bar = g.ascii ? "[####  ]" : g.bar(0.6, width: 4)
        return [
            KeyHelp(g.rootMarker, "a GC root (a thread, a static, JNI and so on)"),
            KeyHelp(g.weakMarker, "reached only through weak or soft references"),
            KeyHelp(bar, "retained size as a share of the % column's whole"),
            KeyHelp("% heap", "of all reachable bytes"),
            KeyHelp("% parent", "of the retained size of the object one level up"),
            KeyHelp("Retained", "bytes freed if the object (or class) were gone"),
            KeyHelp("Shallow", "the object's own bytes"),
            KeyHelp(g.ellipsis, "cut to fit: packages shortened first, then the middle"),
            KeyHelp(g.ascii ? "v ^" : "▼ ▲", "the sort column, descending or ascending"),
            KeyHelp(g.more, "more rows not listed yet (Enter lists them)"),
            KeyHelp(g.crumbSeparator.trimmingCharacters(in: .whitespaces) + " (top line)",
                    "where you are: tab, screen, path into the tree"),
            KeyHelp(g.ascii ? "-> <-" : "→ ←", "reference to, from an object; in diffs old " + (g.ascii ? "->" : "→") + " new"),
            KeyHelp(g.ascii ? "+ -" : "+ −", "grew, shrank (diffs)"),
        ]
    }
}
