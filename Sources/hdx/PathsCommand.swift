import ArgumentParser
import DumpKit
import HeapGraph

/// `hdx paths FILE ID [--json] [--max N] [--max-steps N]`: shortest paths from GC roots to ID, weak references
/// excluded. A path longer than `--max-steps` shows its first and last steps and how many lie between.
struct Paths: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Shortest paths from GC roots to an object (weak references excluded).")

    @Argument(help: "The dump.") var file: String
    @Argument(help: "The object: 0x… (HPROF), @… (V8), an allocator path (HANA).") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice
    @Option(help: "At most this many paths.") var max: Int = 5
    @Option(help: "Show at most this many steps of a path: the first and last ones, and how many were left out.")
    var maxSteps: Int = PathStep.defaultMaxSteps

    struct Output: Encodable {
        var id: String
        var `class`: String
        var retained: UInt64
        var maxSteps: Int
        /// Steps per path, those left out included (a step with `omittedSteps` says where they were).
        var stepCounts: [Int]
        var paths: [[PathStep]]
    }

    func validate() throws {
        if max < 1 { throw ValidationError("--max must be at least 1") }
        if maxSteps < 2 { throw ValidationError("--max-steps must be at least 2 (the GC root and the object)") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let target = try NodeArgument.resolve(id, in: dump)
        let paths = dump.pathsFromRoots(to: target, max: max)
        let out = Output(id: dump.index.details.idString(target), class: dump.index.details.displayClassName(target),
                         retained: dump.index.tree.retained[Int(target)], maxSteps: maxSteps,
                         stepCounts: paths.map(\.count),
                         paths: paths.map { PathStep.make($0, index: dump.index, maxSteps: maxSteps) })
        if json { return try JSONOutput.print(out) }
        if paths.isEmpty {
            TextOutput.line("\(out.class) \(out.id) is not reachable from any GC root (weak references excluded)")
        }
        for (i, p) in out.paths.enumerated() {
            TextOutput.line("path \(i + 1):")
            PathText.lines(p, prefix: "  ", step: { s in
                let root = s.root.map { " [GC root: \($0.joined(separator: ", "))]" } ?? ""
                let via = s.field.map { "  .\($0) →" } ?? ""
                return "\(s.class == s.id ? s.id : "\(s.class) \(s.id)")\(root)\(via)"
            }, emit: TextOutput.line)
        }
    }
}
