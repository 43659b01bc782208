import Foundation
import HeapGraph

/// The `?` screen's legend: every sign the screens draw, in the glyphs in use, and what each `%` is of.
extension HelpPage {
    static func glyphLines(_ g: Glyphs, _ w: DumpVocabulary = .java) -> [KeyHelp] {
        let bar = g.ascii ? "[####  ]" : g.bar(0.6, width: 4)
        guard w.roots != nil else { return hanaGlyphLines(g, w, bar: bar) }
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

    /// HANA's legend: allocators and their inclusive and exclusive sizes (no GC roots, no weak references).
    static func hanaGlyphLines(_ g: Glyphs, _ w: DumpVocabulary, bar: String) -> [KeyHelp] {
        [KeyHelp(bar, "\(w.retainedSize.lowercased()) size as a share of the % column's whole"),
         KeyHelp(w.percentWhole, "of the top-level \(w.nodes)' \(w.retainedSize.lowercased()) sizes together"),
         KeyHelp("% parent", "of the \(w.retainedSize.lowercased()) size of the \(w.node) one level up"),
         KeyHelp(w.retainedSize, "the \(w.node)'s bytes with its sub-\(w.nodes)"),
         KeyHelp(w.shallowSize, "the \(w.node)'s own bytes"),
         KeyHelp(g.ellipsis, "cut to fit: the middle of long names first"),
         KeyHelp(g.ascii ? "v ^" : "▼ ▲", "the sort column, descending or ascending"),
         KeyHelp(g.more, "more rows not listed yet (Enter lists them)"),
         KeyHelp(g.crumbSeparator.trimmingCharacters(in: .whitespaces) + " (top line)",
                 "where you are: tab, screen, path into the tree"),
         KeyHelp(g.ascii ? "+ -" : "+ −", "grew, shrank (comparisons)")]
    }
}
