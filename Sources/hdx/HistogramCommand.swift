import ArgumentParser
import DumpInput
import DumpKit
import HeapGraph

/// `hdx histogram FILE [--json] [--top N] [--sort retained|shallow|count] [--filter REGEX]`.
struct Histogram: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Objects, shallow and retained bytes per class (HANA: per allocator).")

    @Argument(help: "The dump.") var file: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice
    @Flag(help: "Print CSV (RFC 4180, integer bytes).") var csv = false
    @Option(help: "Show only the first N rows.") var top: Int?
    @Option(help: "Sort by retained, shallow, count or name.") var sort: ClassHistogram.SortKey = .retained
    @Option(help: "Only classes whose name matches this regular expression.") var filter: String?

    struct Row: Encodable {
        var `class`: String
        var count: Int
        var shallow: UInt64
        var retained: UInt64
    }

    struct Output: Encodable {
        var rows: [Row]
        var totalRows: Int
        var sort: String
        var reachableBytes: UInt64
    }

    func validate() throws {
        if let top, top < 0 { throw ValidationError("--top must be 0 or more") }
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
        if let filter, (try? Regex(filter)) == nil { throw ValidationError("--filter is not a valid regular expression: \(filter)") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let index = dump.index
        let classes = index.graph.classes
        var rows = index.histogram.sorted(by: sort, classes: classes)
        if let filter, let regex = try? Regex(filter) {
            rows = rows.filter { classes[$0.classIndex].contains(regex) }
        }
        let total = rows.count
        if let top { rows = Array(rows.prefix(top)) }
        let out = Output(rows: rows.map { Row(class: classes[$0.classIndex], count: $0.count, shallow: $0.shallow,
                                              retained: $0.retained) },
                         totalRows: total, sort: sort.rawValue, reachableBytes: index.reachableBytes)
        if json { return try JSONOutput.print(out) }
        if csv { return CSVOutput.print(ListCSV.histogram(out.rows.map { ($0.class, $0.count, $0.shallow, $0.retained) })) }
        print(TextTable.render(
            header: ["Retained", "%", "Shallow", "Objects", "Class"],
            rows: out.rows.map { r in
                [ByteCount.format(r.retained), ByteCount.percent(r.retained, of: index.reachableBytes),
                 ByteCount.format(r.shallow), ByteCount.grouped(r.count), r.class]
            }, rightAligned: [0, 1, 2, 3]))
        if out.rows.count < total { print("… \(total - out.rows.count) more classes (--top)") }
    }
}

extension ClassHistogram.SortKey: ExpressibleByArgument {}

/// Plain-text tables for the non-JSON output.
enum TextTable {
    /// Cells may quote dump content: each is made terminal-safe (`TerminalText`) before it is measured.
    static func render(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        let rows = rows.map { $0.map(TerminalText.visible) }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(widths[i] - c.count, 0))
                if i == cells.count - 1 { parts.append(c) }
                else { parts.append(rightAligned.contains(i) ? pad + c : c + pad) }
            }
            return parts.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
