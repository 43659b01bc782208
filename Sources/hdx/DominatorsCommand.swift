import ArgumentParser
import DumpKit
import HeapGraph

/// `hdx dominators FILE [--json] [--top N] [--of ID]`: the biggest dominator-tree nodes under the root or under ID.
struct Dominators: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The biggest dominator-tree nodes under the GC roots, or under object ID.")

    @Argument(help: "The dump.") var file: String
    @OptionGroup var format: OutputFormatOptions<TextFormatWording>
    @OptionGroup var dumpChoice: DumpChoice
    @Option(help: "How many rows.") var top: Int = 25
    @Option(help: "List the children of this object (0x… for HPROF, @… for V8, an allocator path for HANA).")
    var of: String?

    struct Row: Encodable {
        var id: String
        var `class`: String
        var shallow: UInt64
        var retained: UInt64
        var percent: Double
        var children: Int
        var preview: String?
    }

    struct Output: Encodable {
        var of: String?
        var ofRetained: UInt64
        var totalChildren: Int
        var rows: [Row]
    }

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let index = dump.index
        let parent = try of.map { try NodeArgument.resolve($0, in: dump) } ?? HeapGraph.superRoot
        let parentRetained = index.tree.retained[Int(parent)]
        let children = index.topDominators(under: parent, limit: top)
        let details = index.details
        let rows = children.map { n in
            Row(id: details.idString(n), class: details.displayClassName(n), shallow: index.graph.shallowSize(n),
                retained: index.tree.retained[Int(n)],
                percent: parentRetained == 0 ? 0
                    : (Double(index.tree.retained[Int(n)]) / Double(parentRetained) * 1000).rounded() / 10,
                children: index.tree.childCount(n), preview: details.preview(n))
        }
        let out = Output(of: of.map { _ in details.idString(parent) }, ofRetained: parentRetained,
                         totalChildren: index.tree.childCount(parent), rows: rows)
        if format.json { return try JSONOutput.print(out) }
        if format.csv { return CSVOutput.print(ListCSV.dominators(rows.map { ($0.id, $0.class, $0.shallow, $0.retained, $0.children) })) }
        print(TextTable.render(
            header: ["Retained", "%", "Shallow", "Children", "Object"],
            rows: rows.map { r in
                [ByteCount.format(r.retained), "\(r.percent)%", ByteCount.format(r.shallow), ByteCount.grouped(r.children),
                 (r.class == r.id ? r.id : "\(r.class) \(r.id)") + (r.preview.map { "  \($0)" } ?? "")]
            }, rightAligned: [0, 1, 2, 3]))
        if rows.count < out.totalChildren { print("… \(out.totalChildren - rows.count) more (--top)") }
    }
}
