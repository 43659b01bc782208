import ExplorerCore
import HanaReader

/// The IPMM process table of a HANA out-of-memory dump: PID, process, PAL, AB, U and the other figures the dump
/// prints (FRO, FSL, FMC, Blocked, …), biggest AB first, the failing process marked; above it the global figures
/// (allocation limit, shared memory, code size, totals).
package final class ProcessesPage: ListedPage {
    let listing = ListController()
    let model: ExplorerModel
    let oom: HanaOOMInfo?
    let processes: [HanaIPMMProcess]
    /// Figures besides PAL, AB and U, in the order the dump prints them.
    let extraKeys: [String]
    let failure: String?
    let figures: [String]

    package init(model: ExplorerModel, hana: HanaDump) {
        self.model = model
        let oom = hana.oom
        self.oom = oom
        processes = (oom?.processes ?? []).enumerated().sorted { a, b in
            let x = a.element.ab ?? 0, y = b.element.ab ?? 0
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        var keys: [String] = []
        for p in oom?.processes ?? [] {
            for k in p.keys where !["PAL", "AB", "U"].contains(k) && !keys.contains(k) { keys.append(k) }
        }
        extraKeys = keys
        var failure: String?
        if let oom, let t = oom.failureType {
            var s = t + (oom.earlyExit ? " (early exit)" : "") + ":"
            if let b = oom.failedAllocationBytes { s += " " + Format.bytes(b) + " requested" }
            if let p = oom.failingProcess { s += " by PID \(p.pid) (\(p.name))" } else if let pid = oom.pid { s += " by PID \(pid)" }
            failure = s
        }
        self.failure = failure
        var figures: [String] = []
        if let oom {
            for (k, v) in zip(oom.globalKeys, oom.globalValues) { figures.append(k + " " + Format.bytes(v)) }
            if let t = oom.totalAllocated { figures.append("total allocated " + Format.bytes(t)) }
            if let u = oom.totalUsed { figures.append("total used " + Format.bytes(u)) }
            if let a = oom.sumAB { figures.append("sum of AB " + Format.bytes(a)) }
            if let f = oom.fragmentationPercent { figures.append("fragmentation \(f)%") }
        }
        self.figures = figures
        listing.state.count = processes.count
    }

    func columns(_ width: Int) -> TableLayout {
        var cols = [TableColumn("", width: 1, priority: 0, rightAligned: false),
                    TableColumn("PID", width: 8, priority: 0),
                    TableColumn("AB", width: 10, priority: 0),
                    TableColumn("U", width: 10, priority: 1),
                    TableColumn("PAL", width: 10, priority: 2),
                    TableColumn("AB/PAL", width: 6, priority: 3)]
        for (i, k) in extraKeys.enumerated() { cols.append(TableColumn(k, width: max(9, k.count), priority: 4 + i)) }
        return TableLayout(cols, width: width, minFlex: 28)
    }

    var selected: HanaIPMMProcess? { listing.state.selected < processes.count ? processes[listing.state.selected] : nil }
    func isFailing(_ p: HanaIPMMProcess) -> Bool { oom?.pid == p.pid }

    // MARK: Page

    package var title: String { "Processes" }
    package var hints: [KeyHelp] { [KeyHelp("↑↓", "move"), KeyHelp("/", "find")] }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("↑ ↓ j k", "select a process (its figures show below the table)"),
         KeyHelp("/  n N", "find a process by name or PID")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let p = selected else { return nil }
        var parts = ["PID \(p.pid) \(p.name)"]
        for (k, v) in zip(p.keys, p.values) { parts.append(k + " " + Format.bytes(v)) }
        if isFailing(p) { parts.append("the failing process") }
        return parts.joined(separator: ctx.glyphs.dot)
    }

    package var rowCount: Int { processes.count }

    package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        var y = 0
        let room = canvas.width - 2
        if let failure {
            canvas.put(" " + Format.clipRight(failure, width: room, ellipsis: ctx.glyphs.ellipsis), x: 0, y: y,
                       role: .warning)
            y += 1
        }
        // The global figures, wrapped at figure boundaries (at most three lines).
        var line = ""
        for f in figures {
            if !line.isEmpty && TextWidth.of(line) + 3 + TextWidth.of(f) > room {
                if y >= 4 { break }
                canvas.put(" " + line, x: 0, y: y, role: .normal)
                y += 1
                line = ""
            }
            line += (line.isEmpty ? "" : ctx.glyphs.dot) + f
        }
        if !line.isEmpty && y < 5 {
            canvas.put(" " + Format.clipRight(line, width: room, ellipsis: ctx.glyphs.ellipsis), x: 0, y: y, role: .normal)
            y += 1
        }
        if y > 0 { y += 1 }
        return y
    }

    package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        columns(width).heading("Process (\(Format.count(processes.count)), by AB)")
    }

    package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let proc = processes[i]
        let layout = columns(p.canvas.width)
        let failing = isFailing(proc)
        let g = ctx.glyphs
        layout.put(p, 0, failing ? "!" : "", role: .warning, glyphs: g)
        layout.put(p, 1, String(proc.pid), role: .normal, glyphs: g)
        layout.put(p, 2, proc.ab.map(Format.bytes) ?? "-", role: .size, glyphs: g)
        layout.put(p, 3, proc.used.map(Format.bytes) ?? "-", role: .normal, glyphs: g)
        layout.put(p, 4, proc.pal.map(Format.bytes) ?? "-", role: .normal, glyphs: g)
        if let ab = proc.ab, let pal = proc.pal, pal > 0 {
            layout.put(p, 5, Format.percent(ab, of: pal), role: ab * 10 >= pal * 9 ? .warning : .normal, glyphs: g)
        }
        for (k, key) in extraKeys.enumerated() {
            layout.put(p, 6 + k, proc.value(key).map(Format.bytes) ?? "", role: .normal, glyphs: g)
        }
        let name = proc.name + (failing ? "  failed here" : "")
        p.put(name, x: layout.flexStart, role: failing ? .warning : .normal)
    }

    package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        "\(processes[i].pid) \(processes[i].name)"
    }


    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        listing.navigate(key, self) ? .handled : .unhandled
    }
}
