import DumpKit
import DumpInput
import HeapAnalysis
import HeapGraph

/// `hdx growth S1 S2 S3 …`: what grows across three or more snapshots of one process. Per class (HANA: allocator)
/// the series of counts and retained sizes, flagged `monotonic` when the retained size grew at every step (noise
/// goes up and down; a leak only grows). V8 adds MemLab's rule (objects allocated between S1 and S2 and still alive
/// in the last snapshot, clustered by retainer trace); HPROF and HANA add Shark's rule (dominator-tree paths whose
/// retained size grew at every step, from the roots down).
///
/// The snapshots are read one at a time and only what the rows need is kept from each (the class rows, the folded
/// dominator tree's sizes, V8 node ids), so the peak is one loaded dump plus small tables.
public struct GrowthSeries: Encodable, Sendable {
    public struct Row: Encodable, Sendable, Equatable {
        public var `class`: String
        public var counts: [Int]
        public var retained: [UInt64]
        public var shallow: [UInt64]
        /// The retained size strictly grew at every step.
        public var monotonic: Bool
        /// The count strictly grew at every step.
        public var countsMonotonic: Bool
        /// Retained growth of the last step (the sort key).
        public var lastGrowth: Int64
    }

    public struct PathStep: Encodable, Sendable, Equatable {
        public var `class`: String
        /// The biggest object of this class at this place in the last snapshot.
        public var id: String
        public var counts: [Int]
        public var retained: [UInt64]
    }

    public struct GrowingPath: Encodable, Sendable, Equatable {
        /// From the GC roots (first) to where the growth accumulates (last), folded by class.
        public var path: [PathStep]
        public var retained: [UInt64]
        public var lastGrowth: Int64
    }

    public var format: DumpFormat
    public var snapshots: [String]
    public var rows: [Row]
    public var totalRows: Int
    public var monotonicRows: Int
    /// Per snapshot: bytes reachable from the roots.
    public var reachableBytes: [UInt64]
    /// V8: MemLab's leak clusters.
    public var newRetained: [DumpReport.NewRetainedCluster]?
    /// HPROF and HANA: Shark's growing dominator-tree paths.
    public var growingPaths: [GrowingPath]?
    public var notes: [String]

    public enum Failure: Error, CustomStringConvertible {
        case tooFew(Int)
        case mixedKinds(file: String, kind: String, first: String, firstKind: String)
        public var description: String {
            switch self {
            case .tooFew(let n):
                return "growth needs three or more snapshots, got \(n) (for two, use `hdx diff OLD NEW`)"
            case .mixedKinds(let file, let kind, let first, let firstKind):
                return "\(file): a \(kind) dump, but \(first) is a \(firstKind) dump (growth compares snapshots of one kind)"
            }
        }
    }

    public struct Options: Sendable {
        /// Rows and paths to keep (nil: all rows, 20 paths and clusters).
        public var top: Int?
        /// Folded-tree limits for Shark's rule: deeper or smaller nodes of the last snapshot are not followed.
        public var maxDepth = 32
        public var minShare = 0.0001
        public init() {}
    }

    /// What one snapshot contributes.
    struct Sample {
        var classes: [String: HistogramDiff.Side] = [:]
        var reachable: UInt64 = 0
        var treeSizes: [UInt64] = []
        var treeCounts: [Int] = []
    }

    /// Reads the snapshots (one at a time) and computes the series. `load` opens one file (DumpLoader.load by
    /// default); errors from it pass through, different kinds throw `Failure.mixedKinds`. `keepLast` receives the
    /// last snapshot (the explorer shows it; then it stays loaded beside the one being read).
    public static func load(paths: [String], options: Options = Options(),
                            load: (String) throws(DumpError) -> LoadedDump = { p throws(DumpError) in
                                try DumpLoader.load(path: p) },
                            keepLast: ((LoadedDump) -> Void)? = nil)
        throws -> GrowthSeries {
        guard paths.count >= 3 else { throw Failure.tooFew(paths.count) }
        var format: DumpFormat?
        var firstPath = ""
        func open(_ i: Int) throws -> LoadedDump {
            let d = try load(paths[i])
            if let format, d.format != format {
                throw Failure.mixedKinds(file: paths[i], kind: d.format.id, first: firstPath,
                                         firstKind: format.id)
            }
            if format == nil { format = d.format; firstPath = paths[i] }
            return d
        }
        // The kind from the first bytes (a gzip file is opened to see). V8: the ids of S1, then the ids new in S2,
        // then the last snapshot (clusters), then the middle ones. Others: the last first (its folded tree is the
        // template the others are measured against), then the rest in order. Every dump is dropped at the end of
        // its block, before the next is opened.
        var kind = GrowthSeries.peekFormat(paths[0])
        // A gzip S1 is opened to see its kind and kept (beside one other dump at most) until its turn comes.
        var preloaded: LoadedDump?
        if kind == nil {
            preloaded = try open(0)
            kind = preloaded?.format
        }
        if format == nil { format = kind; firstPath = paths[0] }
        // Mixed kinds fail before anything big is read (gzip files are checked when they are opened).
        for p in paths.dropFirst() {
            if let k = GrowthSeries.peekFormat(p), k != kind {
                throw Failure.mixedKinds(file: p, kind: k.id, first: firstPath, firstKind: kind!.id)
            }
        }
        if kind?.stableIDs == true {
            let read = try stableIDSamples(count: paths.count, options: options, preloaded: &preloaded, open: open,
                                           keepLast: keepLast)
            return GrowthSeries(format: format!, paths: paths, samples: read.samples, template: nil, lastIDs: [],
                                newRetained: read.newRetained, notes: read.notes, top: options.top)
        }
        let read = try templateSamples(count: paths.count, options: options, preloaded: &preloaded, open: open,
                                       keepLast: keepLast)
        var notes: [String] = []
        if let note = format?.movingIDsNote {
            notes.append(note + ": classes and dominator paths are matched by name")
        }
        return GrowthSeries(format: format!, paths: paths, samples: read.samples, template: read.template,
                            lastIDs: read.lastIDs, newRetained: nil, notes: notes, top: options.top)
    }

    /// The format from the first bytes of a plain file; nil for gzip (and anything unreadable: loading says why).
    static func peekFormat(_ path: String) -> DumpFormat? {
        guard let file = try? MappedFile(path: path), !GzipInflater.isGzip(file) else { return nil }
        return DumpFormat.detect(file.bytes)
    }

    static func contains(_ sorted: [UInt64], _ id: UInt64) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == id
    }

    init(format: DumpFormat, paths: [String], samples: [Sample], template: ClassTree?, lastIDs: [String],
         newRetained: [DumpReport.NewRetainedCluster]?, notes: [String], top: Int?) {
        self.format = format
        snapshots = paths
        reachableBytes = samples.map(\.reachable)
        self.newRetained = newRetained
        self.notes = notes
        var names = Set<String>()
        for s in samples { names.formUnion(s.classes.keys) }
        var rows: [Row] = []
        rows.reserveCapacity(names.count)
        for name in names {
            let sides = samples.map { $0.classes[name] ?? HistogramDiff.Side() }
            let retained = sides.map(\.retained), counts = sides.map(\.count)
            rows.append(Row(class: name, counts: counts, retained: retained, shallow: sides.map(\.shallow),
                            monotonic: GrowthSeries.strictlyGrows(retained),
                            countsMonotonic: GrowthSeries.strictlyGrows(counts),
                            lastGrowth: Int64(bitPattern: retained[retained.count - 1] &- retained[retained.count - 2])))
        }
        rows.sort { a, b in
            if a.lastGrowth != b.lastGrowth { return a.lastGrowth > b.lastGrowth }
            if a.monotonic != b.monotonic { return a.monotonic }
            return a.class < b.class
        }
        totalRows = rows.count
        monotonicRows = rows.reduce(0) { $0 + ($1.monotonic ? 1 : 0) }
        self.rows = top.map { Array(rows.prefix($0)) } ?? rows
        if let template {
            let sizes = samples.map(\.treeSizes)
            let ends = ClassTree.growingPaths(template: template, series: sizes, counts: samples.map(\.treeCounts))
            growingPaths = ends.prefix(top ?? 20).map { v in
                let steps = template.path(to: v).map { u in
                    PathStep(class: template.nodes[u].key, id: lastIDs[u], counts: samples.map { $0.treeCounts[u] },
                             retained: sizes.map { $0[u] })
                }
                let series = sizes.map { $0[v] }
                return GrowingPath(path: steps, retained: series,
                                   lastGrowth: Int64(bitPattern: series[series.count - 1] &- series[series.count - 2]))
            }
        } else {
            growingPaths = nil
        }
    }

    static func strictlyGrows<T: Comparable>(_ xs: [T]) -> Bool {
        for k in 1..<xs.count where xs[k] <= xs[k - 1] { return false }
        return true
    }
}
