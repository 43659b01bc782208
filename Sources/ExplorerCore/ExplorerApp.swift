import HeapGraph

/// Names a top-level screen (a tab). Formats and later features add their own (`diff`, `threads`, …).
package struct TabID: Hashable, Sendable {
    package let rawValue: String
    package init(_ rawValue: String) { self.rawValue = rawValue }

    package static let overview = TabID("overview")
    package static let histogram = TabID("histogram")
    package static let dominators = TabID("dominators")
}

/// A top-level screen: its id, its tab label and how to build its first page (built on first visit).
package struct TabSpec {
    package var id: TabID
    package var title: String
    package var make: (ExplorerModel) -> any Page

    package init(id: TabID, title: String, make: @escaping (ExplorerModel) -> any Page) {
        self.id = id
        self.title = title
        self.make = make
    }

    /// Overview, Histogram (HANA: Allocators), Dominators, then the tabs of the registered plug-ins (HANA dumps:
    /// Processes, Threads and Flame).
    package static func standard(for model: ExplorerModel) -> [TabSpec] {
        [TabSpec(id: .overview, title: "Overview") { OverviewPage(model: $0) },
         TabSpec(id: .histogram, title: model.grouping.histogramTitle) { HistogramPage(model: $0) },
         TabSpec(id: .dominators, title: "Dominators") { DominatorPage(model: $0) }]
            + ExplorerPlugins.all.flatMap { $0.tabs(model) } + reports(for: model)
    }
}

/// The explorer without a terminal: tabs, a stack of pages per tab, one back stack across them (`history`), the `/`,
/// `:` and `e` prompts, the status line. Feed it keys with `handle`, draw it with `render`; the terminal backend does
/// nothing else (but for `clipboardRequest`, which it sends to the terminal).
package final class ExplorerApp {
    package let model: ExplorerModel
    package var glyphs: Glyphs
    let specs: [TabSpec]
    var stacks: [[any Page]]
    package internal(set) var activeTab = 0
    /// The `/` prompt while it is open.
    var input: (kind: SearchKind, text: String)?
    /// The `:` (jump) or `e` (export) prompt while it is open.
    var command: CommandPrompt?
    /// Where `q` goes back to: every location left by a key that moved (tab switch, push, reveal, drill-in).
    var history: [Location] = []
    /// The last scan beyond a list's loaded rows that found nothing (not repeated).
    var deepMiss: DeepMiss?
    /// The `/` text typed last when it matched no listed row.
    var typedMiss: String?
    /// The `/` search running in the background (ExplorerApp+Search).
    var search: RunningSearch?
    /// The last `:"text"` screen, whose scan may still run.
    var stringSearch: StringSearchPage?
    /// nil: searches of a few thousand objects run at once, bigger ones in the background; tests fix one way.
    package var searchInline: Bool?
    /// Set by a back move, so the key that made it records nothing.
    var movedBack = false
    /// Whether `y` may send the id to the terminal's clipboard (OSC 52); the terminal backend decides.
    package var clipboardAllowed = false
    /// Text `y` asked to put on the clipboard: the terminal backend sends it (OSC 52) and clears it.
    package var clipboardRequest: String?
    /// Where `e` writes; nil: the current directory, else $TMPDIR when that is not writable.
    package var exportDirectory: String?
    var message: String?
    package internal(set) var wantsQuit = false
    /// Replaces the title line's text (left, right) that otherwise names the dump (a comparison names both).
    package var titleText: (left: String, right: String)?

    package init(model: ExplorerModel, glyphs: Glyphs = Glyphs(ascii: false), tabs: [TabSpec]? = nil,
                initialTab: TabID = .overview) {
        self.model = model
        self.glyphs = glyphs
        specs = tabs ?? TabSpec.standard(for: model)
        stacks = Array(repeating: [], count: specs.count)
        message = model.startupMessage
        selectTab(specs.firstIndex { $0.id == initialTab } ?? 0)
    }

    package var context: PageContext { PageContext(model: model, glyphs: glyphs) }

    func selectTab(_ i: Int) {
        guard i >= 0, i < specs.count else { return }
        activeTab = i
        if stacks[i].isEmpty { stacks[i] = [specs[i].make(model)] }
    }

    /// The first tab, where back moves end (the Overview).
    var homeTab: Int { specs.firstIndex { $0.id == .overview } ?? 0 }

    package var currentPage: any Page { stacks[activeTab].last! }
    package var pageStack: [any Page] { stacks[activeTab] }
    package var activeTabID: TabID { specs[activeTab].id }

    /// The keys every screen understands.
    package static let globalKeys: [KeyHelp] = [
        KeyHelp("↑ ↓ j k", "move"), KeyHelp("PgUp PgDn C-b C-f", "page up, page down"),
        KeyHelp("C-u C-d", "half a page up, down"), KeyHelp("Home End g G", "first, last row"),
        KeyHelp("Tab S-Tab", "next, previous screen"), KeyHelp("1 2 3 …", "go to screen by number"),
        KeyHelp("/", "filter or find (a regex when it has regex characters)"), KeyHelp("n N", "next, previous match"),
        KeyHelp("s", "sort by the next column (lists with several orders)"),
        KeyHelp(":", "go to an id: 0x1a2b, 123, @123 (V8), allocator path"),
        KeyHelp(":\"text\"", "find strings whose value contains the text"),
        KeyHelp("e", "export this table (all its rows) to CSV or JSON"),
        KeyHelp("y", "copy the selected id (OSC 52 clipboard where allowed)"),
        KeyHelp("O", "V8: DevTools' Containment view, from the root down"),
        KeyHelp("?", "this help"), KeyHelp("q h ← Esc", "back to where you came from, then to the Overview"),
        KeyHelp("Q", "quit (q too, on the Overview)"), KeyHelp("C-c", "quit"),
    ]

    // MARK: Keys

    package func handle(_ key: Key) {
        let ctx = context
        if key == .ctrl("c") { wantsQuit = true; return }
        if key == .resize { return }
        if input != nil { handleInput(key, ctx); return }
        if command != nil { handleCommand(key, ctx); return }
        if key == .escape && escapeSearch() { return }
        message = nil
        let before = location()
        movedBack = false
        defer { record(before) }
        if key == .char("Q") { wantsQuit = true; return }
        // A screen whose inner moves are recorded (the dominator tree's levels) goes back through the history.
        if ExplorerApp.backKeys.contains(key), currentPage is LocationRestoring { goBack(key); return }
        let page = currentPage
        let action = page.handle(key, ctx)
        if case .unhandled = action {
            handleGlobal(key, ctx)
        } else {
            apply(action)
        }
    }

    static let backKeys: Set<Key> = [.char("q"), .escape, .left, .char("h"), .backspace]

    func apply(_ action: PageAction) {
        switch action {
        case .handled, .unhandled: break
        case .push(let p): stacks[activeTab].append(p)
        case .pop: goBack(.escape)
        case .reveal(let node): reveal(node)
        case .message(let m): message = m
        case .quit: wantsQuit = true
        }
    }

    /// Shows `node` in the dominator tree tab.
    package func reveal(_ node: UInt32) {
        guard let i = specs.firstIndex(where: { $0.id == .dominators }) else { return }
        guard model.tree.isReachable(node) else {
            message = "not in the dominator tree: the object is unreachable"
            return
        }
        selectTab(i)
        stacks[i] = [stacks[i][0]]
        (stacks[i][0] as? NodeRevealing)?.reveal(node, context)
    }

    func handleGlobal(_ key: Key, _ ctx: PageContext) {
        switch key {
        case .char("q"), .escape, .left, .char("h"), .backspace:
            goBack(key)
        case .tab: selectTab((activeTab + 1) % specs.count)
        case .backTab: selectTab((activeTab + specs.count - 1) % specs.count)
        case .char(let c) where c.isASCII && c.isNumber && c != "0":
            let i = Int(String(c))! - 1
            if i < specs.count { selectTab(i) }
        case .char("?"), .function(1):
            let p = currentPage
            stacks[activeTab].append(HelpPage(screen: p.title, keys: p.keyHelp, global: ExplorerApp.globalKeys,
                                              glyphs: HelpPage.glyphLines(glyphs, model.words)))
        case .char("/"):
            guard currentPage.searchKind != .none else {
                message = "nothing to search on this screen"
                return
            }
            input = (currentPage.searchKind, "")
            if currentPage.searchKind == .filter { _ = currentPage.setQuery(nil, ctx) }
        case .char("n"), .char("N"):
            let forward = key == .char("n")
            if !deepFindNext(forward: forward, ctx) && !currentPage.findNext(forward: forward, ctx) { message = "no match" }
        case .char("s"):
            message = currentPage is ListPage ? "this list has one order (s sorts lists with columns to choose)"
                : "nothing to sort on this screen"
        case .char(":"): command = CommandPrompt(kind: .jump)
        case .char("e"): startExport()
        case .char("y"): copySelection()
        case .char("O"): apply(ContainmentPage.open(model))
        default:
            break
        }
    }

    func handleInput(_ key: Key, _ ctx: PageContext) {
        guard var (kind, text) = input else { return }
        switch key {
        case .enter:
            input = nil
            message = nil
            guard !text.isEmpty else { return }
            let m = TextMatcher(text)
            // The listed rows were searched for this text as it was typed: no need to look at them again.
            let missed = typedMiss == text && kind == .find
            if (missed || !currentPage.setQuery(m, ctx)) && !deepFind(m, ctx) { message = "no match for /\(text)/" }
            if m.invalidRegex { message = ExplorerApp.invalidRegexNote + (message.map { "; " + $0 } ?? "") }
            return
        case .escape:
            input = nil
            if kind == .filter { _ = currentPage.setQuery(nil, ctx) }
            return
        case .backspace:
            if text.isEmpty { input = nil; return }
            text.removeLast()
        case .char(let c):
            text.append(c)
        default:
            return
        }
        input = (kind, text)
        let m = text.isEmpty ? nil : TextMatcher(text)
        let found = currentPage.setQuery(m, ctx)
        typedMiss = found ? nil : text
        message = found || text.isEmpty ? nil : "no match"
        if m?.invalidRegex == true { message = ExplorerApp.invalidRegexNote }
        kind = .none
    }

    // MARK: Drawing

    package static let minWidth = 40
    package static let minHeight = 10

    package func render(width: Int, height: Int) -> Grid {
        let grid = Grid(width: width, height: height, asciiOnly: glyphs.ascii)
        guard width >= ExplorerApp.minWidth, height >= ExplorerApp.minHeight else {
            grid.put("hdx needs \(ExplorerApp.minWidth)x\(ExplorerApp.minHeight)", x: 0, y: 0, role: .warning)
            if height > 1 { grid.put("now \(width)x\(height); q quits", x: 0, y: 1, role: .normal) }
            return grid
        }
        let ctx = context
        let canvas = Canvas(grid: grid)
        drawTitle(canvas.sub(x: 0, y: 0, width: width, height: 1))
        drawTabs(canvas.sub(x: 0, y: 1, width: width, height: 1))
        drawCrumbs(canvas.sub(x: 0, y: 2, width: width, height: 1))
        let body = canvas.sub(x: 0, y: 3, width: width, height: height - 5)
        currentPage.render(body, ctx)
        let detail = canvas.sub(x: 0, y: height - 2, width: width, height: 1)
        if let d = currentPage.detailLine(ctx) {
            detail.put(" " + Format.clipRight(d, width: width - 2, ellipsis: glyphs.ellipsis), x: 0, y: 0, role: .dim)
        }
        drawStatus(canvas.sub(x: 0, y: height - 1, width: width, height: 1))
        // After the first screen: the orders that keep Enter on huge levels, `i` and `M` fast.
        model.startBackgroundOrders()
        return grid
    }

    func drawTitle(_ c: Canvas) {
        c.fillRow(0, role: .title)
        if let (left, right) = titleText {
            // The right part only when the left one fits beside it.
            let fits = TextWidth.of(left) + TextWidth.of(right) + 2 <= c.width
            c.put(Format.clipRight(left, width: c.width, ellipsis: glyphs.ellipsis), x: 0, y: 0, role: .title)
            if fits { c.putRight(right, right: c.width, y: 0, role: .title) }
            return
        }
        let info = model.index.info
        let fileName = info.path.split(separator: "/").last.map(String.init) ?? info.path
        let format = info.format.shortName
        // A file holding several heap dumps says which one is shown before anything else.
        let dumpFact = info.facts.first { $0.key == "dump" }
        var left = " hdx  " + fileName + (dumpFact.map { "  dump " + $0.value } ?? "") + "  "
            + (info.version.isEmpty ? format : info.version)
        for f in info.facts.filter({ $0.key != "dump" }).prefix(3) { left += glyphs.dot + f.key + " " + f.value }
        let right = Format.bytes(model.shallowBytes)
            + (model.words.countsMeaningful ? glyphs.dot + Format.count(model.index.objectCount) + " objects" : "")
            + glyphs.dot + Format.count(model.graph.classes.count)
            + " " + model.words.groups + " "
        let rw = TextWidth.of(right)
        let room = c.width - rw - 2 > 20 ? c.width - rw - 2 : c.width
        c.put(Format.clipRight(left, width: room, ellipsis: glyphs.ellipsis), x: 0, y: 0, role: .title)
        if c.width - rw > 20 { c.putRight(right, right: c.width, y: 0, role: .title) }
    }

    func drawTabs(_ c: Canvas) {
        c.fillRow(0, role: .tab)
        var x = 1
        for (i, s) in specs.enumerated() {
            let label = " \(i + 1) \(s.title) "
            x = c.put(label, x: x, y: 0, role: i == activeTab ? .tabActive : .tab)
            x += 1
        }
        let right = "? help  q " + (atHome ? "quit " : "back ")
        if x + TextWidth.of(right) < c.width { c.putRight(right, right: c.width, y: 0, role: .tab) }
    }

    func drawCrumbs(_ c: Canvas) {
        var parts: [String] = []
        // The tab first, unless its first screen says it already (`Dominators`).
        let tab = specs[activeTab].title
        if let first = stacks[activeTab].first, !tab.hasPrefix(first.title) { parts.append(tab) }
        for p in stacks[activeTab] { parts.append(p.title); parts += p.crumbs }
        let text = Breadcrumb.fit(parts, width: c.width - 1, separator: glyphs.crumbSeparator, ellipsis: glyphs.ellipsis)
        c.put(" " + text, x: 0, y: 0, role: .crumb)
    }

    func drawStatus(_ c: Canvas) {
        c.fillRow(0, role: .status)
        if let command {
            drawCommand(c, command)
            return
        }
        if let input {
            let prompt = input.kind == .filter ? "filter /" : "find /"
            var x = c.put(" " + prompt, x: 0, y: 0, role: .statusKey)
            x = c.put(input.text, x: x, y: 0, role: .input)
            x = c.put(glyphs.ascii ? "_" : "▏", x: x, y: 0, role: .input)
            let tail = "  Enter keep  Esc " + (input.kind == .filter ? "clear" : "cancel")
                + (message.map { "  (" + $0 + ")" } ?? "")
            c.put(tail, x: x, y: 0, role: .status)
            return
        }
        var right = ""
        if let pos = currentPage.position { right = pos }
        if let r = currentPage.selectionRetained {
            right += (right.isEmpty ? "" : glyphs.dot) + model.words.retainedSize.lowercased() + " " + Format.bytes(r)
        }
        right += " "
        let rightStart = c.width - TextWidth.of(right)
        if let message = message ?? searchProgress {
            // Cut with an ellipsis before the position/retained part, so the two never read as one text.
            c.put(Format.clipRight(" " + message, width: max(rightStart - 1, 0), ellipsis: glyphs.ellipsis),
                  x: 0, y: 0, role: .warning, limit: rightStart - 1)
        } else {
            var x = 1
            let extra = currentPage is HelpPage ? [] : [KeyHelp("?", "help")]
            for h in currentPage.hints + extra {
                let k = glyphs.keys(h.keys)
                if x + TextWidth.of(k) + TextWidth.of(h.action) + 3 >= rightStart { break }
                x = c.put(k, x: x, y: 0, role: .statusKey)
                x = c.put(" " + h.action + "  ", x: x, y: 0, role: .status)
            }
        }
        c.putRight(right, right: c.width, y: 0, role: .status)
    }
}
