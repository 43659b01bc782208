import ArgumentParser
import DumpKit
import DumpProgress
import Foundation
import HeapGraph

/// `hdx bench predecessors FILE [--count N] [--seed S] [--json]`: times `HeapGraph.predecessors`, the call root
/// paths, merged and accumulation paths and retainers make once per node: one sweep over every node in order (the
/// call's own cost) and N calls on random nodes (with the cache misses of a search). Benchmarks/predecessors.sh runs
/// it.
struct BenchPredecessors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predecessors", abstract: "Times HeapGraph.predecessors over every node and on random nodes.")

    @OptionGroup var options: BenchOptions

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

    func run() throws {
        let graph = try options.load().index.graph
        let n = graph.nodeCount
        _ = graph.predecessors(HeapGraph.superRoot)   // built (or restored) before the clock starts
        let count = options.count ?? 10_000_000
        let nodes = options.randomNodes(count, in: 0..<max(n, 1))
        var sum = 0
        var start = DispatchTime.now().uptimeNanoseconds, cpu = ThreadCPU.seconds()
        for v in 0..<n { sum &+= Self.touch(graph.predecessors(UInt32(v))) }
        let sweep = BenchOptions.seconds(since: start), sweepCPU = ThreadCPU.seconds() - cpu
        start = DispatchTime.now().uptimeNanoseconds
        cpu = ThreadCPU.seconds()
        for v in nodes { sum &+= Self.touch(graph.predecessors(v)) }
        let random = BenchOptions.seconds(since: start), randomCPU = ThreadCPU.seconds() - cpu
        let perCall = { (seconds: Double, calls: Int) in BenchOptions.round(seconds * 1e9 / Double(max(calls, 1)), 1) }
        let out = Output(sweepCalls: n, sweepSeconds: BenchOptions.round(sweep, 4),
                         sweepNanosPerCall: perCall(sweep, n), sweepCPUNanosPerCall: perCall(sweepCPU, n),
                         randomCalls: count, randomSeconds: BenchOptions.round(random, 4),
                         randomNanosPerCall: perCall(random, count), randomCPUNanosPerCall: perCall(randomCPU, count),
                         edgeSum: sum)
        if options.json { return try JSONOutput.print(out) }
        print("sweep: \(n) calls, \(out.sweepSeconds) s, \(out.sweepNanosPerCall) ns each (CPU \(out.sweepCPUNanosPerCall)); "
              + "random: \(count) calls, \(out.randomSeconds) s, \(out.randomNanosPerCall) ns each "
              + "(CPU \(out.randomCPUNanosPerCall)); edge sum \(sum)")
    }

    /// What a search reads of the result: its length and first edge.
    @inline(never)
    static func touch(_ preds: Column<UInt32>.SubSequence) -> Int {
        preds.count &+ Int(preds.first ?? 0)
    }
}
