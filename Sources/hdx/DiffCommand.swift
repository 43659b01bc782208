import ArgumentParser
import DumpKit
import DumpReports
import HeapAnalysis
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// `hdx diff OLD NEW [--json]`: what grew between two dumps of the same kind.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two dumps side by side: what grew (per class; HANA: per allocator).")

    @Argument(help: "The older dump.") var old: String
    @Argument(help: "The newer dump.") var new: String
    @OptionGroup var format: OutputFormatOptions<DiffFormatWording>
    @Option(help: "Show only the first N rows.") var top: Int?
    @Option(name: .customLong("dump"), help: ArgumentHelp(
        "Which heap dump of HPROF files that hold several, on both sides (1-based; default: the first).", valueName: "N"))
    var dump: Int?
    @Option(name: .customLong("old-dump"), help: ArgumentHelp("Which heap dump of OLD (overrides --dump).", valueName: "N"))
    var oldDump: Int?
    @Option(name: .customLong("new-dump"), help: ArgumentHelp("Which heap dump of NEW (overrides --dump).", valueName: "N"))
    var newDump: Int?
    @OptionGroup var index: IndexChoice
    @Flag(name: .customLong("all"), help: "Also list classes that did not change.") var includeUnchanged = false
    @Option(help: "Theme of the interactive screen: dark, light, mono, or a theme file path.") var theme: String?
    @Flag(name: .customLong("no-color"), help: "No colours (also when NO_COLOR is set).") var noColor = false
    @Flag(help: "Draw bars and lines with ASCII only (automatic in a non-UTF-8 locale).") var ascii = false

    struct Output: Encodable {
        var format: String
        var old: String
        var new: String
        var matching: String
        /// Which objects the object counts include (V8: DevTools' Comparison rule); empty for HANA allocators.
        var counted: String
        var notes: [String]
        var rows: [ComparisonRow]
        var totalRows: Int
        /// Where the growth accumulates, from the GC roots down the dominator tree.
        var growthPath: [GrowthStepRow]
        /// HANA pairs: processes, global IPMM figures, stacks.
        var hana: HanaComparison?
        /// V8 pairs of one process: objects new in NEW and still retained, clustered by retention path.
        var newRetained: [DumpReport.NewRetainedCluster]?
    }

    func validate() throws {
        if let top, top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        // On a terminal: the interactive comparison; piped or redirected: the text below.
        if !format.json && !format.csv && isatty(1) != 0 {
            var options = ExplorerOptions(theme: theme, noColor: noColor, ascii: ascii)
            options.oldDump = oldDump ?? dump
            options.dump = newDump ?? dump
            let code = Explorer.runComparison(old: old, new: new, options: options)
            if code != 0 { throw ExitCode(code) }
            return
        }
        let cmp = try CommandLoading.comparison(old: old, new: new, oldDump: oldDump ?? dump, newDump: newDump ?? dump)
        let out = DiffOutput.make(cmp, top: top, includeUnchanged: includeUnchanged)
        if format.json { return try JSONOutput.print(out) }
        if format.csv { return CSVOutput.print(ListCSV.diff(out.rows)) }
        for n in out.notes { TextOutput.line("note: \(n)") }
        if cmp.objectMatch != nil {
            TextOutput.line("note: objects matched by \(cmp.matchedBy ?? "id"), counting \(out.counted): "
                            + "Objects Δ = # New − # Deleted")
        }
        if let acc = out.growthPath.last {
            TextOutput.line("Growth accumulates in \(acc.key) \(acc.id): \(DiffOutput.signed(acc.retainedDelta)) "
                  + "(\(ByteCount.format(acc.oldRetained)) → \(ByteCount.format(acc.newRetained)))")
            TextOutput.line("  via " + out.growthPath.map(\.key).joined(separator: " › "))
        }
        let v8 = cmp.objectMatch != nil
        print(TextTable.render(
            header: ["Retained Δ", "Shallow Δ", "Objects Δ"] + (v8 ? ["# New", "# Deleted"] : [])
                + ["Retained old", "Retained new", "Class"],
            rows: out.rows.map { r in
                [DiffOutput.signed(r.retainedDelta), DiffOutput.signed(r.shallowDelta),
                 (r.countDelta > 0 ? "+" : "") + ByteCount.grouped(r.countDelta)]
                    + (v8 ? [ByteCount.grouped(r.added ?? 0), ByteCount.grouped(r.removed ?? 0)] : [])
                    + [ByteCount.format(r.old.retained), ByteCount.format(r.new.retained), r.class]
            }, rightAligned: Set(0..<(v8 ? 7 : 5))))
        if out.rows.count < out.totalRows { print("… \(out.totalRows - out.rows.count) more (--top)") }
        if let hana = out.hana {
            print("\nIPMM per process")
            print(TextTable.render(header: ["AB Δ", "AB old", "AB new", "U Δ", "PID", "Process"], rows: hana.processes.map { p in
                [p.abDelta.map(DiffOutput.signed) ?? "", p.oldAB.map { ByteCount.format($0) } ?? "-",
                 p.newAB.map { ByteCount.format($0) } ?? "-", p.usedDelta.map(DiffOutput.signed) ?? "", "\(p.pid)", p.name]
            }, rightAligned: [0, 1, 2, 3, 4]))
            print("\nGlobal")
            print(TextTable.render(header: ["Δ", "old", "new", "Figure"], rows: hana.globals.map { g in
                [g.delta.map(DiffOutput.signed) ?? "", g.old.map { ByteCount.format($0) } ?? "-",
                 g.new.map { ByteCount.format($0) } ?? "-", g.name]
            }, rightAligned: [0, 1, 2]))
            let changed = hana.stacks.filter { $0.oldCount != $0.newCount }
            print("\nThread stacks (\(changed.count) changed of \(hana.stacks.count))")
            print(TextTable.render(header: ["", "old", "new", "Thread", "Top frames"], rows: changed.prefix(top ?? 20).map { s in
                [s.status == "=" ? (s.newCount > s.oldCount ? "+" : "-") : s.status, "\(s.oldCount)", "\(s.newCount)", s.thread,
                 s.frames.prefix(3).joined(separator: " ← ")]
            }, rightAligned: [1, 2]))
        }
    }
}

enum DiffOutput {
    static func make(_ cmp: DumpComparison, top: Int?, includeUnchanged: Bool) -> Diff.Output {
        let (rows, total) = cmp.rows(top: top, includeUnchanged: includeUnchanged)
        return Diff.Output(
            format: cmp.new.format.id, old: cmp.old.path, new: cmp.new.path,
            matching: cmp.matchedBy.map { "objects by \($0), rows by class" } ?? "class", counted: cmp.countRule,
            notes: cmp.notes, rows: rows, totalRows: total, growthPath: cmp.growthRows, hana: cmp.hana,
            newRetained: cmp.objectMatch == nil ? nil : DumpReport.newRetained(in: cmp, top: top ?? 20))
    }

    static func signed(_ v: Int64) -> String {
        (v > 0 ? "+" : v < 0 ? "-" : "") + ByteCount.format(UInt64(v.magnitude))
    }
}
