import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import DumpInput
import DumpKit
import DumpProgress
import DumpReports
import HeapGraph

extension TabID {
    package static let reports = TabID("reports")
}

extension TabSpec {
    /// The Reports tab for dumps that have report screens (Java and V8; HANA has its own tabs).
    package static func reports(for model: ExplorerModel) -> [TabSpec] {
        guard let dump = model.dump, !ReportScreens.screens(for: dump).isEmpty else { return [] }
        return [TabSpec(id: .reports, title: "Reports") { ReportsPage(model: $0, job: ReportsJob(dump: dump)) }]
    }
}

/// The Reports screens computed on a background thread (seconds on a big dump); `data` is nil until done.
package final class ReportsJob: Sendable {
    let result = Locked<ReportScreens?>(nil)
    let screens: [ReportScreens.Screen]
    let started = PhaseClock.now()

    package init(dump: LoadedDump) {
        screens = ReportScreens.screens(for: dump)
        let result = self.result
        DispatchQueue.global(qos: .userInitiated).async {
            let r = ReportScreens.compute(dump)
            result.withLock { $0 = r }
        }
    }

    package var data: ReportScreens? { result.withLock { $0 } }

    /// Blocks until the screens are computed (tests).
    package func waitUntilReady() -> ReportScreens {
        while true {
            if let d = data { return d }
            usleep(2000)
        }
    }
}

/// The report inside the explorer: a list of screens (duplicate strings, under-filled collections, class loaders,
/// threads for Java; DevTools' Statistics and under-filled collections for V8). They are computed once, off the UI
/// thread, from the first visit of this tab; Enter opens a screen when its data is ready.
package final class ReportsPage: ListPage, Page {
    let model: ExplorerModel
    let job: ReportsJob
    var screens: [ReportScreens.Screen] { job.screens }

    package init(model: ExplorerModel, job: ReportsJob) {
        self.model = model
        self.job = job
        super.init()
        list.count = screens.count
    }

    /// The computed screens, nil while they are computed.
    package var data: ReportScreens? { job.data }

    package var title: String { "Reports" }
    package var position: String? { list.position }
    package var hints: [KeyHelp] { [KeyHelp("⏎", "open screen")] }
    package var keyHelp: [KeyHelp] { [KeyHelp("Enter → l", "open the selected report screen")] }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard data == nil else { return nil }
        return "computing the reports (" + Format.duration(PhaseClock.now() - job.started) + ")" + ctx.glyphs.ellipsis
    }

    override package var rowCount: Int { screens.count }

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        Format.padRight("Screen", 28) + "What it shows"
    }

    static func describe(_ s: ReportScreens.Screen, _ d: ReportScreens?) -> String {
        switch s {
        case .duplicateStrings:
            if let t = d?.duplicateTotals {
                return "\(Format.count(t.groups)) texts held by several strings waste \(Format.bytes(t.wasted))"
            }
            return d?.duplicates.map { "\(Format.count($0.count)) texts held more than once, wasted bytes first" }
                ?? "texts held in several String objects"
        case .underFilled:
            return d.map { "\(Format.count($0.underFilledFound)) of \(Format.count($0.underFilledExamined)) collections less than half full" }
                ?? "collections less than half full"
        case .classLoaders:
            return d?.loaders.map { "\(Format.count($0.count)) loaders, \(Format.count(d?.duplicateClasses?.count ?? 0)) classes defined twice" }
                ?? "class loaders and classes defined by several"
        case .threads:
            return d?.threads.map { "\(Format.count($0.count)) threads with their stacks and the objects each frame holds" }
                ?? "threads, stacks, locals"
        case .statistics:
            return d?.statistics.map { "DevTools' Statistics of " + Format.bytes($0.total) + ": code, strings, arrays, system" }
                ?? "DevTools' Statistics"
        }
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        let d = data
        p.put(" " + screens[i].rawValue, x: 0, role: .normal)
        let text = d == nil ? "computing" + ctx.glyphs.ellipsis : ReportsPage.describe(screens[i], d)
        p.put(Format.clipRight(text, width: max(p.canvas.width - 29, 1), ellipsis: ctx.glyphs.ellipsis), x: 28,
              role: d == nil ? .dim : .normal)
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) { renderList(canvas, ctx) }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .enter, .right, .char("l"):
            guard list.selected < screens.count else { return .handled }
            guard let d = data else { return .message("still computing the reports; the screen opens when they are ready") }
            if screens[list.selected] == .duplicateStrings, let totals = d.duplicateTotals {
                return .push(DuplicateStringsPage(rows: d.duplicates ?? [], totals: totals, model: model))
            }
            return .push(ReportListPage.make(screens[list.selected], d, model))
        default:
            return .unhandled
        }
    }
}
