import ExplorerCore
import HanaReader

/// Every `[STACK_SHORT]` thread of a HANA dump: id, name, state, connection and statement (from `[THREADS]`),
/// frame count, a mark for pending exceptions; the thread the verdict names (crashing thread or OOM culprit) comes
/// first. Enter opens the thread's call stack.
package final class ThreadsPage: ListedPage {
    let listing = ListController()
    let model: ExplorerModel
    let hana: HanaDump
    /// Indices into `hana.threads`, the verdict's thread first, then file order (computed, not stored: a trace can
    /// have millions of threads).
    let order: ThreadOrder
    let focusIndex: Int?
    /// `[THREADS]` facts per thread index, read when a row is first drawn or searched.
    var infoCache: [Int: HanaThreadInfo?] = [:]

    package init(model: ExplorerModel, hana: HanaDump) {
        self.model = model
        self.hana = hana
        let focus = hana.verdict.focusThread.flatMap { hana.threadIndex(tid: $0.tid) }
        focusIndex = focus
        order = ThreadOrder(count: hana.threads.count, focus: focus)
        listing.state.count = order.count
    }

    func info(_ i: Int) -> HanaThreadInfo? {
        if let hit = infoCache[i] { return hit }
        let v = hana.threadInfo(tid: hana.threads[i].tid)
        infoCache[i] = v
        return v
    }

    func state(_ i: Int) -> String {
        info(i)?.state ?? (hana.threads[i].active ? "active" : "inactive")
    }

    /// What the thread works on: the statement or detail, else the thread method.
    func work(_ i: Int) -> String {
        guard let inf = info(i) else { return "" }
        if let d = inf.detail, !d.isEmpty { return d }
        return inf.method ?? ""
    }

    var selectedIndex: Int? { listing.state.selected < order.count ? order[listing.state.selected] : nil }

    static let cols = [TableColumn("", width: 2, priority: 0, rightAligned: false),
                       TableColumn("Thread", width: 11, priority: 0, rightAligned: false),
                       TableColumn("Name", width: 15, priority: 0, rightAligned: false),
                       TableColumn("State", width: 8, priority: 1, rightAligned: false),
                       TableColumn("Frames", width: 6, priority: 1),
                       TableColumn("Conn", width: 7, priority: 2),
                       TableColumn("Method", width: 16, priority: 4, rightAligned: false)]

    // MARK: Page

    package var title: String { "Threads" }
    package var hints: [KeyHelp] { [KeyHelp("⏎", "call stack"), KeyHelp("/", "find")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "open the selected thread's call stack and pending exceptions"),
         KeyHelp("/  n N", "find a thread by id, name, connection or statement"),
         KeyHelp("marks", "first column: the verdict's thread (crash or OOM culprit); ! pending exceptions")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let i = selectedIndex else { return nil }
        let t = hana.threads[i]
        var parts = [t.id + " " + t.name, Format.plural(t.frameCount, "frame")]
        if t.exceptionCount > 0 { parts.append(Format.plural(t.exceptionCount, "pending exception")) }
        if let inf = info(i) {
            if let u = inf.user, !u.isEmpty { parts.append("user " + u) }
            if let m = inf.method, !m.isEmpty { parts.append(m) }
            if let d = inf.detail, !d.isEmpty { parts.append(d) }
        }
        if i == focusIndex { parts.append(hana.verdict.crashingThread != nil ? "crashing thread" : "culprit of the OOM") }
        return parts.joined(separator: ctx.glyphs.dot)
    }

    package var rowCount: Int { order.count }

    package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        TableLayout(ThreadsPage.cols, width: width, minFlex: 20).heading("Statement / detail")
    }

    package func drawRow(_ r: Int, _ p: RowPainter, _ ctx: PageContext) {
        let i = order[r]
        let t = hana.threads[i]
        let g = ctx.glyphs
        let layout = TableLayout(ThreadsPage.cols, width: p.canvas.width, minFlex: 20)
        var mark = i == focusIndex ? g.rootMarker : " "
        mark += t.exceptionCount > 0 ? "!" : ""
        layout.put(p, 0, mark, role: .warning, glyphs: g)
        layout.put(p, 1, t.id, role: .dim, glyphs: g)
        layout.put(p, 2, t.name, role: i == focusIndex ? .warning : .normal, glyphs: g)
        let st = state(i)
        layout.put(p, 3, st, role: st.lowercased() == "running" ? .normal : .dim, glyphs: g)
        layout.put(p, 4, t.frameCount > 0 ? Format.count(t.frameCount) : "-", role: .size, glyphs: g)
        if let c = info(i)?.connectionID, c >= 0 { layout.put(p, 5, String(c), role: .normal, glyphs: g) }
        layout.put(p, 6, info(i)?.method ?? "", role: .dim, glyphs: g)
        let w = info(i).flatMap { $0.detail } ?? ""
        p.put(Format.clipRight(w, width: max(p.canvas.width - layout.flexStart, 0), ellipsis: g.ellipsis),
              x: layout.flexStart, role: .normal)
    }

    package func searchText(_ r: Int, _ ctx: PageContext) -> String {
        let i = order[r]
        let t = hana.threads[i]
        var s = t.id + " " + t.name
        // Not cached: a search may read every thread's line, and the cache would grow with the trace.
        if let inf = infoCache[i] ?? hana.threadInfo(tid: t.tid) {
            s += " " + (inf.connectionID.map(String.init) ?? "") + " " + (inf.method ?? "") + " " + (inf.detail ?? "")
        }
        return s
    }


    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if listing.navigate(key, self) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard let i = selectedIndex else { return .handled }
            return .push(ThreadStackPage(hana: hana, index: i, info: info(i), isFocus: i == focusIndex))
        default:
            return .unhandled
        }
    }
}

/// One HANA thread: its facts, its call stack (frame number, function and offset, file:line, library; innermost
/// first) and its pending exceptions with their throw locations (allocation failures highlighted).
package final class ThreadStackPage: ListedPage {
    let listing = ListController()
    enum Row {
        case text(String, Role)
        case heading(String)
        case frame(HanaFrame)
        case exception(HanaException)
        case exceptionText(String, Role)
    }

    let thread: HanaThread
    var rows: [Row] = []

    package init(hana: HanaDump, index: Int, info: HanaThreadInfo?, isFocus: Bool) {
        thread = hana.thread(at: index)
        let e = thread.entry
        var out: [Row] = []
        out.append(.text(e.id + "  " + e.name + (isFocus ? (hana.verdict.crashingThread != nil
            ? "  (the crashing thread)" : "  (the thread whose allocation failed)") : ""), .section))
        if let info {
            var facts: [String] = []
            if let s = info.state { facts.append("state " + s) }
            if let c = info.connectionID, c >= 0 { facts.append("connection \(c)") }
            if let u = info.user, !u.isEmpty { facts.append("user " + u) }
            if let m = info.method, !m.isEmpty { facts.append("method " + m) }
            if !facts.isEmpty { out.append(.text(facts.joined(separator: "   "), .normal)) }
            if let d = info.detail, !d.isEmpty { out.append(.text("detail " + d, .normal)) }
        } else {
            out.append(.text(e.active ? "active" : "inactive", .dim))
        }
        out.append(.heading("Call stack (\(Format.plural(thread.frames.count, "frame")), innermost first)"))
        if thread.frames.isEmpty { out.append(.text("  no frames (the thread is inactive)", .dim)) }
        for f in thread.frames { out.append(.frame(f)) }
        if !thread.exceptions.isEmpty {
            out.append(.heading("Pending exceptions (\(thread.exceptions.count))"))
            for x in thread.exceptions {
                out.append(.exception(x))
                let role: Role = x.isAllocationFailure ? .warning : .normal
                if x.isAllocationFailure {
                    var s = "allocation failure"
                    if let b = x.allocationSize { s += " of " + Format.bytes(b) }
                    if let n = x.allocatorName { s += " in allocator " + n }
                    out.append(.exceptionText(s, .warning))
                }
                out.append(.exceptionText(x.text, role))
                if !x.throwLocation.isEmpty {
                    out.append(.exceptionText("thrown at:", .dim))
                    for f in x.throwLocation { out.append(.frame(f)) }
                }
            }
        }
        rows = out
        listing.state.count = rows.count
        listing.state.move(0, selectable: { [unowned self] in isSelectable($0) })
    }

    var selectedFrame: HanaFrame? {
        guard listing.state.selected < rows.count, case .frame(let f) = rows[listing.state.selected] else { return nil }
        return f
    }

    // MARK: Page

    package var title: String { "Thread " + thread.entry.id }
    package var hints: [KeyHelp] { [KeyHelp("↑↓", "frames"), KeyHelp("/", "find"), KeyHelp("q", "back")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("↑ ↓ j k", "select a frame (its full symbol shows below)"),
         KeyHelp("/  n N", "find a function, file or library"),
         KeyHelp("q ← h", "back to the thread list")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let f = selectedFrame else { return nil }
        var s = "#\(f.number) " + f.symbol
        if let o = f.offset { s += "+0x" + String(o, radix: 16) }
        if let file = f.file { s += " at " + file + (f.line.map { ":\($0)" } ?? "") }
        if let lib = f.library { s += " (" + lib + ")" }
        return s
    }

    package var rowCount: Int { rows.count }
    package func isSelectable(_ i: Int) -> Bool {
        if case .frame = rows[i] { return true }
        return false
    }

    package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        guard case .frame(let f) = rows[i] else { return "" }
        return f.symbol + " " + (f.file ?? "") + " " + (f.library ?? "")
    }

    package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let w = p.canvas.width
        let g = ctx.glyphs
        switch rows[i] {
        case .text(let s, let role): p.put(" " + Format.clipRight(s, width: w - 2, ellipsis: g.ellipsis), x: 0, role: role)
        case .heading(let s): p.put(" " + s, x: 0, role: .section)
        case .exception(let x):
            p.put("  exception \(x.number): \(x.code)  (\(x.location))", x: 0,
                  role: x.isAllocationFailure ? .warning : .normal)
        case .exceptionText(let s, let role):
            p.put("    " + Format.clipRight(s, width: w - 5, ellipsis: g.ellipsis), x: 0, role: role)
        case .frame(let f):
            // number · function+offset · file:line · library; the location columns shrink first.
            // Narrow screens leave the library to the detail line.
            let libW = w >= 100 ? min(w / 6, 22) : 0
            let locW = min(max(w / 4, 10), 30)
            let libStart = w - libW - (libW > 0 ? 1 : 0)
            let locStart = libStart - locW - 1
            p.putRight(String(f.number), right: 5, role: .dim)
            var name = f.function
            if let o = f.offset { name += "+0x" + String(o, radix: 16) }
            p.put(Format.clipRight(name, width: locStart - 8, ellipsis: g.ellipsis), x: 7, role: .normal)
            if let file = f.file {
                let loc = file + (f.line.map { ":\($0)" } ?? "")
                p.put(Format.clipLeft(loc, width: locW, ellipsis: g.ellipsis), x: locStart, role: .dim)
            }
            if libW > 0, let lib = f.library {
                p.put(Format.clipRight(lib, width: libW, ellipsis: g.ellipsis), x: libStart, role: .dim)
            }
        }
    }


    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        listing.navigate(key, self) ? .handled : .unhandled
    }
}

/// `0..<count` with `focus` moved to the front.
struct ThreadOrder: RandomAccessCollection {
    let count: Int
    let focus: Int?

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(k: Int) -> Int {
        guard let focus else { return k }
        if k == 0 { return focus }
        return k <= focus ? k - 1 : k
    }
}
