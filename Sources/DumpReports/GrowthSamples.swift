import DumpKit
import HeapAnalysis
import HeapGraph

extension GrowthSeries {
    /// What one snapshot contributes: its class rows, reachable bytes and, against `tree`, the folded tree's sizes.
    static func sample(_ d: LoadedDump, tree: ClassTree?) -> Sample {
        var s = Sample()
        s.reachable = d.index.reachableBytes
        for r in d.index.histogram.rows {
            let name = d.index.graph.classes[r.classIndex]
            var side = s.classes[name] ?? HistogramDiff.Side()
            side.count += r.count
            side.shallow &+= r.shallow
            side.retained &+= r.retained
            s.classes[name] = side
        }
        if let tree {
            s.treeSizes = tree.nodes.map(\.retained)
            s.treeCounts = tree.nodes.map(\.count)
        }
        return s
    }

    /// Ids stable across snapshots (V8): the ids of S1, then the ids new in S2, then the last snapshot (MemLab's
    /// clusters of new objects still retained), then the middle ones.
    static func stableIDSamples(count n: Int, options: Options, preloaded: inout LoadedDump?,
                                open: (Int) throws -> LoadedDump, keepLast: ((LoadedDump) -> Void)?)
        throws -> (samples: [Sample], newRetained: [DumpReport.NewRetainedCluster]?, notes: [String]) {
        var samples = [Sample?](repeating: nil, count: n)
        var notes: [String] = []
        var ids1: [UInt64] = []
        do {
            let first = try preloaded ?? open(0)
            preloaded = nil
            ids1 = Array(first.index.graph.objectIDs.dropFirst())
            samples[0] = sample(first, tree: nil)
        }
        ids1.sort()
        var fresh: [UInt64] = []
        do {
            let second = try open(1)
            for id in second.index.graph.objectIDs.dropFirst() where !GrowthSeries.contains(ids1, id) {
                fresh.append(id)
            }
            samples[1] = sample(second, tree: nil)
        }
        ids1 = []
        fresh.sort()
        if fresh.isEmpty { notes.append("no node ids new in the second snapshot (different processes?)") }
        let newRetained: [DumpReport.NewRetainedCluster]?
        do {
            let last = try open(n - 1)
            keepLast?(last)
            samples[n - 1] = sample(last, tree: nil)
            let shared = fresh
            newRetained = DumpReport.newRetained(in: last.index, top: options.top ?? 20,
                                                 paths: { last.pathsFromRoots(to: $0, max: 1).first ?? [] },
                                                 isNew: { GrowthSeries.contains(shared, $0) })
        }
        for i in 2..<(n - 1) { samples[i] = sample(try open(i), tree: nil) }
        return (samples.map { $0! }, newRetained, notes)
    }

    /// Ids that move (HPROF, HANA): the last snapshot first (its folded tree is the template the others are
    /// measured against, Shark's rule), then the rest in order.
    static func templateSamples(count n: Int, options: Options, preloaded: inout LoadedDump?,
                                open: (Int) throws -> LoadedDump, keepLast: ((LoadedDump) -> Void)?)
        throws -> (samples: [Sample], template: ClassTree, lastIDs: [String]) {
        var samples = [Sample?](repeating: nil, count: n)
        let t: ClassTree
        let lastIDs: [String]
        do {
            let last = try open(n - 1)
            keepLast?(last)
            let minBytes = UInt64(Double(last.index.reachableBytes) * options.minShare)
            t = ClassTree(index: last.index, maxDepth: options.maxDepth, minBytes: max(minBytes, 1))
            lastIDs = t.nodes.map { $0.biggest == 0 ? "" : last.index.details.idString($0.biggest) }
            samples[n - 1] = sample(last, tree: t)
        }
        for i in 0..<(n - 1) {
            let d = try (i == 0 ? preloaded : nil) ?? open(i)
            if i == 0 { preloaded = nil }
            samples[i] = sample(d, tree: ClassTree(index: d.index, template: t))
        }
        return (samples.map { $0! }, t, lastIDs)
    }
}
