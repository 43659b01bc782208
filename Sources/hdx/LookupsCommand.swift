import ArgumentParser
import DumpKit
import Foundation
import HprofReader

/// `hdx lookups FILE [--count N] [--seed S] [--baseline] [--json]`, hidden: times N record lookups of random
/// objects of an HPROF dump (what every object page, preview, field table and report pays per object), through the
/// record checkpoints or (`--baseline`) by stepping from the slice start as before them. Benchmarks/record_lookups.sh
/// runs both.
struct Lookups: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times record lookups of random objects of an HPROF dump (a benchmark).", shouldDisplay: false)

    @Argument(help: "The HPROF dump.") var file: String
    @Option(help: "How many lookups.") var count: Int = 100_000
    @Option(help: "The seed of the random objects.") var seed: UInt64 = 1
    @Flag(help: "Step from the slice start (the lookup before the checkpoints).") var baseline = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice

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

    func validate() throws {
        if count < 0 { throw ValidationError("--count must be 0 or more") }
    }

    func run() throws {
        let dump = try CommandLoading.load(file, dump: dumpChoice.number)
        guard let hprof = dump.extras(HprofDump.self) else {
            throw ValidationError("\(file): lookups times HPROF record lookups; this dump is not HPROF")
        }
        let first = hprof.firstObjectNode, end = dump.index.graph.nodeCount
        guard end > first else { throw ValidationError("\(file): the dump holds no objects") }
        var state = seed
        let nodes = (0..<count).map { _ in UInt32(first + Int(Self.splitMix(&state) % UInt64(end - first))) }
        let start = DispatchTime.now().uptimeNanoseconds
        let (found, sum) = hprof.lookUpRecords(nodes, baseline: baseline)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let out = Output(mode: baseline ? "slice walk" : "checkpoints", lookups: count, found: found,
                         seconds: (seconds * 1e4).rounded() / 1e4,
                         microsPerLookup: count == 0 ? 0 : (seconds * 1e7 / Double(count)).rounded() / 10,
                         offsetSum: sum, checkpoints: hprof.recordCheckpointCount,
                         checkpointBytes: hprof.recordCheckpointCount * 4)
        if json { return try JSONOutput.print(out) }
        print("\(count) lookups (\(out.mode)): \(String(format: "%.3f", seconds)) s, \(out.microsPerLookup) µs each; "
              + "\(found) found, offset sum \(sum); \(out.checkpoints) checkpoints (\(out.checkpointBytes) bytes)")
    }

    /// SplitMix64: the same objects for the same seed on every run and build.
    static func splitMix(_ s: inout UInt64) -> UInt64 {
        s &+= 0x9E37_79B9_7F4A_7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
