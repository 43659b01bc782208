#if canImport(Glibc)
import Glibc
#endif
import DumpInput
import DumpProgress
import HeapGraph

/// Reads a snapshot in phases: locate the sections; parse nodes (then strings) and edges on two threads; apply
/// DevTools' rules; build the graph; index it. Each phase is one method of `SnapshotLoad`.
enum SnapshotLoader {
    static func load(_ file: MappedFile, extraWarnings: [String], progress: ProgressSink?) throws(DumpError)
        -> V8Snapshot {
        var load = SnapshotLoad(file: file, warnings: extraWarnings, progress: progress)
        let sections = try load.locate()
        var raw = try load.parse(sections)
        try load.checkCancelled()
        let (detached, rules) = load.applyRules(&raw)
        try load.checkCancelled()
        let built = try load.buildGraph(&raw, rules: rules)
        return try load.index(built, raw: raw, rules: rules, detached: detached)
    }
}

/// Where the arrays are and how many values they can hold, from the header.
struct SnapshotSections {
    var meta: SnapshotMeta
    var header: Range<Int>
    var nodesStart: Int
    /// Edges that fit in the file (fewer than `meta.edgeCount` when it is truncated).
    var edgeCapacity: Int
}

/// The graph built from the snapshot, and what V8Details reads back from the file.
struct BuiltGraph {
    var graph: HeapGraph
    var nodeRows: RowReader
    var edgeRows: RowReader
    var nodeTypes: Column<UInt8>
}

/// One snapshot being loaded: the file, the timings and warnings so far.
struct SnapshotLoad {
    let file: MappedFile
    var warnings: [String]
    let progress: ProgressSink?
    var clock = PhaseClock()
    var timings: [PhaseTiming] = []
    /// Blink DOM nodes and the detached ones (after the DOM state is propagated).
    var dom = DOMCensus()
    /// Where the big arrays live: in memory, or out of core when the estimate exceeds the budget (`V8OutOfCore`).
    var storage = ArrayStorage.memory

    init(file: MappedFile, warnings: [String], progress: ProgressSink?) {
        self.file = file
        self.warnings = warnings
        self.progress = progress
    }

    var path: String { file.path }

    func fail(_ f: ParseFailure) -> DumpError { DumpError(file: path, offset: f.offset, f.message) }

    func checkCancelled() throws(DumpError) {
        if progress?.isCancelled == true { throw DumpError.cancelled(file: path) }
    }

    /// 1. The header, and where the nodes begin (V8 writes them right after it). Never allocates by an unchecked
    /// count: every value needs at least one digit and one separator.
    mutating func locate() throws(DumpError) -> SnapshotSections {
        progress?.phase("reading", 0)
        let located: (meta: SnapshotMeta, header: Range<Int>, nodesStart: Int)
        do { located = try SectionLocator.header(file.base, count: file.count) } catch { throw fail(error) }
        let meta = located.meta
        let n = meta.nodeCount, e = meta.edgeCount
        let nf = meta.nodeFields.count, ef = meta.edgeFields.count
        let remaining = file.count - located.nodesStart
        guard n * nf <= (remaining + 1) / 2 else {
            throw DumpError(file: path, offset: file.count, "node_count \(n) × \(nf) values cannot fit in the "
                                + "\(remaining) bytes after the header: the file ends inside the nodes array "
                                + "(truncated), or snapshot.meta does not match the arrays")
        }
        guard n + 1 < Edge.maxNodes else {
            throw DumpError(file: path, offset: located.header.lowerBound, "\(n) nodes exceed the index limit")
        }
        // A truncated file holds at most the edges that fit in its bytes.
        let edgeCapacity = min(e, max(remaining - 2 * n * nf, 0) / 2 / max(ef, 1) + 1)
        try chooseStorage(nodes: n, edges: edgeCapacity)
        timings.append(clock.lap("header"))
        return SnapshotSections(meta: meta, header: located.header, nodesStart: located.nodesStart,
                                edgeCapacity: edgeCapacity)
    }

    /// 2. Parse nodes (then scan strings) and edges in parallel; check truncation and consistency.
    mutating func parse(_ sections: SnapshotSections) throws(DumpError) -> RawSnapshot {
        let meta = sections.meta
        // Destructured into a var, not copied: the arrays stay uniquely referenced and a truncation changes them in
        // place.
        var a: ParsedArrays
        let job: ParseOutcome
        (a, job) = ParseJob.parse(file: file, meta: meta, edgeCapacity: sections.edgeCapacity,
                                  nodesStart: sections.nodesStart, progress: progress, storage: storage)
        warnings += job.warnings
        timings.append(PhaseTiming(phase: "parse nodes, first edges (thread 1)", seconds: job.nodeSeconds))
        timings.append(PhaseTiming(phase: "parse other edges, strings (thread 2)", seconds: job.edgeSeconds))
        clock = PhaseClock()
        let nodeInfo: NodeParseResult
        switch job.nodes {
        case .success(let r): nodeInfo = r
        case .failure(let f): throw fail(f)
        }
        // The first piece of a split edges array comes first in the file: its error is the one to report.
        if case .failure(let f) = job.firstEdges { throw fail(f) }
        var edgesRead: Int
        switch job.edges {
        case .success(let k): edgesRead = k
        case .failure(let f): throw fail(f)
        }
        let stringTable = job.strings ?? StringTable(file: FileBytes(file), start: file.count)
        progress?.phase("reading", 0.6)
        try checkCancelled()
        if job.edgesStart == nil { edgesRead = 0 }
        if edgesRead < meta.edgeCount { truncateEdges(&a, read: edgesRead, meta: meta, at: job.edgeTruncation) }
        try checkStrings(stringTable, complete: job.strings != nil, maxNodeName: nodeInfo.maxName,
                         maxEdgeName: edgesRead > 0 ? job.maxEdgeName : 0)
        return RawSnapshot(meta: meta, types: a.types, names: a.names, ids: a.ids, shallow: a.shallow,
                           large: nodeInfo.large, outStart: a.outStart, edgeTargets: a.edgeTargets,
                           edgeTypes: a.edgeTypes, edgeNames: a.edgeNames, nodeCheckpoints: a.nodeCheckpoints,
                           edgeCheckpoints: a.edgeCheckpoints, strings: stringTable, warnings: warnings,
                           root: UInt32(meta.rootOrdinal + 1), storage: storage)
    }

    /// Keeps the edges of the nodes whose edges were all read; the rest lose theirs.
    private mutating func truncateEdges(_ a: inout ParsedArrays, read edgesRead: Int, meta: SnapshotMeta,
                                        at truncation: ParseFailure?) {
        let n = meta.nodeCount
        let at = truncation?.offset ?? file.count
        warnings.append("the file ends inside the edges array at byte \(at): \(edgesRead) of \(meta.edgeCount) "
                            + "references read; objects after that show no references")
        a.outStart.withUnsafeMutableBufferPointer { os in
            for v in 1...(n + 1) where Int(os[v]) > edgesRead { os[v] = UInt32(edgesRead) }
        }
        a.edgeTargets.removeLast(a.edgeTargets.count - edgesRead)
        a.edgeTypes.removeLast(a.edgeTypes.count - edgesRead)
        a.edgeNames.removeLast(a.edgeNames.count - edgesRead)
    }

    /// A strings array that ends early is a warning; one too short for the names the nodes and edges use is an
    /// error (the meta does not match the arrays).
    private mutating func checkStrings(_ strings: StringTable, complete: Bool, maxNodeName: UInt32,
                                       maxEdgeName: UInt32) throws(DumpError) {
        if !complete || !strings.complete {
            warnings.append("the file ends inside or before the strings array: \(strings.count) strings read; "
                                + "later names are missing")
        } else if Int(maxNodeName) >= strings.count || Int(maxEdgeName) >= strings.count {
            throw DumpError(file: path, offset: strings.offsets.first ?? 0, "a node or edge names string "
                                + "\(max(maxNodeName, maxEdgeName)), but the strings array has only "
                                + "\(strings.count) entries: snapshot.meta does not match the arrays")
        }
        if let bad = strings.firstInvalid {
            warnings.append("\(strings.invalidCount) invalid escape(s) or control character(s) in the strings "
                                + "array, first at byte \(bad); shown as U+FFFD")
        }
    }

    /// 3. DevTools' rules. Class naming runs on one core while the edge rules and shallow sizes run on the other.
    mutating func applyRules(_ raw: inout RawSnapshot) -> (detached: Int, rules: RulesOutcome) {
        progress?.phase("devtools rules", 0)
        _ = DevToolsRules.propagateDOMState(&raw)
        dom = DOMCensus.count(raw)
        let detached = dom.detached
        timings.append(clock.lap("DOM state"))
        let rules = RulesJob.run(&raw)
        timings.append(PhaseTiming(phase: "edge rules + shallow sizes (thread 1)", seconds: rules.edgeSeconds))
        timings.append(PhaseTiming(phase: "class names (thread 2)", seconds: rules.namingSeconds))
        _ = clock.lap("rules")
        if let s = raw.strings.offsets.first { file.release(s..<raw.strings.endOffset) }
        return (detached, rules)
    }

    /// 4. The graph: drop what is not needed any more first, to keep the peak low.
    mutating func buildGraph(_ raw: inout RawSnapshot, rules: RulesOutcome) throws(DumpError) -> BuiltGraph {
        let bytes = FileBytes(file)
        let nf = raw.meta.nodeFields.count, ef = raw.meta.edgeFields.count
        let nodeRows = RowReader(file: bytes, checkpoints: Column(raw.nodeCheckpoints), fields: nf, rows: raw.nodeCount)
        let edgeRows = RowReader(file: bytes, checkpoints: Column(raw.edgeCheckpoints), fields: ef, rows: raw.edgeTargets.count)
        raw.names = []
        raw.edgeTypes = []
        raw.edgeNames = []
        let nodeTypes = Column(raw.types)
        #if canImport(Glibc)
        // Give the memory the rules freed back to the system before the graph's big arrays are allocated.
        _ = glibcMallocTrim(0)
        #endif
        let graph: HeapGraph
        do {
            graph = try HeapGraph(objectIDs: raw.ids, classOf: rules.classOf, shallow32: raw.shallow,
                                  largeShallow: raw.large, outStart: raw.outStart, outEdges: raw.edgeTargets,
                                  roots: rules.roots, classes: rules.classes, storage: storage)
        } catch {
            throw DumpError(file: path, "\(error)")
        }
        raw.ids = []; raw.shallow = []; raw.outStart = []; raw.edgeTargets = []
        return BuiltGraph(graph: graph, nodeRows: nodeRows, edgeRows: edgeRows, nodeTypes: nodeTypes)
    }

    /// 5. Facts, then the index (dominators, retained sizes, histogram).
    mutating func index(_ built: BuiltGraph, raw: RawSnapshot, rules: RulesOutcome,
                        detached: Int) throws(DumpError) -> V8Snapshot {
        let meta = raw.meta
        let shallowTotal = built.graph.totalShallow()
        timings.append(clock.lap("graph"))
        var facts: [(key: String, value: String)] = [
            ("nodes", "\(meta.nodeCount)"), ("edges", "\(meta.edgeCount)"), ("strings", "\(raw.strings.count)"),
            ("nodeFields", meta.nodeFields.joined(separator: ",")),
            ("userRoots", rules.facts.hasUserRoots ? "yes" : "no (internals exposed)"),
            ("DOM", dom.fact),
            ("weaklyHeldObjects", "\(rules.roots.count { $0.kind == .unreachable })"),
        ]
        if meta.extraNativeBytes > 0 { facts.append(("extraNativeBytes", "\(meta.extraNativeBytes)")) }
        if let title = meta.title { facts.append(("title", title)) }
        var info = DumpInfo(format: .v8, version: "V8 heap snapshot", path: path, fileBytes: file.count,
                            facts: facts, warnings: raw.warnings, shallowBytes: shallowTotal)
        info.countsEmptyObjects = false
        var graph = built.graph
        var details = V8Details(graph: graph, meta: meta, strings: raw.strings, nodeRows: built.nodeRows,
                                edgeRows: built.edgeRows, nodeTypes: built.nodeTypes)
        var index = try makeIndex(graph: graph, details: details, info: info)

        // Cycles that nothing reaches (not even a weakly held node): DevTools numbers each of their nodes on its own
        // under the root and, because their numbers come last, none of their references can make anything else's
        // dominator. So they hang under the root as leaves: their references stay visible but do not count for
        // dominators (without that, a stack-held closure context in such a cycle would route the whole module graph
        // it references around `global`). Rebuild in that (rare) case.
        if index.unreachableObjects > 0 {
            let (extra, outEdges) = DevToolsOrphans.hangUnreachableCycles(graph: graph, tree: index.tree,
                                                                          storage: storage)
            info.warnings.append("\(index.unreachableObjects) objects in cycles no root reaches are shown under the "
                                     + "root with their references left out of dominators, as DevTools does")
            do {
                graph = try HeapGraph(objectIDs: graph.objectIDs, classOf: graph.classOf, shallow32: graph.shallow32,
                                      largeShallow: graph.largeShallow, outStart: graph.outStart,
                                      outEdges: outEdges, roots: extra, classes: graph.classes, storage: storage)
            } catch {
                throw DumpError(file: path, "\(error)")
            }
            details = V8Details(graph: graph, meta: meta, strings: raw.strings, nodeRows: built.nodeRows,
                                edgeRows: built.edgeRows, nodeTypes: built.nodeTypes)
            index = try makeIndex(graph: graph, details: details, info: info)
        }
        file.adviseRandom()
        return V8Snapshot(index: index, details: details, meta: meta, rootNode: raw.root,
                          detachedNodeCount: detached, file: file, facts: rules.facts, dom: dom, storage: storage)
    }

    private func makeIndex(graph: HeapGraph, details: V8Details, info: DumpInfo) throws(DumpError) -> HeapIndex {
        do {
            return try HeapIndex(graph: graph, details: details, info: info, readerTimings: timings,
                                 progress: progress, storage: storage)
        } catch {
            throw DumpError.cancelled(file: path)
        }
    }
}

#if canImport(Glibc)
/// glibc's `malloc_trim` (not exported by the Glibc module): returns freed heap memory to the system.
@_silgen_name("malloc_trim")
func glibcMallocTrim(_ pad: Int) -> Int32
#endif
