import ArgumentParser
import DumpKit
import HanaReader

/// `hdx hana allocators FILE [--folded]`: the allocator tree of a HANA dump, as a table or as folded lines.
struct HanaAllocators: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocators",
        abstract: "Print the allocator tree (inclusive, exclusive bytes), or folded lines for flame graphs (--folded).")

    @Argument(help: "The HANA runtime dump (.trc).")
    var file: String

    @OptionGroup var memory: MemoryChoice

    @Flag(name: .long, help: "Folded lines: Pool;ColumnStore;Main <exclusive bytes>, for flamegraph.pl or speedscope.")
    var folded = false

    func run() throws {
        let dump = try HanaCommand.open(file)
        if folded {
            for line in dump.foldedAllocators() { print(TextSafe.line(line)) }
            return
        }
        let tree = dump.allocators
        print("allocators from \(tree.source.rawValue), \(tree.allocators.count) listed, total \(ByteCount.format(tree.totalInclusive))")
        print(TextTable.render(header: ["Inclusive", "Exclusive", "Allocator"], rows: tree.allocators.map { a in
            [ByteCount.format(a.inclusive), ByteCount.format(a.exclusive), TextSafe.line(a.path)]
        }, rightAligned: [0, 1]))
    }
}
