/// What `/` does on a screen: filter the rows as you type, or find the next matching row (then `n`/`N`).
package enum SearchKind: Sendable {
    case none, filter, find
}

/// What a screen asks the explorer to do after a key.
package enum PageAction {
    /// The key was used (redraw).
    case handled
    /// Not a key of this screen: the explorer tries its own keys (`q`/`←` go back, …).
    case unhandled
    /// Open a screen on top of this one (Object, Paths, Instances, Help).
    case push(any Page)
    /// Close this screen.
    case pop
    /// Show `node` in the dominator tree (switches to its tab).
    case reveal(UInt32)
    /// A one-line note in the status line until the next key.
    case message(String)
    case quit
}

/// Everything a screen needs to draw and handle keys.
package struct PageContext {
    package var model: ExplorerModel
    package var glyphs: Glyphs
}

/// One screen of the explorer. Screens render into a `Canvas` (no curses) and keep their own selection state.
package protocol Page: AnyObject {
    /// The breadcrumb segment naming this screen.
    var title: String { get }
    /// Where the screen is inside itself (the dominator tree's path); shown after `title`.
    var crumbs: [String] { get }
    /// All keys of this screen for `?`.
    var keyHelp: [KeyHelp] { get }
    /// The few keys shown in the status line.
    var hints: [KeyHelp] { get }
    var searchKind: SearchKind { get }
    /// `12/340`, or nil.
    var position: String? { get }
    /// The selected object's (or class's) retained bytes, for the status line.
    var selectionRetained: UInt64? { get }
    /// A line about the selection shown above the status line.
    func detailLine(_ ctx: PageContext) -> String?
    func render(_ canvas: Canvas, _ ctx: PageContext)
    func handle(_ key: Key, _ ctx: PageContext) -> PageAction
    /// Sets (or clears) the `/` text; for `.find` screens selects the first match at or after the selection.
    /// Returns false when nothing matches.
    func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext) -> Bool
    /// `n`/`N`: the next or previous match of the last query.
    func findNext(forward: Bool, _ ctx: PageContext) -> Bool
}

extension Page {
    package var crumbs: [String] { [] }
    package var searchKind: SearchKind { .none }
    package var position: String? { nil }
    package var selectionRetained: UInt64? { nil }
    package func detailLine(_ ctx: PageContext) -> String? { nil }
    package func setQuery(_ matcher: TextMatcher?, _ ctx: PageContext) -> Bool { false }
    package func findNext(forward: Bool, _ ctx: PageContext) -> Bool { false }
}

/// A screen that can move its selection to an object (the dominator tree's "show me where this lives").
package protocol NodeRevealing: AnyObject {
    func reveal(_ node: UInt32, _ ctx: PageContext)
}
