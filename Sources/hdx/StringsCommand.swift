import ArgumentParser
import DumpKit
import DumpReports
import Foundation
import HeapGraph

/// `hdx strings FILE --contains TEXT [--json] [--top N]`: the string objects whose value contains TEXT (the
/// explorer's `:"text"`, case-insensitive), all of them counted, the biggest retained listed; `seconds` times the
/// scan alone (Benchmarks/string_search.sh).
struct Strings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The string objects whose value contains a text (case-insensitive), biggest retained first.")

    @Argument(help: "The dump.") var file: String
    @Option(help: "The text to find (case-insensitive for A-Z).") var contains: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice
    @Option(help: "How many rows.") var top: Int = 25

    struct Row: Encodable {
        var id: String
        var `class`: String
        var shallow: UInt64
        var retained: UInt64
        /// As the explorer shows it (HPROF: quoted, at most 200 characters).
        var value: String
    }

    struct Output: Encodable {
        var contains: String
        var matches: Int
        var seconds: Double
        var rows: [Row]
    }

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let index = dump.index
        let start = DispatchTime.now().uptimeNanoseconds
        let found = StringScans.scanner(graph: index.graph, details: index.details)
            .map { StringScans.all($0, StringNeedle(contains)) } ?? []
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let retained = index.tree.retained
        let details = index.details
        let listed = TopK.select(found, limit: top) { a, b in
            retained[Int(a)] != retained[Int(b)] ? retained[Int(a)] > retained[Int(b)] : a < b
        }
        let rows = listed.map { n in
            Row(id: details.idString(n), class: details.displayClassName(n), shallow: index.graph.shallowSize(n),
                retained: retained[Int(n)], value: details.preview(n) ?? "")
        }
        let out = Output(contains: contains, matches: found.count, seconds: (seconds * 1000).rounded() / 1000,
                         rows: rows)
        if json { return try JSONOutput.print(out) }
        TextOutput.line("\(ByteCount.grouped(found.count)) \(found.count == 1 ? "string contains" : "strings contain") "
                        + "\"\(contains)\" (scanned in \(String(format: "%.2f", seconds)) s)")
        guard !rows.isEmpty else { return }
        print(TextTable.render(
            header: ["Retained", "Shallow", "Object", "Value"],
            rows: rows.map { r in
                [ByteCount.format(r.retained), ByteCount.format(r.shallow),
                 r.class == r.id ? r.id : "\(r.class) \(r.id)", r.value]
            }, rightAligned: [0, 1]))
        if rows.count < found.count { print("… \(found.count - rows.count) more (--top)") }
    }
}
