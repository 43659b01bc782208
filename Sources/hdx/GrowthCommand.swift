import ArgumentParser
import DumpInput
import DumpKit
import DumpReports
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// `hdx growth S1 S2 S3 … [--json] [--csv] [--top N]`: what grows across three or more snapshots of one process.
struct Growth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What grows across three or more snapshots (per class; HANA: per allocator); two: use diff.",
        discussion: """
        A class is monotonic when its retained size grew at every step (the leak signal; noise goes up and \
        down). V8 adds MemLab's rule: objects allocated between S1 and S2 and still alive in the last snapshot, \
        clustered by retainer trace (newRetained). HPROF and HANA add Shark's rule: dominator-tree paths (folded \
        by class) whose retained size grew at every step, from the roots (growingPaths). Snapshots are read one \
        at a time. Example: hdx growth day1.hprof day2.hprof day3.hprof --json
        """)

    @Argument(help: "The snapshots, oldest first (three or more, all of one kind).") var snapshots: [String] = []
    @OptionGroup var format: OutputFormatOptions<GrowthFormatWording>
    @Option(help: "Show only the first N rows (and paths, clusters).") var top: Int?
    @OptionGroup var index: IndexChoice
    @Flag(name: .customLong("monotonic"), help: "List only the rows that grew at every step.") var onlyMonotonic = false
    @Option(help: "Theme of the interactive screen: dark, light, mono, or a theme file path.") var theme: String?
    @Flag(name: .customLong("no-color"), help: "No colours (also when NO_COLOR is set).") var noColor = false
    @Flag(help: "Draw bars and lines with ASCII only (automatic in a non-UTF-8 locale).") var ascii = false

    func validate() throws {
        if let top, top < 0 { throw ValidationError("--top must be 0 or more") }
        if snapshots.count < 3 {
            throw ValidationError("growth needs three or more snapshots, got \(snapshots.count); for two, use `hdx diff OLD NEW`")
        }
    }

    func run() throws {
        if !format.json && !format.csv && isatty(1) != 0 {
            let code = Explorer.runGrowth(paths: snapshots,
                                          options: ExplorerOptions(theme: theme, noColor: noColor, ascii: ascii))
            if code != 0 { throw ExitCode(code) }
            return
        }
        var series = try GrowthLoading.load(snapshots, top: nil)
        if onlyMonotonic { series.rows = series.rows.filter(\.monotonic) }
        if let top {
            series.rows = Array(series.rows.prefix(top))
            series.newRetained = series.newRetained.map { Array($0.prefix(top)) }
            series.growingPaths = series.growingPaths.map { Array($0.prefix(top)) }
        }
        if format.json { return try JSONOutput.print(series) }
        if format.csv { return CSVOutput.print(GrowthTable.csv(series)) }
        print(GrowthTable.text(series))
    }
}

enum GrowthLoading {
    /// Loads the series; a bad file exits 1 with its one-line message, mixed kinds too (one line naming both).
    static func load(_ paths: [String], top: Int?) throws -> GrowthSeries {
        var options = GrowthSeries.Options()
        options.top = top
        do {
            return try GrowthSeries.load(paths: paths, options: options)
        } catch let e as GrowthSeries.Failure {
            FileHandleOutput.stderr("hdx: \(e.description)")
            throw ExitCode(1)
        } catch let e as DumpError {
            FileHandleOutput.stderr("hdx: \(e.description)")
            throw ExitCode(1)
        }
    }
}

/// The series as CSV and as plain text.
enum GrowthTable {
    static func csv(_ s: GrowthSeries) -> CSVTable {
        var t = CSVTable(header: s.csvHeader)
        for r in s.rows { t.add(GrowthSeries.csvCells(r)) }
        return t
    }

    static func text(_ s: GrowthSeries) -> String {
        var out: [String] = []
        for note in s.notes { out.append("note: \(note)") }
        out.append("\(s.monotonicRows) of \(s.totalRows) \(s.format.grouping.plural) grew at every step over \(s.snapshots.count) snapshots")
        let n = s.snapshots.count
        out.append(TextTable.render(
            header: ["Grew"] + (1...n).map { "Retained \($0)" } + ["Last Δ", "Objects (per snapshot)", "Class"],
            rows: s.rows.map { r in
                [r.monotonic ? "every step" : ""] + r.retained.map { ByteCount.format($0) }
                    + [DiffOutput.signed(r.lastGrowth), r.counts.map { ByteCount.grouped($0) }.joined(separator: " → "),
                       TextSafe.line(r.class)]
            }, rightAligned: Set(1...(n + 1))))
        if s.rows.count < s.totalRows { out.append("… \(s.totalRows - s.rows.count) more (--top)") }
        if let paths = s.growingPaths, !paths.isEmpty {
            out.append("\nDominator paths that grew at every step (from the roots)")
            for p in paths {
                out.append("  " + p.retained.map { ByteCount.format($0) }.joined(separator: " → ")
                           + "  " + p.path.map { TextSafe.line($0.class) }.joined(separator: " › "))
            }
        }
        if let clusters = s.newRetained, !clusters.isEmpty {
            out.append("\nAllocated between snapshots 1 and 2, still alive in the last (by retainer trace)")
            out.append(TextTable.render(header: ["Objects", "Retained", "Class", "Path"], rows: clusters.map { c in
                [ByteCount.grouped(c.count), ByteCount.format(c.retained), TextSafe.line(c.class),
                 c.path.map { TextSafe.line($0.class) }.joined(separator: " › ")]
            }, rightAligned: [0, 1]))
        }
        return out.joined(separator: "\n")
    }
}

/// Dump text for a terminal line: control characters shown as `\xNN`.
enum TextSafe {
    static func line(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
                out += "\\x" + String(u.value, radix: 16, uppercase: true).leftPadded(2)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
