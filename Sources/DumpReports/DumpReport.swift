import DumpKit
import HanaReader
import HeapAnalysis
import HeapGraph
import HprofReader
import V8Reader

/// `hdx report`: leak suspects and a system overview (HANA: the OOM or crash verdict), optionally against a
/// baseline. One value, rendered as text, JSON (keys per docs/cli.md) or a self-contained HTML page.
public struct DumpReport: Encodable, Sendable {
    public struct Options: Sendable {
        public var threshold: Double = 0.2
        public var bigDropRatio: Double = 0.7
        public var top: Int = 10
        public init() {}
    }

    public struct Suspect: Encodable, Sendable {
        public struct Node: Encodable, Sendable {
            public var id: String
            public var `class`: String
            public var retained: UInt64
            public var percent: Double
        }
        public var id: String
        public var `class`: String
        public var retained: UInt64
        public var percent: Double
        /// `object`: one object retains it; `class`: several top-level instances of one class do together.
        public var kind: String
        public var instances: Int
        public var accumulationPoint: Node
        public var biggestInstances: [Node]?
        /// Shortest path from a GC root to the accumulation point.
        public var path: [PathStep]
        public var description: String
        /// The id of the suspect this one was found inside (below its accumulation point).
        public var within: String?
        /// When the suspect is about class objects: the static fields that hold the memory, biggest first.
        public var staticFields: [StaticField]?
        /// The way into the memory (MAT's shortest path to the accumulation point): from the static field or root
        /// that holds it down to the accumulation point (below the biggest static field's value when static
        /// fields hold it); steps as in `path`.
        public var wayIn: [PathStep]?
        /// The same in one line: `LeakDemo$SessionCache.CACHE → HashMap → table → HashMap$Node[512]`.
        public var wayInText: String?
        /// Every way into the accumulation point, merged (see `AccumulationPathsTree`); absent when none is found.
        public var accumulationPaths: AccumulationPathsTree?
    }

    /// A static field and what its value retains: `OrderDesk.ORDER_CACHE` → a HashMap retaining 3 MiB.
    public struct StaticField: Encodable, Sendable {
        /// The declaring class (source form) and the field: `declaringClass.field`.
        public var declaringClass: String
        public var field: String
        /// The class object's id.
        public var classId: String
        /// The value: its id, class and retained size.
        public var id: String
        public var `class`: String
        public var retained: UInt64
        public var percent: Double
    }

    public struct ClassRow: Encodable, Sendable {
        public var `class`: String
        public var count: Int
        public var shallow: UInt64
        public var retained: UInt64
    }

    public struct DominatorRow: Encodable, Sendable {
        public var id: String
        public var `class`: String
        public var shallow: UInt64
        public var retained: UInt64
        public var percent: Double
    }

    public struct ThreadRow: Encodable, Sendable {
        public var name: String
        public var id: String?
        /// What the Thread object retains (its thread-locals among it).
        public var retained: UInt64
        /// What the objects held by its frames retain (when nothing else holds them).
        public var localsRetained: UInt64
        public var frames: [String]
    }

    public struct LoaderRow: Encodable, Sendable {
        public var id: String
        public var `class`: String
        public var definedClasses: Int
        public var retained: UInt64
    }

    public struct DuplicateRow: Encodable, Sendable {
        public var value: String
        public var copies: Int
        public var wastedBytes: UInt64
    }

    /// V8's duplicate strings in all: how many texts are held more than once and the bytes all copies but the biggest
    /// of each take (the explorer's V8 Duplicate strings screen's totals).
    public struct DuplicateTotals: Encodable, Sendable {
        public var texts: Int
        public var wastedBytes: UInt64
    }

    public struct CollectionRow: Encodable, Sendable {
        public var `class`: String
        public var instances: Int
        public var underFilled: Int
        public var wastedBytes: UInt64
    }

    public struct Overview: Encodable, Sendable {
        public var objects: Int
        public var classes: Int
        public var roots: Int
        public var shallowBytes: UInt64
        public var reachableBytes: UInt64
        public var unreachableObjects: Int
        public var unreachableBytes: UInt64
        public var topClasses: [ClassRow]
        public var topDominators: [DominatorRow]
        public var rootsByKind: [String: Int]
        public var threads: [ThreadRow]?
        public var classLoaders: [LoaderRow]?
        public var duplicateStrings: [DuplicateRow]?
        /// V8: every text held by more than one string, and what all of them waste (not only the listed ones).
        public var duplicateStringTotals: DuplicateTotals?
        public var collections: [CollectionRow]?
        /// V8: DOM nodes no longer in a document but still retained (nil when the snapshot has no DOM).
        public var detachedDOMNodes: Int?
        /// V8: `"none"` when the snapshot holds no DOM (Node.js: its natives flagged detached are not DOM nodes).
        public var dom: String?
    }

    public struct NewRetainedCluster: Encodable, Sendable {
        public var `class`: String
        public var count: Int
        public var retained: UInt64
        public var path: [PathStep]
    }

    public var format: String
    public var file: String
    public var version: String
    public var warnings: [String]
    public var threshold: Double
    public var suspects: [Suspect]?
    public var verdict: HanaVerdict?
    public var overview: Overview
    public var baseline: String?
    public var growth: [ComparisonRow]?
    public var growthPath: [GrowthStepRow]?
    public var newRetained: [NewRetainedCluster]?
    /// HPROF: the top-level dominators by package (MAT's top consumers), see `PackageRow`.
    public var topPackages: [PackageRow]?
    /// The format's words for the text and HTML reports (not part of the JSON).
    @NotEncoded public var words: DumpVocabulary = .java

    public init(dump: LoadedDump, baseline: DumpComparison? = nil, options: Options = Options()) {
        let index = dump.index
        format = dump.format.id
        words = dump.format.words
        file = dump.path
        version = index.info.version
        warnings = index.info.warnings
        threshold = options.threshold
        if !dump.format.leakSuspects {
            verdict = dump.extras(HanaDump.self)?.verdict
            suspects = nil
        } else {
            verdict = nil
            suspects = SuspectRows(dump: dump).rows(options: options)
        }
        overview = DumpReport.overview(of: dump, top: options.top)
        topPackages = DumpReport.topPackages(of: dump)
        if let baseline {
            self.baseline = baseline.old.path
            growth = baseline.rows(top: options.top * 3).rows
            growthPath = baseline.growthRows
            newRetained = dump.format.stableIDs && baseline.objectMatch != nil
                ? DumpReport.newRetained(old: baseline.old.index, new: index, top: options.top,
                                         paths: { dump.pathsFromRoots(to: $0, max: 1).first ?? [] }) : nil
        } else {
            self.baseline = nil
            growth = nil
            growthPath = nil
            newRetained = nil
        }
    }

    /// The overview: totals, top classes and dominators, GC roots by kind; HPROF threads, class loaders, duplicate
    /// strings and collections; V8 detached DOM nodes.
    static func overview(of dump: LoadedDump, top: Int) -> Overview {
        let index = dump.index
        let total = index.reachableBytes
        func pct(_ v: UInt64) -> Double { total == 0 ? 0 : (Double(v) / Double(total) * 1000).rounded() / 10 }
        var byKind: [String: Int] = [:]
        for r in index.graph.roots { byKind[r.kind.jsonName, default: 0] += 1 }
        let classes = index.graph.classes
        var overview = Overview(
            objects: index.objectCount, classes: classes.count, roots: index.graph.rootNodes.count,
            shallowBytes: index.shallowBytes, reachableBytes: total, unreachableObjects: index.unreachableObjects,
            unreachableBytes: index.unreachableBytes,
            topClasses: index.histogram.sorted(by: .retained, classes: classes).prefix(top).map {
                ClassRow(class: classes[$0.classIndex], count: $0.count, shallow: $0.shallow, retained: $0.retained)
            },
            topDominators: index.topDominators(limit: top).map { n in
                DominatorRow(id: index.details.idString(n), class: index.details.displayClassName(n),
                             shallow: index.graph.shallowSize(n), retained: index.tree.retained[Int(n)],
                             percent: pct(index.tree.retained[Int(n)]))
            },
            rootsByKind: byKind)
        if let hprof = dump.extras(HprofDump.self) { javaOverview(hprof, index: index, top: top, into: &overview) }
        if let v8 = dump.extras(V8Snapshot.self) {
            if v8.dom.hasDOM { overview.detachedDOMNodes = v8.detachedNodeCount } else { overview.dom = "none" }
            v8Duplicates(v8, top: top, into: &overview)
        }
        return overview
    }

    /// V8's duplicate strings: the `top` most wasteful texts and the totals over all of them.
    static func v8Duplicates(_ v8: V8Snapshot, top: Int, into overview: inout Overview) {
        let found = v8.duplicateStrings(limit: top)
        overview.duplicateStrings = found.rows.map {
            DuplicateRow(value: $0.value, copies: $0.copies.count, wastedBytes: $0.wastedBytes)
        }
        overview.duplicateStringTotals = DuplicateTotals(texts: found.groups, wastedBytes: found.wasted)
    }

    /// HPROF's part of the overview: threads, class loaders, duplicate strings, collections.
    static func javaOverview(_ hprof: HprofDump, index: HeapIndex, top: Int, into overview: inout Overview) {
        overview.threads = hprof.threads.map { t in
            var locals: UInt64 = 0
            var seen: Set<UInt32> = []
            for (_, n) in t.localRoots where seen.insert(n).inserted && index.tree.idom[Int(n)] == HeapGraph.superRoot {
                locals += index.tree.retained[Int(n)]
            }
            return ThreadRow(name: t.name, id: t.object.map { index.details.idString($0) },
                             retained: t.object.map { index.tree.retained[Int($0)] } ?? 0, localsRetained: locals,
                             frames: t.frames.map(\.description))
        }.sorted { $0.retained + $0.localsRetained > $1.retained + $1.localsRetained }
        overview.classLoaders = hprof.classLoaders().map {
            LoaderRow(id: index.details.idString($0.node), class: $0.className, definedClasses: $0.definedClasses,
                      retained: $0.retained)
        }
        overview.duplicateStrings = hprof.duplicateStrings(limit: top).map {
            DuplicateRow(value: $0.value, copies: $0.copies, wastedBytes: $0.wastedBytes)
        }
        overview.collections = hprof.collectionFill().map {
            CollectionRow(class: $0.className, instances: $0.instances, underFilled: $0.underFilled,
                          wastedBytes: $0.wastedBytes)
        }
    }

    /// For a V8 comparison: what is new since OLD and still retained (see below).
    public static func newRetained(in cmp: DumpComparison, top: Int) -> [NewRetainedCluster] {
        let paths: (UInt32) -> [UInt32] = { cmp.new.pathsFromRoots(to: $0, max: 1).first ?? [] }
        // The comparison's own join when it made one (a second join costs a pass over both id orders).
        if let oldOfNew = cmp.oldOfNew {
            return clusterRows(NewRetained.clusters(in: cmp.new.index, top: top, oldOfNew: oldOfNew),
                               in: cmp.new.index, paths: paths)
        }
        return newRetained(old: cmp.old.index, new: cmp.new.index, top: top, paths: paths)
    }

    /// Objects new in NEW (their id is not in OLD) and still retained, clustered (`NewRetained`), each with the
    /// path to its biggest object.
    static func newRetained(old: HeapIndex, new: HeapIndex, top: Int,
                            paths: (UInt32) -> [UInt32]) -> [NewRetainedCluster] {
        clusterRows(NewRetained.clusters(old: old, new: new, top: top), in: new, paths: paths)
    }

    /// The clusters of the reachable objects of `new` whose id `isNew` accepts (`hdx growth`: allocated between
    /// the first and the second snapshot).
    static func newRetained(in new: HeapIndex, top: Int, paths: (UInt32) -> [UInt32],
                            isNew: (UInt64) -> Bool) -> [NewRetainedCluster] {
        clusterRows(NewRetained.clusters(in: new, top: top, isNew: isNew), in: new, paths: paths)
    }

    static func clusterRows(_ clusters: [NewRetained.Cluster], in index: HeapIndex,
                            paths: (UInt32) -> [UInt32]) -> [NewRetainedCluster] {
        clusters.map { c in
            NewRetainedCluster(class: c.className, count: c.count, retained: c.retained,
                               path: PathStep.make(paths(c.biggest), index: index))
        }
    }
}
