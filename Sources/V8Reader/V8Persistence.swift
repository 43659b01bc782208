import DumpInput
import DumpProgress
import HeapGraph

/// V8 snapshots in the persisted index: the format-neutral index (graph, dominators, retained sizes, histogram)
/// plus what `V8Details` and the Retainers view read: node types with detachedness, the strings array's offsets and
/// tags, the row checkpoints into the nodes and edges arrays, the edge facts of DevTools' distance search, and the
/// distances and breadth-first parents themselves (computed before writing, so a reopened `hdx paths` does not
/// search). `snapshot.meta` is read again from the file's header (a few KiB). Names, edge names and string
/// contents stay in the snapshot and are read from the mapping on demand, as on a first open.
extension V8DumpReader: PersistableReader {
    public var persistenceVersion: UInt32 { 1 }

    public func persist(_ dump: LoadedDump, into s: inout IndexSections) -> Bool {
        guard let v8 = dump.extras(V8Snapshot.self) else { return false }
        v8.index.persist(into: &s)
        let d = v8.details
        s.add("v8.types", d.nodeTypes)
        s.add("v8.strOffsets", d.strings.offsets)
        s.add("v8.strTags", d.strings.tags)
        s.add("v8.nodeRows", d.nodeRows.checkpoints)
        s.add("v8.edgeRows", d.edgeRows.checkpoints)
        s.add("v8.weak", Column(v8.facts.weakType.words))
        s.add("v8.skip", Column(v8.facts.distanceSkip.words))
        let retainers = v8.retainerIndex
        s.add("v8.distance", retainers.distance)
        s.add("v8.parent", retainers.parent)
        var e = IndexEncoder()
        e.u32(v8.rootNode)
        e.int(v8.detachedNodeCount)
        e.bool(v8.facts.hasUserRoots)
        e.bool(d.strings.complete)
        e.bool(d.strings.firstInvalid != nil)
        e.int(d.strings.firstInvalid ?? 0)
        e.int(d.strings.invalidCount)
        e.int(d.strings.endOffset)
        e.int(d.nodeRows.rows)
        e.int(d.edgeRows.rows)
        e.int(v8.facts.ephemeronPair.count)
        for (k, v) in v8.facts.ephemeronPair.sorted(by: { $0.key < $1.key }) {
            e.u32(k)
            e.u32(v)
        }
        e.int(v8.dom.domNodes)
        e.int(v8.dom.detached)
        e.int(v8.dom.otherDetachedNatives)
        e.bool(v8.dom.documentTrees)
        s.add("x.v8", e)
        return true
    }

    public func restore(_ file: MappedFile, dump: Int, from r: IndexSectionReader, timings: [PhaseTiming])
        throws(IndexFormatError) -> LoadedDump {
        guard dump == 1 else { throw IndexFormatError("x.v8: a snapshot holds one dump") }
        let meta: SnapshotMeta
        do { meta = try SectionLocator.header(file.base, count: file.count).meta } catch {
            throw IndexFormatError("the snapshot header no longer reads: \(error.message)")
        }
        var d = try r.decoder("x.v8")
        let root = try d.u32()
        let detached = try d.int()
        let hasUserRoots = try d.bool()
        let complete = try d.bool()
        let hasInvalid = try d.bool()
        let firstInvalid = try d.int()
        let invalidCount = try d.int(), endOffset = try d.int()
        let nodeRowCount = try d.int(), edgeRowCount = try d.int()
        var pairs: [UInt32: UInt32] = [:]
        for _ in 0..<(try d.count(minBytes: 8)) {
            let k = try d.u32()
            pairs[k] = try d.u32()
        }
        var dom = DOMCensus()
        dom.domNodes = try d.int()
        dom.detached = try d.int()
        dom.otherDetachedNatives = try d.int()
        dom.documentTrees = try d.bool()
        try d.requireEnd()
        let bytes = FileBytes(file)
        let offsets: Column<Int> = try r.column("v8.strOffsets")
        let strings = StringTable(file: bytes, offsets: offsets, tags: try r.column("v8.strTags", count: offsets.count),
                                  complete: complete, firstInvalid: hasInvalid ? firstInvalid : nil,
                                  invalidCount: invalidCount, endOffset: endOffset)
        let nodeCheckpoints: Column<Int> = try r.column("v8.nodeRows")
        let edgeCheckpoints: Column<Int> = try r.column("v8.edgeRows")
        // String offsets and row checkpoints are checked when used (StringTable.string, RowReader.row): a pass
        // over them here would fault in tens of MiB on every reopen.
        guard endOffset >= 0, endOffset <= file.count, firstInvalid >= 0, firstInvalid <= file.count,
              nodeRowCount == meta.nodeCount, edgeRowCount >= 0 else {
            throw IndexFormatError("x.v8: offsets outside the snapshot")
        }
        let nodeRows = RowReader(file: bytes, checkpoints: nodeCheckpoints, fields: meta.nodeFields.count,
                                 rows: nodeRowCount)
        let edgeRows = RowReader(file: bytes, checkpoints: edgeCheckpoints, fields: meta.edgeFields.count,
                                 rows: edgeRowCount)
        nonisolated(unsafe) var restoredDetails: V8Details?
        let index = try HeapIndex.restore(from: r, path: file.path, format: .v8, timings: timings) {
            (graph: HeapGraph) throws(IndexFormatError) -> any GraphDetails in
            let n = graph.nodeCount
            guard n == meta.nodeCount + 1, edgeRowCount <= graph.outEdges.count, root >= 1, Int(root) < n else {
                throw IndexFormatError("x.v8: the graph does not match the snapshot")
            }
            let details = V8Details(graph: graph, meta: meta, strings: strings, nodeRows: nodeRows,
                                    edgeRows: edgeRows, nodeTypes: try r.column("v8.types", count: n))
            restoredDetails = details
            return details
        }
        guard let details = restoredDetails else { throw IndexFormatError("x.v8: no details") }
        let n = index.graph.nodeCount, words = (index.graph.outEdges.count + 63) / 64
        let weak: Column<UInt64> = try r.column("v8.weak", count: words)
        let skip: Column<UInt64> = try r.column("v8.skip", count: words)
        let facts = EdgeFacts(weakType: BitSet(words: ContiguousArray(weak)),
                              distanceSkip: BitSet(words: ContiguousArray(skip)), ephemeronPair: pairs,
                              hasUserRoots: hasUserRoots)
        // Parents are checked when a path is walked (RetainerIndex.chain).
        let parent: Column<UInt32> = try r.column("v8.parent", count: n)
        let retainers = RetainerIndex(distance: try r.column("v8.distance", count: n), parent: parent)
        let snapshot = V8Snapshot(index: index, details: details, meta: meta, rootNode: root,
                                  detachedNodeCount: detached, file: file, facts: facts, retainers: retainers, dom: dom)
        return LoadedDump(index: index, extras: snapshot)
    }
}
