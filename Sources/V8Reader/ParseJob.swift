import Dispatch
import DumpInput
import DumpProgress

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
    var edges: Result<Int, ParseFailure> = .success(0)
    var edgeTruncation: ParseFailure?
    var maxEdgeName: UInt32 = 0
    /// Where the edges array's contents begin (`nil`: the file has none).
    var edgesStart: Int?
    var edgeSeconds = 0.0
}

/// The two parsing workers. Worker 1 parses the nodes, then (once worker 2 has found where the edges begin) finds
/// the end of the edges and scans the strings; worker 2 finds the end of the nodes with `memchr` and parses the
/// edges. `run` returns after both finished.
enum ParseJob {
    /// Allocates the arrays uninitialized at their final size (`edgeCapacity` edges), lets both workers fill them
    /// in place, and returns them with what the workers found.
    static func parse(file: MappedFile, meta: SnapshotMeta, edgeCapacity: Int, nodesStart: Int,
                      progress: ProgressSink?) -> (ParsedArrays, ParseOutcome) {
        let n = meta.nodeCount
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
        let edgesLocated = DispatchSemaphore(value: 0)
        // The edges worker is iteration 0 because it signals `edgesLocated`, which the nodes worker waits for.
        // Nested inside another concurrentPerform (two snapshots loading at once for `hdx diff`), Dispatch runs the
        // iterations one after the other, in order: the signal must come first or the wait never returns.
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                edges(file: file, meta: edgeMeta, nodesStart: nodesStart, into: targets, outcome: outcome,
                      located: { edgesLocated.signal() })
            } else {
                nodesThenStrings(file: file, meta: meta, nodesStart: nodesStart, into: targets, outcome: outcome,
                                 waitForEdges: { edgesLocated.wait() }, progress: progress)
            }
        }
        return outcome.withLock { $0 }
    }

    private static func nodesThenStrings(file: MappedFile, meta: SnapshotMeta, nodesStart: Int,
                                         into targets: ParseTargets, outcome: Locked<ParseOutcome>,
                                         waitForEdges: () -> Void, progress: ProgressSink?) {
        let t0 = PhaseClock.now()
        defer { outcome.withLock { $0.nodeSeconds = PhaseClock.now() - t0 } }
        do {
            let (result, _) = try NumberArrayParser.parseNodes(
                file.base, range: nodesStart..<file.count, closed: false, meta: meta, into: targets.nodeColumns,
                release: { file.release($0) }, progress: { progress?.phase("reading", 0.5 * $0) })
            outcome.withLock { $0.nodes = .success(result) }
        } catch {
            outcome.withLock { $0.nodes = .failure(error) }
            waitForEdges()
            return
        }
        waitForEdges()
        guard let start = outcome.withLock({ $0.edgesStart }),
              let close = SectionLocator.arrayEnd(file, from: start) else { return }
        let (stringsStart, notes) = SectionLocator.rest(file, from: close + 1)
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

    private static func edges(file: MappedFile, meta edgeMeta: SnapshotMeta, nodesStart: Int,
                              into targets: ParseTargets, outcome: Locked<ParseOutcome>, located: () -> Void) {
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
        located()
        guard let start = edgesStart, edgeMeta.edgeCount > 0 else { return }
        var maxEdgeName: UInt32 = 0
        var truncation: ParseFailure?
        let result: Result<Int, ParseFailure>
        do {
            result = .success(try NumberArrayParser.parseEdges(
                file.base, range: start..<file.count, closed: false, meta: edgeMeta, targets: targets.edgeTargets.pointer,
                types: targets.edgeTypes.pointer, names: targets.edgeNames.pointer,
                checkpoints: targets.edgeCheckpoints.pointer, maxStringName: &maxEdgeName, truncation: &truncation,
                release: { file.release($0) }, progress: nil))
        } catch {
            result = .failure(error)
        }
        outcome.withLock {
            $0.edges = result
            $0.maxEdgeName = maxEdgeName
            $0.edgeTruncation = truncation
        }
    }
}
