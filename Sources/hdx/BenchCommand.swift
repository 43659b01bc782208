import ArgumentParser
import DumpKit
import HeapGraph
import Foundation

/// `hdx bench lookups|predecessors FILE [--count N] [--seed S] [--json]`, hidden: the microbenchmarks that
/// Benchmarks/record_lookups.sh and Benchmarks/predecessors.sh run on a loaded dump, timing one call that screens
/// and reports make once per object on random objects.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Microbenchmarks on a loaded dump (for Benchmarks/).", shouldDisplay: false,
        subcommands: [BenchLookups.self, BenchPredecessors.self])
}

/// What every benchmark takes: the dump, how many calls on random objects, their seed, and JSON or text.
struct BenchOptions: ParsableArguments {
    @Argument(help: "The dump.") var file: String
    @Option(help: "How many calls on random objects (default: per benchmark).") var count: Int?
    @Option(help: "The seed of the random objects.") var seed: UInt64 = 1
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice

    func validate() throws {
        if let count, count < 0 { throw ValidationError("--count must be 0 or more") }
    }

    func load() throws -> LoadedDump { try CommandLoading.load(file, dump: dumpChoice.number) }

    /// `count` node ids drawn from `range` by SplitMix64 from `seed`: the same objects on every run and build.
    func randomNodes(_ count: Int, in range: Range<Int>) -> [UInt32] {
        var s = seed
        return (0..<count).map { _ in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt32(truncatingIfNeeded: range.lowerBound + Int((z ^ (z >> 31)) % UInt64(range.count)))
        }
    }

    /// Seconds since `start` (a `DispatchTime` uptime in ns).
    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10, Double(digits))
        return (x * f).rounded() / f
    }
}
