import ArgumentParser
import DumpKit
import DumpReports
import HeapAnalysis
import HeapGraph

/// `hdx immediate-dominators FILE CLASS [--all] [--json|--csv] [--top N]`: the `i` screen (MAT's "Immediate
/// Dominators") as a table: the objects that directly keep CLASS's instances alive, grouped by their class.
struct ImmediateDominatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "immediate-dominators",
        abstract: "The objects that directly keep a class's instances alive, by class (the explorer's i, MAT's query).")

    @Argument(help: "The dump.") var file: String
    @Argument(help: "The class, as the histogram names it (java.util.HashMap$Node, LeakyApp).") var className: String
    @Flag(help: "Show every dominator class (by default JDK classes are passed over, as MAT and i do).") var all = false
    @OptionGroup var format: OutputFormatOptions<TextFormatWording>
    @Option(help: "How many rows.") var top: Int = 25
    @OptionGroup var dumpChoice: DumpChoice

    struct Row: Encodable {
        var dominatorClass: String
        var statics: Bool
        var objects: Int
        var shallow: UInt64
        var retained: UInt64
        var dominated: Int
        var dominatedRetained: UInt64
    }

    struct Output: Encodable {
        var `class`: String
        var instances: Int
        var skipJDK: Bool
        var totalRows: Int
        var rows: [Row]
    }

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let index = dump.index
        guard dump.format.grouping == .class else {
            throw UsageFailure(message: "\(dump.path) has allocators, not classes with instances: no immediate dominators")
        }
        guard let cls = index.graph.classes.names.firstIndex(of: className) else {
            throw UsageFailure(message: "no class named \(className) in \(dump.path)")
        }
        let result = ImmediateDominators.of(class: UInt32(cls), in: index, all: all)
        let classes = index.graph.classes
        let rows = result.rows.prefix(top).map { r in
            Row(dominatorClass: ImmediateDominators.rowName(r, classes: classes), statics: r.statics,
                objects: r.dominators.count, shallow: r.shallow, retained: r.retained, dominated: r.dominated,
                dominatedRetained: r.dominatedRetained)
        }
        let out = Output(class: classes[UInt32(cls)], instances: result.instances, skipJDK: !all,
                         totalRows: result.rows.count, rows: rows)
        if format.json { return try JSONOutput.print(out) }
        if format.csv {
            var t = CSVTable(header: ["dominatorClass", "objects", "shallow", "retained", "dominated",
                                      "dominatedRetained"])
            for r in rows {
                t.add([.text(r.dominatorClass), .int(Int64(r.objects)), .uint(r.shallow), .uint(r.retained),
                       .int(Int64(r.dominated)), .uint(r.dominatedRetained)])
            }
            return CSVOutput.print(t)
        }
        print(TextTable.render(
            header: ["Objects", "Shallow", "Retained", "Dominated", "Dom. ret.", "Dominator class"],
            rows: rows.map { r in
                [ByteCount.grouped(r.objects), ByteCount.format(r.shallow), ByteCount.format(r.retained),
                 ByteCount.grouped(r.dominated), ByteCount.format(r.dominatedRetained), r.dominatorClass]
            }, rightAligned: [0, 1, 2, 3, 4]))
        if rows.count < out.totalRows { print("… \(out.totalRows - rows.count) more (--top)") }
        print("\(ByteCount.grouped(result.instances)) reachable instances of \(out.class)"
              + (all ? "; every dominator class shown" : "; JDK classes passed over (--all: show them)"))
    }
}
