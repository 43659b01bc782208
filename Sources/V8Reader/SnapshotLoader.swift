#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import DumpInput
import HeapGraph

/// Reads a snapshot in phases: locate the sections; parse nodes (then strings) and edges on two threads; apply
/// DevTools' rules; build the graph index.
enum SnapshotLoader {
    static func load(_ file: MappedFile, extraWarnings: [String], progress: ProgressSink?) throws(DumpError)
        -> V8Snapshot {
        let path = file.path
        func fail(_ f: ParseFailure) -> DumpError { DumpError(file: path, offset: f.offset, f.message) }
        var clock = PhaseClock()
        var timings: [PhaseTiming] = []
        let bytes = FileBytes(base: file.base, count: file.count)

        // 1. The header, and where the nodes begin (V8 writes them right after it).
        progress?.phase("reading", 0)
        let located: (meta: SnapshotMeta, header: Range<Int>, nodesStart: Int)
        do { located = try SectionLocator.header(file.base, count: file.count) } catch { throw fail(error) }
        let meta = located.meta
        var warnings = extraWarnings
        let n = meta.nodeCount, e = meta.edgeCount
        let nf = meta.nodeFields.count, ef = meta.edgeFields.count
        // Never allocate by an unchecked count: every value needs at least one digit and one separator.
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
        try MemoryBudget.check(needed: n * V8Snapshot.bytesPerNode + edgeCapacity * V8Snapshot.bytesPerEdge,
                               file: path, what: "the index of \(n) nodes and \(edgeCapacity) references")
        timings.append(clock.lap("header"))

        // 2. Parse nodes (then scan strings) and edges in parallel.
        var types = uninitialized(UInt8.self, n + 1)
        var names = uninitialized(UInt32.self, n + 1)
        var ids = uninitialized(UInt64.self, n + 1)
        var shallow = uninitialized(UInt32.self, n + 1)
        var outStart = uninitialized(UInt32.self, n + 2)
        var nodeCheckpoints = uninitialized(Int.self, (n + 63) >> 6)
        var edgeTargets = uninitialized(UInt32.self, edgeCapacity)
        var edgeTypes = uninitialized(UInt8.self, edgeCapacity)
        var edgeNames = uninitialized(UInt32.self, edgeCapacity)
        var edgeCheckpoints = uninitialized(Int.self, (edgeCapacity + 63) >> 6)
        var edgeMeta = meta
        edgeMeta.edgeCount = edgeCapacity
        let job = ParseJob(file: file, meta: meta, edgeMeta: edgeMeta, nodesStart: located.nodesStart)
        types.withUnsafeMutableBufferPointer { types in
        names.withUnsafeMutableBufferPointer { names in
        ids.withUnsafeMutableBufferPointer { ids in
        shallow.withUnsafeMutableBufferPointer { shallow in
        outStart.withUnsafeMutableBufferPointer { outStart in
        nodeCheckpoints.withUnsafeMutableBufferPointer { ncp in
        edgeTargets.withUnsafeMutableBufferPointer { et in
        edgeTypes.withUnsafeMutableBufferPointer { ety in
        edgeNames.withUnsafeMutableBufferPointer { enm in
        edgeCheckpoints.withUnsafeMutableBufferPointer { ecp in
            job.columns = NodeColumns(types: types, names: names, ids: ids, shallow: shallow, outStart: outStart,
                                      checkpoints: ncp)
            job.edgeTargets = et
            job.edgeTypes = ety
            job.edgeNames = enm
            job.edgeCheckpoints = ecp
            job.run(progress: progress)
        }}}}}}}}}}
        let nodeResult = job.nodeResult, edgeResult = job.edgeResult, edgeTruncation = job.edgeTruncation
        let maxEdgeName = job.maxEdgeName, strings = job.strings
        warnings += job.warnings
        timings.append(PhaseTiming(phase: "parse nodes+strings (thread 1)", seconds: job.nodeSeconds))
        timings.append(PhaseTiming(phase: "parse edges (thread 2)", seconds: job.edgeSeconds))
        clock = PhaseClock()
        let nodeInfo: NodeParseResult
        switch nodeResult {
        case .success(let r): nodeInfo = r
        case .failure(let f): throw fail(f)
        }
        var edgesRead: Int
        switch edgeResult {
        case .success(let k): edgesRead = k
        case .failure(let f): throw fail(f)
        }
        let stringTable = strings ?? StringTable(file: bytes, start: file.count)
        progress?.phase("reading", 0.6)

        // Truncation and consistency checks.
        if job.edgesStart == nil { edgesRead = 0 }
        if edgesRead < e {
            // Keep the edges of the nodes whose edges were all read; the rest lose theirs.
            let at = edgeTruncation?.offset ?? file.count
            warnings.append("the file ends inside the edges array at byte \(at): \(edgesRead) of \(e) references "
                                + "read; objects after that show no references")
            outStart.withUnsafeMutableBufferPointer { os in
                for v in 1...(n + 1) where Int(os[v]) > edgesRead { os[v] = UInt32(edgesRead) }
            }
            edgeTargets.removeLast(edgeTargets.count - edgesRead)
            edgeTypes.removeLast(edgeTypes.count - edgesRead)
            edgeNames.removeLast(edgeNames.count - edgesRead)
        }
        if strings == nil || !stringTable.complete {
            warnings.append("the file ends inside or before the strings array: \(stringTable.count) strings read; "
                                + "later names are missing")
        } else if Int(nodeInfo.maxName) >= stringTable.count || (edgesRead > 0 && Int(maxEdgeName) >= stringTable.count) {
            throw DumpError(file: path, offset: stringTable.offsets.first ?? 0, "a node or edge names string "
                                + "\(max(nodeInfo.maxName, maxEdgeName)), but the strings array has only "
                                + "\(stringTable.count) entries: snapshot.meta does not match the arrays")
        }
        if let bad = stringTable.firstInvalid {
            warnings.append("\(stringTable.invalidCount) invalid escape(s) or control character(s) in the strings "
                                + "array, first at byte \(bad); shown as U+FFFD")
        }

        var raw = RawSnapshot(meta: meta, types: types, names: names, ids: ids, shallow: shallow,
                              large: nodeInfo.large, outStart: outStart, edgeTargets: edgeTargets, edgeTypes: edgeTypes,
                              edgeNames: edgeNames, nodeCheckpoints: nodeCheckpoints, edgeCheckpoints: edgeCheckpoints,
                              strings: stringTable, warnings: warnings, root: UInt32(meta.rootOrdinal + 1))
        types = []; names = []; ids = []; shallow = []; outStart = []; edgeTargets = []; edgeTypes = []; edgeNames = []

        // 3. DevTools' rules. Class naming runs on one core while the edge rules and shallow sizes run on the other.
        progress?.phase("devtools rules", 0)
        let detached = DevToolsRules.propagateDOMState(&raw)
        timings.append(clock.lap("DOM state"))
        let rules = RulesJob(raw: raw)
        raw = RawSnapshot(meta: meta, types: [], names: [], ids: [], shallow: [], large: [:], outStart: [],
                          edgeTargets: [], edgeTypes: [], edgeNames: [], nodeCheckpoints: [], edgeCheckpoints: [],
                          strings: stringTable, warnings: [], root: 0)
        rules.run()
        raw = rules.raw
        rules.raw = RawSnapshot(meta: meta, types: [], names: [], ids: [], shallow: [], large: [:], outStart: [],
                                edgeTargets: [], edgeTypes: [], edgeNames: [], nodeCheckpoints: [],
                                edgeCheckpoints: [], strings: stringTable, warnings: [], root: 0)
        let facts = rules.facts!, roots = rules.roots, classOf = rules.classOf, classes = rules.classes
        rules.naming = NamingInput(meta: meta, types: [], names: [], outStart: [], edgeTypes: [], edgeNames: [],
                                   strings: stringTable)
        rules.classOf = []
        timings.append(PhaseTiming(phase: "edge rules + shallow sizes (thread 1)", seconds: rules.edgeSeconds))
        timings.append(PhaseTiming(phase: "class names (thread 2)", seconds: rules.namingSeconds))
        _ = clock.lap("rules")
        if let s = raw.strings.offsets.first { file.release(s..<raw.strings.endOffset) }

        // 4. The graph: drop what is not needed any more first, to keep the peak low.
        let nodeRows = RowReader(file: bytes, checkpoints: raw.nodeCheckpoints, fields: nf, rows: n)
        let edgeRows = RowReader(file: bytes, checkpoints: raw.edgeCheckpoints, fields: ef, rows: raw.edgeTargets.count)
        raw.names = []
        raw.edgeTypes = []
        raw.edgeNames = []
        let nodeTypes = raw.types
        #if canImport(Glibc)
        // Give the memory the rules freed back to the system before the graph's big arrays are allocated.
        _ = glibcMallocTrim(0)
        #endif
        let orphanCount = roots.count { $0.kind == .unreachable }
        var graph: HeapGraph
        do {
            graph = try HeapGraph(objectIDs: raw.ids, classOf: classOf, shallow32: raw.shallow,
                                  largeShallow: raw.large, outStart: raw.outStart, outEdges: raw.edgeTargets,
                                  roots: roots, classes: classes)
        } catch {
            throw DumpError(file: path, "\(error)")
        }
        let shallowTotal = graph.totalShallow()
        raw.ids = []; raw.shallow = []; raw.outStart = []; raw.edgeTargets = []
        timings.append(clock.lap("graph"))

        var facts2: [(key: String, value: String)] = [
            ("nodes", "\(n)"), ("edges", "\(e)"), ("strings", "\(raw.strings.count)"),
            ("nodeFields", meta.nodeFields.joined(separator: ",")),
            ("userRoots", facts.hasUserRoots ? "yes" : "no (internals exposed)"),
            ("detachedNodes", "\(detached)"),
            ("weaklyHeldObjects", "\(orphanCount)"),
        ]
        if meta.extraNativeBytes > 0 { facts2.append(("extraNativeBytes", "\(meta.extraNativeBytes)")) }
        if let title = meta.title { facts2.append(("title", title)) }
        var info = DumpInfo(format: "v8", version: "V8 heap snapshot", path: path, fileBytes: file.count,
                            facts: facts2, warnings: raw.warnings, shallowBytes: shallowTotal)
        info.countsEmptyObjects = false
        var details = V8Details(graph: graph, meta: meta, strings: raw.strings, nodeRows: nodeRows,
                                edgeRows: edgeRows, nodeTypes: nodeTypes)
        var index = HeapIndex(graph: graph, details: details, info: info, readerTimings: timings, progress: progress)

        // Cycles that nothing reaches (not even a weakly held node): DevTools numbers each of their nodes on its own
        // under the root and, because their numbers come last, none of their references can make anything else's
        // dominator. So they hang under the root as leaves: their references stay visible but do not count for
        // dominators (without that, a stack-held closure context in such a cycle would route the whole module graph
        // it references around `global`). Rebuild in that (rare) case.
        if index.unreachableObjects > 0 {
            let (extra, outEdges) = DevToolsOrphans.hangUnreachableCycles(graph: graph, tree: index.tree)
            info.warnings.append("\(index.unreachableObjects) objects in cycles no root reaches are shown under the "
                                     + "root with their references left out of dominators, as DevTools does")
            do {
                graph = try HeapGraph(objectIDs: graph.objectIDs, classOf: graph.classOf, shallow32: graph.shallow32,
                                      largeShallow: graph.largeShallow, outStart: graph.outStart,
                                      outEdges: outEdges, roots: extra, classes: graph.classes)
            } catch {
                throw DumpError(file: path, "\(error)")
            }
            details = V8Details(graph: graph, meta: meta, strings: raw.strings, nodeRows: nodeRows, edgeRows: edgeRows,
                                nodeTypes: nodeTypes)
            index = HeapIndex(graph: graph, details: details, info: info, readerTimings: timings, progress: progress)
        }
        file.adviseRandom()
        return V8Snapshot(index: index, details: details, meta: meta, rootNode: raw.root,
                          detachedNodeCount: detached, file: file, facts: facts)
    }

    /// An array of `count` elements whose contents the parser writes before anything reads them.
    static func uninitialized<T: BitwiseCopyable>(_ type: T.Type, _ count: Int) -> ContiguousArray<T> {
        ContiguousArray(unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}

/// The two parsing workers and their results. Worker 1 parses the nodes, then (once worker 2 has found where the
/// edges begin) finds the end of the edges and scans the strings; worker 2 finds the end of the nodes with `memchr`
/// and parses the edges. Each worker writes only its own fields and buffers; `run` returns after both finished.
final class ParseJob: @unchecked Sendable {
    let file: MappedFile
    let meta: SnapshotMeta
    let edgeMeta: SnapshotMeta
    let nodesStart: Int
    var columns: NodeColumns?
    var edgeTargets = UnsafeMutableBufferPointer<UInt32>(start: nil, count: 0)
    var edgeTypes = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    var edgeNames = UnsafeMutableBufferPointer<UInt32>(start: nil, count: 0)
    var edgeCheckpoints = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
    var nodeResult: Result<NodeParseResult, ParseFailure> = .failure(ParseFailure(0, "not parsed"))
    var edgeResult: Result<Int, ParseFailure> = .success(0)
    var edgeTruncation: ParseFailure?
    var maxEdgeName: UInt32 = 0
    var strings: StringTable?
    /// Where the edges array's contents begin (`nil`: the file has none).
    var edgesStart: Int?
    var warnings: [String] = []
    var nodeSeconds = 0.0
    var edgeSeconds = 0.0
    private let edgesLocated = DispatchSemaphore(value: 0)

    init(file: MappedFile, meta: SnapshotMeta, edgeMeta: SnapshotMeta, nodesStart: Int) {
        self.file = file
        self.meta = meta
        self.edgeMeta = edgeMeta
        self.nodesStart = nodesStart
    }

    func run(progress: ProgressSink?) {
        // The edges worker is iteration 0 because it signals `edgesLocated`, which the nodes worker waits for.
        // Nested inside another concurrentPerform (two snapshots loading at once for `hdx diff`), Dispatch runs the
        // iterations one after the other, in order: the signal must come first or the wait never returns.
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 { self.edges() } else { self.nodesThenStrings(progress: progress) }
        }
    }

    private func nodesThenStrings(progress: ProgressSink?) {
        let t0 = PhaseClock.now()
        defer { nodeSeconds = PhaseClock.now() - t0 }
        guard let columns else { return }
        let file = self.file
        do {
            let (result, _) = try NumberArrayParser.parseNodes(
                file.base, range: nodesStart..<file.count, closed: false, meta: meta, into: columns,
                release: { file.release($0) }, progress: { progress?.phase("reading", 0.5 * $0) })
            nodeResult = .success(result)
        } catch {
            nodeResult = .failure(error)
            edgesLocated.wait()
            return
        }
        edgesLocated.wait()
        guard let start = edgesStart, let close = SectionLocator.arrayEnd(file, from: start) else { return }
        let (stringsStart, notes) = SectionLocator.rest(file, from: close + 1)
        warnings += notes
        if let stringsStart {
            strings = StringTable(file: FileBytes(base: file.base, count: file.count), start: stringsStart)
            file.release(stringsStart..<(strings?.endOffset ?? stringsStart))
        }
    }

    private func edges() {
        let t0 = PhaseClock.now()
        defer { edgeSeconds = PhaseClock.now() - t0 }
        let file = self.file
        // Find the nodes' closing bracket, then `,"edges":[`.
        if let close = SectionLocator.arrayEnd(file, from: nodesStart) {
            var r = HeaderJSONReader(base: file.base, end: file.count, pos: close + 1)
            do throws(ParseFailure) {
                try SectionLocator.expectKey(&r, "edges")
                edgesStart = r.pos
            } catch {
                if !error.truncated { edgeResult = .failure(error) }
            }
        }
        edgesLocated.signal()
        guard let start = edgesStart, edgeMeta.edgeCount > 0 else { return }
        do {
            edgeResult = .success(try NumberArrayParser.parseEdges(
                file.base, range: start..<file.count, closed: false, meta: edgeMeta, targets: edgeTargets,
                types: edgeTypes, names: edgeNames, checkpoints: edgeCheckpoints, maxStringName: &maxEdgeName,
                truncation: &edgeTruncation, release: { file.release($0) }, progress: nil))
        } catch {
            edgeResult = .failure(error)
        }
    }
}

/// Runs class naming next to the edge rules and shallow-size re-attribution. They share the parsed arrays; the
/// edge rules change only `edgeTargets` (weak bits) and the sizes, which naming does not read.
final class RulesJob: @unchecked Sendable {
    var raw: RawSnapshot
    var naming: NamingInput
    var facts: EdgeFacts?
    var roots: [GCRoot] = []
    var classOf = ContiguousArray<UInt32>()
    var classes = ClassTable()
    var edgeSeconds = 0.0
    var namingSeconds = 0.0

    init(raw: RawSnapshot) {
        self.raw = raw
        naming = NamingInput(meta: raw.meta, types: raw.types, names: raw.names, outStart: raw.outStart,
                             edgeTypes: raw.edgeTypes, edgeNames: raw.edgeNames, strings: raw.strings)
    }

    func run() {
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            let t0 = PhaseClock.now()
            if worker == 0 {
                let pageFlags = DevToolsRules.markPageOwned(self.raw)
                let weakMap = DevToolsRules.weakMapEdgeNames(self.raw.strings)
                let (facts, roots) = DevToolsRules.classifyEdges(&self.raw, pageFlags: pageFlags, weakMap: weakMap)
                self.facts = facts
                self.roots = roots
                if facts.hasUserRoots { DevToolsRules.reattributeShallowSizes(&self.raw) }
                self.edgeSeconds = PhaseClock.now() - t0
            } else {
                (self.classOf, self.classes) = ClassNaming.assign(self.naming)
                self.namingSeconds = PhaseClock.now() - t0
            }
        }
    }
}

#if canImport(Glibc)
/// glibc's `malloc_trim` (not exported by the Glibc module): returns freed heap memory to the system.
@_silgen_name("malloc_trim")
func glibcMallocTrim(_ pad: Int) -> Int32
#endif
