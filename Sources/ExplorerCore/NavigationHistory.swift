/// A screen whose inner moves are part of the back stack (the dominator tree's levels): the explorer saves and
/// restores its place, and sends it no back keys (`q` goes back through the history instead).
package protocol LocationRestoring: AnyObject {
    /// Where the screen is inside itself (the dominator tree's path); a change is a move to go back from.
    var locationKey: [UInt32] { get }
    /// Its place, to restore later.
    var memento: Any { get }
    func restore(_ memento: Any)
}

/// Where the explorer was: a tab, its stack of screens, and the inner places of the screens that have one.
struct Location {
    var tab: Int
    var stack: [any Page]
    var mementos: [Any?]
    /// The screens' inner places when the location was taken (the screens themselves move on).
    var keys: [[UInt32]]

    /// What makes two locations the same place (screens by identity, inner places by key).
    struct Signature: Equatable {
        var tab: Int
        var pages: [ObjectIdentifier]
        var keys: [[UInt32]]
    }

    var signature: Signature {
        Signature(tab: tab, pages: stack.map { ObjectIdentifier($0) }, keys: keys)
    }
}

extension ExplorerApp {
    /// The most locations kept for `q` (older ones are dropped; back then ends at the tab's first screen).
    static let historyLimit = 500

    func location() -> Location {
        let stack = stacks[activeTab]
        return Location(tab: activeTab, stack: stack, mementos: stack.map { ($0 as? LocationRestoring)?.memento },
                        keys: stack.map { ($0 as? LocationRestoring)?.locationKey ?? [] })
    }

    /// After a key: remembers `before` when the key moved somewhere (and was no back move).
    func record(_ before: Location) {
        guard !movedBack, !wantsQuit, before.signature != location().signature else { return }
        history.append(before)
        if history.count > ExplorerApp.historyLimit { history.removeFirst(history.count - ExplorerApp.historyLimit) }
    }

    /// Back to where the last move came from; with nothing recorded, the tab's first screen, then the Overview;
    /// `q` on the Overview quits.
    func goBack(_ key: Key) {
        movedBack = true
        if let loc = history.popLast() {
            activeTab = loc.tab
            stacks[loc.tab] = loc.stack
            for (page, memento) in zip(loc.stack, loc.mementos) {
                if let memento, let r = page as? LocationRestoring { r.restore(memento) }
            }
            return
        }
        if stacks[activeTab].count > 1 {
            stacks[activeTab].removeLast()
        } else if activeTab != homeTab {
            selectTab(homeTab)
        } else if key == .char("q") {
            wantsQuit = true
        }
    }

    /// On the Overview with nowhere to go back to: `q` quits.
    var atHome: Bool { history.isEmpty && activeTab == homeTab && stacks[activeTab].count == 1 }

    /// How many back moves lead home (for tests and the tab line).
    package var backDepth: Int { history.count }
}

/// The breadcrumb line: the parts joined, and when too wide the first part, `…` and as many of the last parts as
/// fit (the place you are at matters most), each part itself cut in the middle when even that is too wide.
package enum Breadcrumb {
    package static func fit(_ parts: [String], width: Int, separator: String, ellipsis: String) -> String {
        let whole = parts.joined(separator: separator)
        guard TextWidth.of(whole) > width, parts.count > 1 else {
            return Format.clipMiddle(whole, width: max(width, 0), ellipsis: ellipsis)
        }
        let head = parts[0] + separator + ellipsis
        var tail: [String] = []
        for p in parts.dropFirst().reversed() {
            let candidate = head + separator + ([p] + tail).joined(separator: separator)
            if TextWidth.of(candidate) > width { break }
            tail.insert(p, at: 0)
        }
        if tail.isEmpty {
            // Not even the last part fits beside the first: the last part alone, cut in the middle.
            return Format.clipMiddle(parts[parts.count - 1], width: max(width, 0), ellipsis: ellipsis)
        }
        return head + separator + tail.joined(separator: separator)
    }
}
