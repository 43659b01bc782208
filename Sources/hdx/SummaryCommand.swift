import ArgumentParser
import DumpKit
import HeapGraph

/// `hdx summary FILE [--json]`: what the dump is — format, counts, sizes, warnings, load timings.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What the dump is: format, counts, sizes, warnings.")

    @Argument(help: "The dump (.hprof, .hprof.gz, .heapsnapshot, HANA .trc).") var file: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice

    struct Output: Encodable {
        var format: String
        var version: String
        var file: String
        var fileBytes: Int
        var objects: Int
        var classes: Int
        var roots: Int
        var rootRecords: Int
        var edges: Int
        var shallowBytes: UInt64
        var reachableBytes: UInt64
        var reachableObjects: Int
        var unreachableObjects: Int
        var unreachableBytes: UInt64
        var facts: [String: String]
        /// HPROF: how many heap dumps the file holds and which one was read (1-based).
        var dumps: Int?
        var dumpIndex: Int?
        var warnings: [String]
        var timings: [String: Double]
        /// Peak resident memory (MiB) at the end of each phase.
        var peakResidentMiB: [String: Double]
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        let index = dump.index
        let out = Output(
            format: index.info.format, version: index.info.version, file: index.info.path,
            fileBytes: index.info.fileBytes, objects: index.objectCount, classes: index.graph.classes.count,
            roots: index.graph.rootNodes.count, rootRecords: index.graph.roots.count, edges: index.graph.edgeCount,
            shallowBytes: index.shallowBytes, reachableBytes: index.reachableBytes,
            reachableObjects: index.reachableObjects, unreachableObjects: index.unreachableObjects,
            unreachableBytes: index.unreachableBytes,
            facts: Dictionary(index.info.facts.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
            dumps: dump.hprof?.dumpCount, dumpIndex: dump.hprof?.dumpNumber,
            warnings: index.info.warnings,
            timings: Dictionary(index.timings.map { ($0.phase, ($0.seconds * 1000).rounded() / 1000) },
                                uniquingKeysWith: +),
            peakResidentMiB: Dictionary(index.timings.map { ($0.phase, (Double($0.peakResidentBytes) / 1_048_576).rounded()) },
                                        uniquingKeysWith: max))
        if json { return try JSONOutput.print(out) }
        TextOutput.line("\(index.info.path): \(index.info.version) (\(index.info.format)), \(ByteCount.format(index.info.fileBytes))")
        for (k, v) in index.info.facts { TextOutput.line("  \(k): \(v)") }
        print("  objects:      \(ByteCount.grouped(out.objects))")
        print("  classes:      \(ByteCount.grouped(out.classes))")
        print("  GC roots:     \(ByteCount.grouped(out.roots)) (\(ByteCount.grouped(out.rootRecords)) records)")
        print("  references:   \(ByteCount.grouped(out.edges))")
        print("  shallow:      \(ByteCount.format(out.shallowBytes)) (\(ByteCount.grouped(out.shallowBytes)) bytes)")
        print("  reachable:    \(ByteCount.format(out.reachableBytes)) in \(ByteCount.grouped(out.reachableObjects)) objects")
        print("  unreachable:  \(ByteCount.format(out.unreachableBytes)) in \(ByteCount.grouped(out.unreachableObjects)) objects")
        for w in out.warnings { TextOutput.line("  warning: \(w)") }
    }
}
