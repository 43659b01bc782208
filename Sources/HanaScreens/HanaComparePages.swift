import DumpKit
import ExplorerCore
import HanaReader

/// HANA pairs: IPMM figures per process in OLD and NEW (AB, U, PAL and their changes), biggest AB growth first,
/// then the global figures (allocation limit, shared memory, code size, total allocated).
package final class ProcessesDeltaPage: ListedPage {
    let listing = ListController()
    enum Row {
        case heading(String)
        case process(HanaComparison.ProcessRow)
        case global(HanaComparison.GlobalRow)
    }

    var rows: [Row] = []

    package init(hana: HanaComparison) {
        rows = hana.processes.map { .process($0) }
        if !hana.globals.isEmpty {
            rows.append(.heading(""))
            rows.append(.heading("Global figures"))
            rows += hana.globals.map { .global($0) }
        }
        listing.state.count = rows.count
        listing.state.move(0, selectable: { [unowned self] in isSelectable($0) })
    }

    func layout(_ width: Int, _ g: Glyphs) -> TableLayout {
        let d = g.ascii ? "+-" : "Δ"
        return TableLayout([TableColumn(d + "AB", width: 11, priority: 0),
                            TableColumn("AB old", width: 10, priority: 1),
                            TableColumn("AB new", width: 10, priority: 0),
                            TableColumn(d + "U", width: 11, priority: 2),
                            TableColumn("U old", width: 10, priority: 4),
                            TableColumn("U new", width: 10, priority: 3),
                            TableColumn("PAL new", width: 10, priority: 5),
                            TableColumn("PID", width: 8, priority: 1)], width: width, minFlex: 18)
    }

    package var title: String { "Processes" }
    package var hints: [KeyHelp] { [KeyHelp("↑↓", "move"), KeyHelp("/", "find")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("↑ ↓ j k", "select a process or figure (old and new in full below)"),
         KeyHelp("/  n N", "find a process or figure by name")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard listing.state.selected < rows.count else { return nil }
        let g = ctx.glyphs
        let arrow = g.ascii ? " -> " : " → "
        func v(_ x: UInt64?) -> String { x.map(Format.bytes) ?? "absent" }
        switch rows[listing.state.selected] {
        case .process(let p):
            var s = "PID \(p.pid) \(p.name)" + g.dot + "AB " + v(p.oldAB) + arrow + v(p.newAB)
            s += g.dot + "U " + v(p.oldUsed) + arrow + v(p.newUsed) + g.dot + "PAL " + v(p.oldPAL) + arrow + v(p.newPAL)
            return s
        case .global(let r): return r.name + g.dot + v(r.old) + arrow + v(r.new)
        case .heading: return nil
        }
    }

    package var rowCount: Int { rows.count }
    package func isSelectable(_ i: Int) -> Bool {
        if case .heading = rows[i] { return false }
        return true
    }

    package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width, ctx.glyphs).heading("Process (by AB growth)")
    }

    package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        switch rows[i] {
        case .process(let p): return "\(p.pid) \(p.name)"
        case .global(let r): return r.name
        case .heading: return ""
        }
    }

    package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width, g)
        func b(_ x: UInt64?) -> String { x.map(Format.bytes) ?? "-" }
        switch rows[i] {
        case .heading(let s):
            p.put(" " + s, x: 0, role: .section)
        case .process(let r):
            if let d = r.abDelta { l.put(p, 0, Signed.bytes(d, g), role: Signed.role(d), glyphs: g) }
            l.put(p, 1, b(r.oldAB), role: .dim, glyphs: g)
            l.put(p, 2, b(r.newAB), role: .size, glyphs: g)
            if let d = r.usedDelta { l.put(p, 3, Signed.bytes(d, g), role: Signed.role(d), glyphs: g) }
            l.put(p, 4, b(r.oldUsed), role: .dim, glyphs: g)
            l.put(p, 5, b(r.newUsed), role: .normal, glyphs: g)
            l.put(p, 6, b(r.newPAL), role: .normal, glyphs: g)
            l.put(p, 7, String(r.pid), role: .normal, glyphs: g)
            let note = r.oldAB == nil ? "  (only in new)" : r.newAB == nil ? "  (only in old)" : ""
            p.put(r.name + note, x: l.flexStart, role: .normal)
        case .global(let r):
            if let d = r.delta { l.put(p, 0, Signed.bytes(d, g), role: Signed.role(d), glyphs: g) }
            l.put(p, 1, b(r.old), role: .dim, glyphs: g)
            l.put(p, 2, b(r.new), role: .size, glyphs: g)
            // Figures have no U or PID: the name starts after AB new.
            let x = l.starts[3] ?? l.flexStart
            p.put(r.name, x: x + 1, role: .normal)
        }
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction { listing.navigate(key, self) ? .handled : .unhandled }
}

/// HANA pairs: thread stacks counted in OLD and NEW (worker pools grouped: `JobWrk*`), as SAP's Stack Diff: `+` only
/// in NEW or more threads, `−` only in OLD or fewer, `=` unchanged; biggest change first. Enter shows the frames.
package final class StacksDeltaPage: ListedPage {
    let listing = ListController()
    let stacks: [HanaComparison.StackRow]

    package init(hana: HanaComparison) {
        stacks = hana.stacks
        listing.state.count = stacks.count
    }

    static func sign(_ s: HanaComparison.StackRow, _ g: Glyphs) -> String {
        s.newCount > s.oldCount ? "+" : s.newCount < s.oldCount ? (g.ascii ? "-" : "−") : "="
    }

    func layout(_ width: Int, _ g: Glyphs) -> TableLayout {
        TableLayout([TableColumn("", width: 1, priority: 0, rightAligned: false),
                     TableColumn("Old", width: 4, priority: 0),
                     TableColumn("New", width: 4, priority: 0),
                     TableColumn(g.ascii ? "+-" : "Δ", width: 4, priority: 1),
                     TableColumn("Thread", width: 17, priority: 0, rightAligned: false)], width: width, minFlex: 20)
    }

    var selected: HanaComparison.StackRow? { listing.state.selected < stacks.count ? stacks[listing.state.selected] : nil }

    package var title: String { "Stacks" }
    package var hints: [KeyHelp] { [KeyHelp("⏎", "frames"), KeyHelp("/", "find")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "show the frames of the selected stack"),
         KeyHelp("/  n N", "find a thread name or function"),
         KeyHelp("+ − =", "more (or only) in NEW, fewer (or only) in OLD, unchanged")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let s = selected else { return nil }
        let what = s.status == "+" ? "only in new" : s.status == "-" ? "only in old" : "in both"
        return s.thread + ctx.glyphs.dot + "\(s.oldCount) old, \(s.newCount) new (\(what))" + ctx.glyphs.dot
            + (s.frames.first ?? "no frames")
    }

    package var rowCount: Int { stacks.count }

    package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        layout(width, ctx.glyphs).heading("Top frames (innermost first)")
    }

    package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        stacks[i].thread + " " + stacks[i].frames.joined(separator: " ")
    }

    package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let g = ctx.glyphs
        let l = layout(p.canvas.width, g)
        let s = stacks[i]
        let d = Int64(s.newCount - s.oldCount)
        l.put(p, 0, StacksDeltaPage.sign(s, g), role: Signed.role(d), glyphs: g)
        l.put(p, 1, String(s.oldCount), role: .dim, glyphs: g)
        l.put(p, 2, String(s.newCount), role: .size, glyphs: g)
        l.put(p, 3, Signed.count(Int(d), g), role: Signed.role(d), glyphs: g)
        l.put(p, 4, s.thread, role: .normal, glyphs: g)
        let frames = s.frames.map {
            FlameGraph.shortLabel(HanaFrame.shortName($0), width: 40, ellipsis: g.ellipsis)
        }
        let text = frames.isEmpty ? "(no frames: inactive)" : frames.joined(separator: g.ascii ? " <- " : " ← ")
        p.put(Format.clipRight(text, width: max(p.canvas.width - l.flexStart, 0), ellipsis: g.ellipsis),
              x: l.flexStart, role: frames.isEmpty ? .dim : .normal)
    }


    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if listing.navigate(key, self) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard let s = selected else { return .handled }
            return .push(StackFramesPage(stack: s))
        default:
            return .unhandled
        }
    }

}

/// The frames of one compared stack, innermost first, with its counts in OLD and NEW.
package final class StackFramesPage: ListedPage {
    let listing = ListController()
    let stack: HanaComparison.StackRow

    init(stack: HanaComparison.StackRow) {
        self.stack = stack
        listing.state.count = stack.frames.count
    }

    package var title: String { stack.thread }
    package var hints: [KeyHelp] { [KeyHelp("↑↓", "frames"), KeyHelp("q", "back")] }
    package var keyHelp: [KeyHelp] { [KeyHelp("↑ ↓ j k", "select a frame (its full symbol shows below)")] }

    package func detailLine(_ ctx: PageContext) -> String? {
        listing.state.selected < stack.frames.count ? stack.frames[listing.state.selected] : nil
    }

    package var rowCount: Int { stack.frames.count }

    package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let g = ctx.glyphs
        let what = stack.status == "+" ? "only in new" : stack.status == "-" ? "only in old" : "in both dumps"
        let d = stack.newCount - stack.oldCount
        canvas.put(" " + StacksDeltaPage.sign(stack, g) + " " + stack.thread + ": \(stack.oldCount) threads in old, "
                   + "\(stack.newCount) in new (" + Signed.count(d, g) + ", " + what + ")", x: 0, y: 0,
                   role: .section)
        if stack.frames.isEmpty { canvas.put(" no frames (the threads are inactive)", x: 0, y: 1, role: .dim) }
        return 2
    }

    package func heading(_ width: Int, _ ctx: PageContext) -> String? { "    #  Function (innermost first)" }

    package func searchText(_ i: Int, _ ctx: PageContext) -> String { stack.frames[i] }

    package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        p.putRight(String(i + 1), right: 5, role: .dim)
        p.put(Format.clipRight(HanaFrame.shortName(stack.frames[i]), width: p.canvas.width - 8,
                               ellipsis: ctx.glyphs.ellipsis), x: 7, role: .normal)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction { listing.navigate(key, self) ? .handled : .unhandled }
}
