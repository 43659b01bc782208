import Foundation

/// The `?` screen's legend: every sign the screens draw, in the glyphs in use, and what each `%` is of.
extension HelpPage {
    static func glyphLines(_ g: Glyphs) -> [KeyHelp] {
        let bar = g.ascii ? "[####  ]" : g.bar(0.6, width: 4)
        return [
            KeyHelp(g.rootMarker, "a GC root: held by the runtime itself (a thread, a static, JNI, …)"),
            KeyHelp(g.weakMarker, "reached only through a weak or soft reference (freed when memory runs short)"),
            KeyHelp(bar, "a bar: the row's retained size as a share of the % column's whole"),
            KeyHelp("% heap", "of all reachable bytes (Histogram, Instances, Overview)"),
            KeyHelp("% parent", "of the retained size of the object listed above (dominator tree)"),
            KeyHelp("Retained", "bytes freed if the object (or all of the class's objects) were gone"),
            KeyHelp("Shallow", "the object's own bytes"),
            KeyHelp(g.ellipsis, "text cut to fit: packages are shortened first (j.u.HashMap), then the middle"),
            KeyHelp(g.ascii ? "v ^" : "▼ ▲", "the column the list is sorted by, descending or ascending"),
            KeyHelp(g.more, "more rows not listed yet (Enter lists them)"),
            KeyHelp(g.crumbSeparator.trimmingCharacters(in: .whitespaces) + " (top line)",
                    "where you are: tab, screen, the path into the tree"),
            KeyHelp(g.ascii ? "-> <-" : "→ ←", "a reference to, from an object; in diffs old → new"),
            KeyHelp(g.ascii ? "+ -" : "+ −", "grew, shrank (diffs)"),
        ]
    }
}
