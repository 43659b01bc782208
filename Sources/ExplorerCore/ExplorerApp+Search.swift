/// A `/` search beyond the loaded rows that runs in the background, and the list it searches.
struct RunningSearch {
    var job: SearchJob
    var matcher: TextMatcher
    /// The list searched and its place: leaving it stops the search; a search that found nothing is remembered.
    var miss: DeepMiss
    /// `n`: with no match beyond the loaded rows, wrap around to the top.
    var thenWrap: Bool
}

/// A list that shows its rows in batches (the dominator tree's children, a class's instances): `/` and `n` search
/// the rows not loaded yet too, and load up to the first match.
package protocol DeepSearching: AnyObject {
    var lastMatcher: TextMatcher? { get }
    /// The search of the rows not loaded yet for their first match in the list's order (nil: all rows are loaded).
    func deepSearch(_ m: TextMatcher, inline: Bool?) -> SearchJob?
    /// Loads the rows up to `node`, found by `deepSearch`, and selects it.
    func selectDeepMatch(_ node: UInt32, _ m: TextMatcher)
}

extension ExplorerApp {
    // MARK: `/` beyond the loaded rows

    /// After `/` found nothing among the loaded rows: the rows not loaded yet (loads up to the match). A search of
    /// many rows runs in the background (`pollBackground` applies it). False when nothing matches.
    func deepFind(_ m: TextMatcher, _ ctx: PageContext, thenWrap: Bool = false) -> Bool {
        guard let page = currentPage as? DeepSearching & ListPage else { return false }
        // A scan that found nothing is not repeated for the same text on the same rows (`n` pressed again).
        let key = DeepMiss(page: ObjectIdentifier(page), pattern: m.pattern, rows: page.rowCount,
                           location: (page as? LocationRestoring)?.locationKey ?? [])
        if deepMiss == key { return false }
        stopSearch()
        guard let job = page.deepSearch(m, inline: searchInline) else {
            deepMiss = key
            return false
        }
        search = RunningSearch(job: job, matcher: m, miss: key, thenWrap: thenWrap)
        guard !job.isRunning else { return true }
        search = nil
        if let best = job.snapshot.kept.first {
            page.selectDeepMatch(best, m)
            return true
        }
        deepMiss = key
        return false
    }

    /// `n` on a lazily filled list: when no loaded row after the selection matches, the rows not loaded yet come
    /// before wrapping around to the top. False leaves `n` to the screen.
    func deepFindNext(forward: Bool, _ ctx: PageContext) -> Bool {
        guard forward, let page = currentPage as? DeepSearching & ListPage, let m = page.lastMatcher, !m.isEmpty else {
            return false
        }
        let n = page.rowCount
        var i = page.list.selected + 1
        while i < n {
            if page.isSelectable(i) && m.matches(page.searchText(i, ctx)) { return false }
            i += 1
        }
        return deepFind(m, ctx, thenWrap: true)
    }

    // MARK: Background searches

    /// Whether a search (or a collection's read) runs in the background: the screen is redrawn often to show it.
    package var hasBackgroundWork: Bool {
        search != nil || stringSearch?.isScanning == true || (currentPage as? CollectionPage)?.isReading == true
    }

    /// Between keys: applies a finished `/` search, stops one whose list was left, and brings the `:"text"` screen
    /// up to date with its scan and a collection's screen with its entries.
    package func pollBackground() {
        (currentPage as? CollectionPage)?.refresh()
        if let p = stringSearch {
            // Leaving the screen (not for a screen above it, such as help) stops the scan.
            if p.isScanning && !stacks[activeTab].contains(where: { $0 === p }) { p.stopScan() }
            p.refresh()
            if !p.isScanning { stringSearch = nil }
        }
        guard let s = search else { return }
        let page = currentPage
        let here = DeepMiss(page: ObjectIdentifier(page), pattern: s.miss.pattern, rows: s.miss.rows,
                            location: (page as? LocationRestoring)?.locationKey ?? [])
        guard here.page == s.miss.page, here.location == s.miss.location else {
            stopSearch()
            message = "search stopped: it was for another list"
            return
        }
        let snap = s.job.snapshot
        guard snap.finished else { return }
        search = nil
        guard !snap.cancelled else { return }
        if let best = snap.kept.first, let list = page as? DeepSearching {
            list.selectDeepMatch(best, s.matcher)
            return
        }
        deepMiss = s.miss
        if s.thenWrap, page.findNext(forward: true, context) { return }
        message = s.thenWrap ? "no match" : "no match for /\(s.matcher.pattern)/"
    }

    /// Esc while a search runs: stops it. True when there was one to stop.
    func escapeSearch() -> Bool {
        guard let s = search, s.job.isRunning else { return false }
        let percent = s.job.snapshot.percent
        stopSearch()
        message = "search stopped at \(percent)%"
        return true
    }

    func stopSearch() {
        search?.job.cancel()
        search = nil
    }

    /// `searching /text/… 37% · 2 matches · Esc stops` (the matches found so far) while a `/` search runs.
    var searchProgress: String? {
        guard let s = search, s.job.isRunning else { return nil }
        let snap = s.job.snapshot
        return "searching /\(s.matcher.pattern)/\(glyphs.ellipsis) \(snap.percent)%" + glyphs.dot
            + Format.count(snap.matches) + (snap.matches == 1 ? " match" : " matches") + glyphs.dot + "Esc stops"
    }

    /// Waits for the background searches and applies them (tests).
    package func settle() {
        search?.job.wait()
        stringSearch?.job?.wait()
        (currentPage as? CollectionPage)?.waitUntilRead()
        pollBackground()
    }
}
