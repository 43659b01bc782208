import Dispatch
import DumpInput
import DumpProgress
import HeapGraph

/// The number arrays of a snapshot as the parsers wrote them, before the DevTools rules.
struct ParsedArrays {
    var types: ContiguousArray<UInt8>, names: ContiguousArray<UInt32>, ids: ContiguousArray<UInt64>
    var shallow: ContiguousArray<UInt32>, outStart: ContiguousArray<UInt32>, nodeCheckpoints: ContiguousArray<Int>
    var edgeTargets: ContiguousArray<UInt32>, edgeTypes: ContiguousArray<UInt8>, edgeNames: ContiguousArray<UInt32>
    var edgeCheckpoints: ContiguousArray<Int>
}

/// Where the two parsing workers write: the node columns (worker 1) and the edge columns (worker 2). Each worker
/// writes only its own buffers.
struct ParseTargets: Sendable {
    let types: SharedBuffer<UInt8>, names: SharedBuffer<UInt32>, ids: SharedBuffer<UInt64>
    let shallow: SharedBuffer<UInt32>, outStart: SharedBuffer<UInt32>, nodeCheckpoints: SharedBuffer<Int>
    let edgeTargets: SharedBuffer<UInt32>, edgeTypes: SharedBuffer<UInt8>, edgeNames: SharedBuffer<UInt32>
    let edgeCheckpoints: SharedBuffer<Int>

    var nodeColumns: NodeColumns {
        NodeColumns(types: types.pointer, names: names.pointer, ids: ids.pointer, shallow: shallow.pointer,
                    outStart: outStart.pointer, checkpoints: nodeCheckpoints.pointer)
    }
}

/// What the two parsing workers found.
struct ParseOutcome {
    var nodes: Result<NodeParseResult, ParseFailure> = .failure(ParseFailure(0, "not parsed"))
    var strings: StringTable?
    var warnings: [String] = []
    var nodeSeconds = 0.0
    /// The edges after the split (all of them without one): how many edges were read in all.
    var edges: Result<Int, ParseFailure> = .success(0)
    /// The edges before the split, parsed by worker 1 (`.success(0)` without a split).
    var firstEdges: Result<Int, ParseFailure> = .success(0)
    var edgeTruncation: ParseFailure?
    var maxEdgeName: UInt32 = 0
    /// Where the edges array's contents begin (`nil`: the file has none).
    var edgesStart: Int?
    var edgeSeconds = 0.0
}

/// The two parsing workers. Worker 1 parses the nodes, then the first piece of the edges; worker 2 finds the end of
/// the nodes with `memchr`, chooses where to split the edges (`EdgeSplitter`), parses the edges after the split,
/// then scans the strings. `run` returns after both finished.
enum ParseJob {
    /// Allocates the arrays uninitialized at their final size (`edgeCapacity` edges), lets both workers fill them
    /// in place, and returns them with what the workers found.
    static func parse(file: MappedFile, meta: SnapshotMeta, edgeCapacity: Int, nodesStart: Int,
                      progress: ProgressSink?, storage: ArrayStorage = .memory) -> (ParsedArrays, ParseOutcome) {
        let n = meta.nodeCount
        var types = storage.uninitializedArray(UInt8.self, count: n + 1)
        var names = storage.uninitializedArray(UInt32.self, count: n + 1)
        var ids = storage.uninitializedArray(UInt64.self, count: n + 1)
        var shallow = storage.uninitializedArray(UInt32.self, count: n + 1)
        var outStart = storage.uninitializedArray(UInt32.self, count: n + 2)
        var nodeCheckpoints = uninitialized(Int.self, (n + 63) >> 6)
        var edgeTargets = storage.uninitializedArray(UInt32.self, count: edgeCapacity)
        var edgeTypes = storage.uninitializedArray(UInt8.self, count: edgeCapacity)
        var edgeNames = storage.uninitializedArray(UInt32.self, count: edgeCapacity)
        var edgeCheckpoints = uninitialized(Int.self, (edgeCapacity + 63) >> 6)
        var edgeMeta = meta
        edgeMeta.edgeCount = edgeCapacity
        // The one place that pins the ten arrays while the workers write into them.
        let outcome = types.withUnsafeMutableBufferPointer { types in
        names.withUnsafeMutableBufferPointer { names in
        ids.withUnsafeMutableBufferPointer { ids in
        shallow.withUnsafeMutableBufferPointer { shallow in
        outStart.withUnsafeMutableBufferPointer { outStart in
        nodeCheckpoints.withUnsafeMutableBufferPointer { ncp in
        edgeTargets.withUnsafeMutableBufferPointer { et in
        edgeTypes.withUnsafeMutableBufferPointer { ety in
        edgeNames.withUnsafeMutableBufferPointer { enm in
        edgeCheckpoints.withUnsafeMutableBufferPointer { ecp in
            let targets = ParseTargets(
                types: SharedBuffer(pointer: types), names: SharedBuffer(pointer: names),
                ids: SharedBuffer(pointer: ids), shallow: SharedBuffer(pointer: shallow),
                outStart: SharedBuffer(pointer: outStart), nodeCheckpoints: SharedBuffer(pointer: ncp),
                edgeTargets: SharedBuffer(pointer: et), edgeTypes: SharedBuffer(pointer: ety),
                edgeNames: SharedBuffer(pointer: enm), edgeCheckpoints: SharedBuffer(pointer: ecp))
            return run(file: file, meta: meta, edgeMeta: edgeMeta, nodesStart: nodesStart, into: targets,
                       progress: progress)
        }}}}}}}}}}
        let arrays = ParsedArrays(types: types, names: names, ids: ids, shallow: shallow, outStart: outStart,
                                  nodeCheckpoints: nodeCheckpoints, edgeTargets: edgeTargets, edgeTypes: edgeTypes,
                                  edgeNames: edgeNames, edgeCheckpoints: edgeCheckpoints)
        return (arrays, outcome)
    }

    /// An array of `count` elements whose contents the parser writes before anything reads them.
    static func uninitialized<T: BitwiseCopyable>(_ type: T.Type, _ count: Int) -> ContiguousArray<T> {
        ContiguousArray(unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    private static func run(file: MappedFile, meta: SnapshotMeta, edgeMeta: SnapshotMeta, nodesStart: Int,
                    into targets: ParseTargets, progress: ProgressSink?) -> ParseOutcome {
        let outcome = Locked(ParseOutcome())
        let split = Locked<EdgeSplit?>(nil)
        let splitChosen = DispatchSemaphore(value: 0)
        // The edges worker is iteration 0 because it signals `splitChosen`, which the nodes worker waits for.
        // Nested inside another concurrentPerform (two snapshots loading at once for `hdx diff`), Dispatch runs the
        // iterations one after the other, in order: the signal must come first or the wait never returns.
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                edgesThenStrings(file: file, meta: edgeMeta, nodesStart: nodesStart, into: targets, outcome: outcome,
                                 chosen: { chosen in
                                     split.withLock { $0 = chosen }
                                     splitChosen.signal()
                                 })
            } else {
                nodesThenFirstEdges(file: file, meta: meta, edgeMeta: edgeMeta, nodesStart: nodesStart,
                                    into: targets, outcome: outcome,
                                    waitForSplit: { splitChosen.wait(); return split.withLock { $0 } },
                                    progress: progress)
            }
        }
        return outcome.withLock { $0 }
    }

    /// Worker 1: the nodes, then the edges before the split (if there is one).
    private static func nodesThenFirstEdges(file: MappedFile, meta: SnapshotMeta, edgeMeta: SnapshotMeta,
                                            nodesStart: Int, into targets: ParseTargets,
                                            outcome: Locked<ParseOutcome>, waitForSplit: () -> EdgeSplit?,
                                            progress: ProgressSink?) {
        let t0 = PhaseClock.now()
        defer { outcome.withLock { $0.nodeSeconds = PhaseClock.now() - t0 } }
        do {
            let (result, _) = try NumberArrayParser.parseNodes(
                file.base, range: nodesStart..<file.count, closed: false, meta: meta, into: targets.nodeColumns,
                release: { file.release($0) }, progress: { progress?.phase("reading", 0.5 * $0) })
            outcome.withLock { $0.nodes = .success(result) }
        } catch {
            outcome.withLock { $0.nodes = .failure(error) }
            _ = waitForSplit()
            return
        }
        guard let split = waitForSplit(), let start = outcome.withLock({ $0.edgesStart }) else { return }
        var maxName: UInt32 = 0
        var truncation: ParseFailure?
        let result: Result<Int, ParseFailure>
        do {
            result = .success(try NumberArrayParser.parseEdges(
                file.base, range: start..<split.at, closed: true, meta: edgeMeta, rows: 0..<split.rows,
                targets: targets.edgeTargets.pointer, types: targets.edgeTypes.pointer,
                names: targets.edgeNames.pointer, checkpoints: targets.edgeCheckpoints.pointer,
                maxStringName: &maxName, truncation: &truncation, release: { file.release($0) }, progress: nil).rows)
        } catch {
            result = .failure(error)
        }
        outcome.withLock {
            $0.firstEdges = result
            $0.maxEdgeName = max($0.maxEdgeName, maxName)
        }
    }

    /// Worker 2: finds the edges, chooses the split, parses the edges after it (all of them without a split), then
    /// finds and scans the strings.
    private static func edgesThenStrings(file: MappedFile, meta edgeMeta: SnapshotMeta, nodesStart: Int,
                                         into targets: ParseTargets, outcome: Locked<ParseOutcome>,
                                         chosen: (EdgeSplit?) -> Void) {
        let t0 = PhaseClock.now()
        defer { outcome.withLock { $0.edgeSeconds = PhaseClock.now() - t0 } }
        // Find the nodes' closing bracket, then `,"edges":[`.
        var edgesStart: Int?
        if let close = SectionLocator.arrayEnd(file, from: nodesStart) {
            var r = HeaderJSONReader(base: file.base, end: file.count, pos: close + 1)
            do throws(ParseFailure) {
                try SectionLocator.expectKey(&r, "edges")
                edgesStart = r.pos
            } catch {
                if !error.truncated { outcome.withLock { $0.edges = .failure(error) } }
            }
        }
        outcome.withLock { $0.edgesStart = edgesStart }
        guard let start = edgesStart else {
            chosen(nil)
            return
        }
        var split: EdgeSplit?
        if edgeMeta.edgeCount > 0, let target = EdgeSplitter.target(nodesStart: nodesStart, edgesStart: start,
                                                                    fileEnd: file.count) {
            split = EdgeSplitter.split(file, edgesStart: start, target: target, fields: edgeMeta.edgeFields.count,
                                       edgeCount: edgeMeta.edgeCount)
        }
        chosen(split)
        var end: Int?
        if edgeMeta.edgeCount > 0 {
            var maxEdgeName: UInt32 = 0
            var truncation: ParseFailure?
            let result: Result<Int, ParseFailure>
            do {
                let parsed = try NumberArrayParser.parseEdges(
                    file.base, range: (split?.at ?? start)..<file.count, closed: false, meta: edgeMeta,
                    rows: (split?.rows ?? 0)..<edgeMeta.edgeCount, targets: targets.edgeTargets.pointer,
                    types: targets.edgeTypes.pointer, names: targets.edgeNames.pointer,
                    checkpoints: targets.edgeCheckpoints.pointer, maxStringName: &maxEdgeName,
                    truncation: &truncation, release: { file.release($0) }, progress: nil)
                result = .success(parsed.rows)
                if truncation == nil { end = parsed.end }
            } catch {
                result = .failure(error)
            }
            outcome.withLock {
                $0.edges = result
                $0.maxEdgeName = max($0.maxEdgeName, maxEdgeName)
                $0.edgeTruncation = truncation
            }
        } else if let close = SectionLocator.arrayEnd(file, from: start) {
            end = close + 1
        }
        guard let end else { return }
        let (stringsStart, notes) = SectionLocator.rest(file, from: end)
        var strings: StringTable?
        if let stringsStart {
            strings = StringTable(file: FileBytes(file), start: stringsStart)
            file.release(stringsStart..<(strings?.endOffset ?? stringsStart))
        }
        outcome.withLock {
            $0.warnings += notes
            $0.strings = strings
        }
    }
}
