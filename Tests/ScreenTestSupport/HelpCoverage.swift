import ExplorerCore

/// The `?` check of every screen: each key a screen's own key handler acts on is listed by its help (the screen's
/// keys or the keys every screen understands).
package enum HelpCoverage {
    /// Every printable key but digits (tab numbers) and space (a paging key of every list).
    static let candidates = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-=<>[]{}!@#$%^&*()_|\\;',.~`\"")

    /// The keys the current screen of `make()` handles and `?` does not list, each sent to a fresh app (a handled
    /// key may have moved the screen).
    package static func unlisted(_ make: () throws -> ExplorerApp) rethrows -> [String] {
        var app = try make()
        let page = app.currentPage
        let listed = tokens(page.keyHelp + ExplorerApp.globalKeys)
        var out: [String] = []
        for c in candidates {
            if case .unhandled = app.currentPage.handle(.char(c), app.context) { continue }
            if !listed.contains(String(c)) { out.append(page.title + ": " + String(c)) }
            app = try make()
        }
        return out
    }

    /// `Enter → l` → `Enter`, `→`, `l`.
    static func tokens(_ help: [KeyHelp]) -> Set<String> {
        Set(help.flatMap { $0.keys.split(separator: " ").map(String.init) })
    }
}
