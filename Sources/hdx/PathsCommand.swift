import ArgumentParser
import DumpKit
import HeapGraph

/// `hdx paths FILE ID [--json] [--max N]`: shortest paths from GC roots to ID, weak references excluded.
struct Paths: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Shortest paths from GC roots to an object (weak references excluded).")

    @Argument(help: "The dump.") var file: String
    @Argument(help: "The object: 0x… (HPROF), @… (V8), an allocator path (HANA).") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice
    @Option(help: "At most this many paths.") var max: Int = 5

    struct Output: Encodable {
        var id: String
        var `class`: String
        var retained: UInt64
        var paths: [[PathStep]]
    }

    func validate() throws {
        if max < 1 { throw ValidationError("--max must be at least 1") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let target = try NodeArgument.resolve(id, in: dump)
        let paths = dump.pathsFromRoots(to: target, max: max)
        let out = Output(id: dump.index.details.idString(target), class: dump.index.details.displayClassName(target),
                         retained: dump.index.tree.retained[Int(target)],
                         paths: paths.map { PathStep.make($0, index: dump.index) })
        if json { return try JSONOutput.print(out) }
        if paths.isEmpty { print("\(out.class) \(out.id) is not reachable from any GC root (weak references excluded)") }
        for (i, p) in out.paths.enumerated() {
            print("path \(i + 1):")
            for (k, s) in p.enumerated() {
                let indent = String(repeating: "  ", count: k + 1)
                let root = s.root.map { " [GC root: \($0.joined(separator: ", "))]" } ?? ""
                let via = s.field.map { "  .\($0) →" } ?? ""
                print("\(indent)\(s.class == s.id ? s.id : "\(s.class) \(s.id)")\(root)\(via)")
            }
        }
    }
}
