import DumpProgress

/// Saving a `HeapIndex` into index sections and restoring it from a mapped index file. Per-node and per-edge arrays
/// are written as they lie in memory and come back as columns over the mapping (no copy, no parse); the small
/// tables (classes, roots, histogram rows, facts) are encoded.
///
/// Restoring checks every length against the node and edge counts, so a column is never read past its end, and
/// every value used as an index into another column on the paths the restore itself takes. Every byte is checked
/// against the container's checksums before it is read (`SectionGate`).
extension HeapIndex {
    /// Index-file version of the sections written here; bump it whenever their meaning changes.
    public static let persistenceVersion: UInt32 = 2

    public func persist(into s: inout IndexSections) {
        let g = graph
        s.add("g.ids", g.objectIDs)
        s.add("g.class", g.classOf)
        s.add("g.shallow", g.shallow32)
        s.add("g.outStart", g.outStart)
        s.add("g.outEdges", g.outEdges)
        s.add("g.inStart", g.inStart)
        s.add("g.inEdges", g.inEdges)
        s.add("g.rootNodes", g.rootNodes)
        var meta = IndexEncoder()
        meta.int(g.nodeCount)
        meta.int(g.largeShallow.count)
        for (k, v) in g.largeShallow.sorted(by: { $0.key < $1.key }) {
            meta.u32(k)
            meta.u64(v)
        }
        meta.int(g.roots.count)
        for r in g.roots {
            meta.u32(r.node)
            meta.u8(r.kind.rawValue)
            meta.u32(r.thread)
            meta.i32(r.frame)
        }
        meta.strings(g.classes.names)
        for c in g.classes.classObjects { meta.u32(c ?? HeapGraph.none) }
        s.add("g.meta", meta)

        let l = g.lookup
        if let order = l.order { s.add("l.order", order) }
        s.add("l.buckets", l.bucketStart)
        var lm = IndexEncoder()
        lm.bool(l.order != nil)
        lm.u64(l.minID)
        lm.u64(l.shift)
        lm.int(l.sortedFrom)
        lm.bool(l.hasDuplicates)
        s.add("l.meta", lm)
        let (prefixIDs, prefixNodes) = l.prefixPairs
        s.add("l.prefixIDs", prefixIDs)
        s.add("l.prefixNodes", prefixNodes)

        s.add("t.idom", tree.idom)
        s.add("t.retained", tree.retained)
        s.add("t.childStart", tree.childStart)
        s.add("t.childList", tree.childList)
        var rest = IndexEncoder()
        rest.int(tree.reachableCount)
        rest.int(histogram.rows.count)
        for r in histogram.rows {
            rest.u32(r.classIndex)
            rest.int(r.count)
            rest.u64(r.shallow)
            rest.u64(r.retained)
        }
        rest.u64(shallowBytes)
        rest.string(info.format.id)
        rest.string(info.version)
        rest.int(info.fileBytes)
        rest.int(info.facts.count)
        for f in info.facts {
            rest.string(f.key)
            rest.string(f.value)
        }
        rest.strings(info.warnings)
        rest.bool(info.shallowBytes != nil)
        rest.u64(info.shallowBytes ?? 0)
        rest.bool(info.countsEmptyObjects)
        s.add("t.rest", rest)
    }

    /// Rebuilds the index from verified sections; `details` makes the format's details over the restored graph.
    public static func restore(from r: IndexSectionReader, path: String, format: DumpFormat, timings: [PhaseTiming],
                               details: (HeapGraph) throws(IndexFormatError) -> any GraphDetails)
        throws(IndexFormatError) -> HeapIndex {
        var meta = try r.decoder("g.meta")
        let n = try meta.int()
        guard n >= 1, n <= Edge.maxNodes else { throw IndexFormatError("g.meta: node count \(n) out of range") }
        let ids: Column<UInt64> = try r.column("g.ids", count: n)
        let classOf: Column<UInt32> = try r.column("g.class", count: n)
        let shallow: Column<UInt32> = try r.column("g.shallow", count: n)
        let outStart: Column<UInt32> = try r.column("g.outStart", count: n + 1)
        let outEdges: Column<UInt32> = try r.column("g.outEdges")
        let inStart: Column<UInt32> = try r.column("g.inStart", count: n + 1)
        let rootNodes: Column<UInt32> = try r.column("g.rootNodes")
        let inEdges: Column<UInt32> = try r.column("g.inEdges", count: outEdges.count + rootNodes.count)
        guard Int(outStart[n]) == outEdges.count, Int(inStart[n]) == inEdges.count else {
            throw IndexFormatError("edge offsets do not match the edge arrays")
        }
        var large: [UInt32: UInt64] = [:]
        for _ in 0..<(try meta.count(minBytes: 12)) {
            let k = try meta.u32()
            large[k] = try meta.u64()
        }
        var roots: [GCRoot] = []
        let rootCount = try meta.count(minBytes: 13)
        roots.reserveCapacity(rootCount)
        for _ in 0..<rootCount {
            let node = try meta.u32()
            guard let kind = RootKind(rawValue: try meta.u8()), node >= 1, Int(node) < n else {
                throw IndexFormatError("g.meta: bad root record")
            }
            roots.append(GCRoot(node: node, kind: kind, thread: try meta.u32(), frame: try meta.i32()))
        }
        let names = try meta.strings()
        var classObjects: [UInt32?] = []
        classObjects.reserveCapacity(names.count)
        for _ in names {
            let c = try meta.u32()
            guard c == HeapGraph.none || Int(c) < n else { throw IndexFormatError("g.meta: bad class object") }
            classObjects.append(c == HeapGraph.none ? nil : c)
        }
        try meta.requireEnd()

        var lm = try r.decoder("l.meta")
        let hasOrder = try lm.bool()
        let order: Column<UInt32>? = hasOrder ? try r.column("l.order", count: n) : nil
        let buckets: Column<UInt32> = try r.column("l.buckets")
        let minID = try lm.u64(), shift = try lm.u64(), sortedFrom = try lm.int(), dup = try lm.bool()
        guard buckets.count >= 2, shift < 64, sortedFrom >= 1, sortedFrom <= max(n, 1) else {
            throw IndexFormatError("l.meta: bad lookup parameters")
        }
        try lm.requireEnd()
        // The prefix's nodes are checked where they are used (a node index past the end is not found).
        let prefixIDs: Column<UInt64> = try r.column("l.prefixIDs")
        let prefixNodes: Column<UInt32> = try r.column("l.prefixNodes", count: prefixIDs.count)
        guard prefixIDs.count < max(sortedFrom, 1) else { throw IndexFormatError("l.meta: prefix longer than the unsorted nodes") }
        let lookup = IDLookup(ids: ids, order: order, minID: minID, shift: shift, bucketStart: buckets,
                              prefixIDs: prefixIDs, prefixNodes: prefixNodes, sortedFrom: sortedFrom, hasDuplicates: dup)
        let graph = HeapGraph(restoring: ids, classOf: classOf, shallow32: shallow, largeShallow: large,
                              outStart: outStart, outEdges: outEdges, inStart: inStart, inEdges: inEdges,
                              rootNodes: rootNodes, roots: roots, classes: ClassTable(names: names, classObjects: classObjects),
                              lookup: lookup)

        var rest = try r.decoder("t.rest")
        let reachable = try rest.int()
        let childList: Column<UInt32> = try r.column("t.childList", count: max(reachable - 1, 0))
        let tree = DominatorTree(idom: try r.column("t.idom", count: n), retained: try r.column("t.retained", count: n),
                                 childStart: try r.column("t.childStart", count: n + 1), childList: childList,
                                 reachableCount: reachable)
        guard reachable >= 1, reachable <= n, Int(tree.childStart[n]) == childList.count else {
            throw IndexFormatError("t.rest: dominator tree sizes do not match")
        }
        var rows: [ClassHistogram.Row] = []
        for _ in 0..<(try rest.count(minBytes: 28)) {
            let c = try rest.u32()
            guard Int(c) < names.count else { throw IndexFormatError("t.rest: histogram class out of range") }
            rows.append(ClassHistogram.Row(classIndex: c, count: try rest.int(), shallow: try rest.u64(),
                                           retained: try rest.u64()))
        }
        let shallowBytes = try rest.u64()
        guard try rest.string() == format.id else { throw IndexFormatError("t.rest: the index is of another format") }
        var info = DumpInfo(format: format, version: try rest.string(), path: path, fileBytes: try rest.int())
        for _ in 0..<(try rest.count(minBytes: 16)) {
            let key = try rest.string()
            info.facts.append((key, try rest.string()))
        }
        info.warnings = try rest.strings()
        let hasShallow = try rest.bool()
        let formatShallow = try rest.u64()
        info.shallowBytes = hasShallow ? formatShallow : nil
        info.countsEmptyObjects = try rest.bool()
        try rest.requireEnd()
        return HeapIndex(graph: graph, tree: tree, histogram: ClassHistogram(rows: rows), details: try details(graph),
                         info: info, timings: timings, shallowBytes: shallowBytes)
    }
}
