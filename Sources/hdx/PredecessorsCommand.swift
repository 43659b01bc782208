import ArgumentParser
import DumpKit
import Foundation
import HeapGraph

/// `hdx predecessors FILE [--count N] [--seed S] [--json]`, hidden: times `HeapGraph.predecessors`, the call root
/// paths, merged and accumulation paths and retainers make once per node: one sweep over every node in order (the
/// call's own cost) and N calls on random nodes (with the cache misses of a search). Benchmarks/predecessors.sh
/// runs it.
struct Predecessors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times HeapGraph.predecessors over every node and on random nodes (a benchmark).",
        shouldDisplay: false)

    @Argument(help: "The dump.") var file: String
    @Option(help: "How many calls on random nodes.") var count: Int = 10_000_000
    @Option(help: "The seed of the random nodes.") var seed: UInt64 = 1
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice

    struct Output: Encodable {
        var sweepCalls: Int
        var sweepSeconds: Double
        var sweepNanosPerCall: Double
        /// The calling thread's CPU time per call (what the call costs whatever else the box runs).
        var sweepCPUNanosPerCall: Double
        var randomCalls: Int
        var randomSeconds: Double
        var randomNanosPerCall: Double
        var randomCPUNanosPerCall: Double
        var edgeSum: Int
    }

    func validate() throws {
        if count < 0 { throw ValidationError("--count must be 0 or more") }
    }

    func run() throws {
        let graph = try CommandLoading.load(file, dump: dumpChoice.number).index.graph
        let n = graph.nodeCount
        _ = graph.predecessors(HeapGraph.superRoot)   // built (or restored) before the clock starts
        var state = seed
        let nodes = (0..<count).map { _ in UInt32(truncatingIfNeeded: Lookups.splitMix(&state) % UInt64(n)) }
        var sum = 0
        var start = DispatchTime.now().uptimeNanoseconds, cpu = Self.threadCPU()
        for v in 0..<n { sum &+= Self.touch(graph.predecessors(UInt32(v))) }
        let sweep = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, sweepCPU = Self.threadCPU() - cpu
        start = DispatchTime.now().uptimeNanoseconds
        cpu = Self.threadCPU()
        for v in nodes { sum &+= Self.touch(graph.predecessors(v)) }
        let random = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, randomCPU = Self.threadCPU() - cpu
        let out = Output(sweepCalls: n, sweepSeconds: Self.round(sweep, 4),
                         sweepNanosPerCall: Self.round(sweep * 1e9 / Double(max(n, 1)), 1),
                         sweepCPUNanosPerCall: Self.round(sweepCPU / Double(max(n, 1)), 1),
                         randomCalls: count, randomSeconds: Self.round(random, 4),
                         randomNanosPerCall: Self.round(random * 1e9 / Double(max(count, 1)), 1),
                         randomCPUNanosPerCall: Self.round(randomCPU / Double(max(count, 1)), 1), edgeSum: sum)
        if json { return try JSONOutput.print(out) }
        print("sweep: \(n) calls, \(out.sweepSeconds) s, \(out.sweepNanosPerCall) ns each (CPU \(out.sweepCPUNanosPerCall)); "
              + "random: \(count) calls, \(out.randomSeconds) s, \(out.randomNanosPerCall) ns each "
              + "(CPU \(out.randomCPUNanosPerCall)); edge sum \(sum)")
    }

    /// The calling thread's CPU time in nanoseconds.
    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
    }

    /// What a search reads of the result: its length and first edge.
    @inline(never)
    static func touch(_ preds: Column<UInt32>.SubSequence) -> Int {
        preds.count &+ Int(preds.first ?? 0)
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10, Double(digits))
        return (x * f).rounded() / f
    }
}
