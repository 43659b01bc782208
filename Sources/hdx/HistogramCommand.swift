import ArgumentParser
import DumpInput
import DumpKit
import HeapGraph

/// `hdx histogram FILE [--json] [--top N] [--sort retained|shallow|count] [--filter REGEX]`.
struct Histogram: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Objects, shallow and retained bytes per class (HANA: per allocator).")

    @Argument(help: "The dump.") var file: String
    @OptionGroup var format: OutputFormatOptions<TextFormatWording>
    @OptionGroup var dumpChoice: DumpChoice
    @Option(help: "Show only the first N rows.") var top: Int?
    @Option(help: "Sort by retained, shallow, count or name.") var sort: ClassHistogram.SortKey = .retained
    @Option(help: "Only classes whose name matches this regular expression.") var filter: String?
    @Flag(help: "Count objects no GC root reaches too (softly or weakly reachable ones are live to the JVM, whose GC.class_histogram counts them).")
    var all = false

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
        if let filter, (try? Regex(filter)) == nil { throw ValidationError("--filter is not a valid regular expression: \(filter)") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let index = dump.index
        let classes = index.graph.classes
        var rows = index.histogram.sorted(by: sort, classes: classes).map {
            Row(class: classes[$0.classIndex], count: $0.count, shallow: $0.shallow, retained: $0.retained)
        }
        if all { rows = Histogram.addingUnreachable(to: index.histogram.rows, index: index, sort: sort) }
        if let filter, let regex = try? Regex(filter) {
            rows = rows.filter { $0.class.contains(regex) }
        }
        let total = rows.count
        if let top { rows = Array(rows.prefix(top)) }
        let out = Output(rows: rows, totalRows: total, sort: sort.rawValue, reachableBytes: index.reachableBytes)
        if format.json { return try JSONOutput.print(out) }
        if format.csv { return CSVOutput.print(ListCSV.histogram(out.rows.map { ($0.class, $0.count, $0.shallow, $0.retained) })) }
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

extension Histogram {
    /// The rows with the objects that no GC root reaches added to count and shallow (retained stays as it is).
    static func addingUnreachable(to reachable: [ClassHistogram.Row], index: HeapIndex,
                                  sort: ClassHistogram.SortKey) -> [Row] {
        let graph = index.graph
        var byClass: [UInt32: Row] = [:]
        for r in reachable {
            byClass[r.classIndex] = Row(class: graph.classes[r.classIndex], count: r.count, shallow: r.shallow,
                                        retained: r.retained)
        }
        for v in 1..<graph.nodeCount where !index.tree.isReachable(UInt32(v)) {
            let c = graph.classOf[v]
            var r = byClass[c] ?? Row(class: graph.classes[c], count: 0, shallow: 0, retained: 0)
            r.count += 1
            r.shallow &+= graph.shallowSize(UInt32(v))
            byClass[c] = r
        }
        return byClass.values.sorted { a, b in
            switch sort {
            case .retained where a.retained != b.retained: return a.retained > b.retained
            case .shallow where a.shallow != b.shallow: return a.shallow > b.shallow
            case .count where a.count != b.count: return a.count > b.count
            default: return a.class < b.class
            }
        }
    }
}

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
