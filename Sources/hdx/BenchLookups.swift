import ArgumentParser
import DumpKit
import Foundation
import HprofReader

/// `hdx bench lookups FILE [--count N] [--seed S] [--baseline] [--json]`: times N record lookups of random objects
/// of an HPROF dump (what every object page, preview, field table and report pays per object), through the record
/// checkpoints or (`--baseline`) by stepping from the slice start as before them. Benchmarks/record_lookups.sh runs
/// both.
struct BenchLookups: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookups", abstract: "Times record lookups of random objects of an HPROF dump.")

    @OptionGroup var options: BenchOptions
    @Flag(help: "Step from the slice start (the lookup before the checkpoints).") var baseline = false

    struct Output: Encodable {
        var mode: String
        var lookups: Int
        var found: Int
        var seconds: Double
        var microsPerLookup: Double
        var offsetSum: Int
        var checkpoints: Int
        var checkpointBytes: Int
    }

    func run() throws {
        let dump = try options.load(), file = options.file
        guard let hprof = dump.extras(HprofDump.self) else {
            throw ValidationError("\(file): lookups times HPROF record lookups; this dump is not HPROF")
        }
        let first = hprof.firstObjectNode, end = dump.index.graph.nodeCount
        guard end > first else { throw ValidationError("\(file): the dump holds no objects") }
        let count = options.count ?? 100_000
        let nodes = options.randomNodes(count, in: first..<end)
        let start = DispatchTime.now().uptimeNanoseconds
        let (found, sum) = hprof.lookUpRecords(nodes, baseline: baseline)
        let seconds = BenchOptions.seconds(since: start)
        let out = Output(mode: baseline ? "slice walk" : "checkpoints", lookups: count, found: found,
                         seconds: BenchOptions.round(seconds, 4),
                         microsPerLookup: count == 0 ? 0 : BenchOptions.round(seconds * 1e6 / Double(count), 1),
                         offsetSum: sum, checkpoints: hprof.recordCheckpointCount,
                         checkpointBytes: hprof.recordCheckpointCount * 4)
        if options.json { return try JSONOutput.print(out) }
        print("\(count) lookups (\(out.mode)): \(String(format: "%.3f", seconds)) s, \(out.microsPerLookup) µs each; "
              + "\(found) found, offset sum \(sum); \(out.checkpoints) checkpoints (\(out.checkpointBytes) bytes)")
    }
}
