import HeapGraph

/// What a V8 snapshot knows beyond the graph: `@id` strings, edge names, node names and string contents. Names are
/// read again from the mapped file on demand (from row checkpoints), so they cost no memory per node or edge.
public final class V8Details: GraphDetails {
    let graph: HeapGraph
    let meta: SnapshotMeta
    let strings: StringTable
    let nodeRows: RowReader
    let edgeRows: RowReader
    /// Node type (low 6 bits) and propagated detachedness (top 2 bits) per graph node.
    let nodeTypes: Column<UInt8>

    init(graph: HeapGraph, meta: SnapshotMeta, strings: StringTable, nodeRows: RowReader, edgeRows: RowReader,
         nodeTypes: Column<UInt8>) {
        self.graph = graph
        self.meta = meta
        self.strings = strings
        self.nodeRows = nodeRows
        self.edgeRows = edgeRows
        self.nodeTypes = nodeTypes
    }

    // MARK: - Nodes

    func typeIndex(_ node: UInt32) -> Int { Int(nodeTypes[Int(node)] & NumberArrayParser.typeMask) }

    /// The V8 node type (`object`, `closure`, `string`, `native`, …).
    public func typeName(_ node: UInt32) -> String {
        guard node != HeapGraph.superRoot, Int(node) < nodeTypes.count else { return "synthetic" }
        let t = typeIndex(node)
        return t < meta.nodeTypes.count ? meta.nodeTypes[t] : "?"
    }

    /// 0 unknown, 1 attached, 2 detached (after DevTools' propagation through native nodes).
    public func detachedness(_ node: UInt32) -> UInt8 {
        guard node != HeapGraph.superRoot, Int(node) < nodeTypes.count else { return 0 }
        return nodeTypes[Int(node)] >> 6
    }

    func nameIndex(_ node: UInt32) -> UInt32? {
        guard node != HeapGraph.superRoot, let row = nodeRows.row(Int(node) - 1) else { return nil }
        return UInt32(truncatingIfNeeded: row[meta.nodeNameField])
    }

    /// The node's name as V8 wrote it (`Object`, a string's text, `system / Context`, a function name), with
    /// `Detached ` in front for detached native nodes as DevTools shows it.
    public func rawName(_ node: UInt32, limit: Int = 1024) -> String? {
        guard let nm = nameIndex(node), let s = strings.string(nm, limit: limit) else { return nil }
        if typeIndex(node) == meta.native && detachedness(node) == 2 { return "Detached " + s }
        return s
    }

    // MARK: - Edges

    /// One edge read back from the file: its type index and its name or element index.
    struct EdgeRecord {
        var type: Int
        var nameOrIndex: UInt32
        var target: UInt32
    }

    func edge(_ k: Int) -> EdgeRecord? {
        guard let row = edgeRows.row(k) else { return nil }
        let t = Int(row[meta.edgeTypeField])
        let target = Edge.target(graph.outEdges[k])
        return EdgeRecord(type: t, nameOrIndex: UInt32(truncatingIfNeeded: row[meta.edgeNameField]), target: target)
    }

    public func edgeTypeName(_ type: Int) -> String { type < meta.edgeTypes.count ? meta.edgeTypes[type] : "?" }

    /// `[3]` for elements and hidden (numbered) edges, else the edge's name.
    func edgeName(_ e: EdgeRecord) -> String {
        if meta.edgeHasIndexName(e.type) { return "[\(e.nameOrIndex)]" }
        return strings.string(e.nameOrIndex, limit: 1024) ?? "?"
    }

    /// Indexes (into `graph.outEdges`) of the edges of `node`.
    func edgeRange(_ node: UInt32) -> Range<Int> {
        guard node != HeapGraph.superRoot, Int(node) < graph.nodeCount else { return 0..<0 }
        return Int(graph.outStart[Int(node)])..<Int(graph.outStart[Int(node) + 1])
    }

    // MARK: - GraphDetails

    public func idString(_ node: UInt32) -> String {
        node == HeapGraph.superRoot ? "(root)" : "@\(graph.objectIDs[Int(node)])"
    }

    public func node(forIDString text: String) -> UInt32? {
        var t = Substring(text.trimmingPrefixSpace())
        if t.hasPrefix("@") { t = t.dropFirst() }
        guard let id = UInt64(t) else { return nil }
        return graph.node(forID: id)
    }

    public func referenceName(from source: UInt32, to target: UInt32) -> String? {
        if source == HeapGraph.superRoot { return nil }
        for k in edgeRange(source) where Edge.target(graph.outEdges[k]) == target {
            guard let e = edge(k) else { return nil }
            return edgeName(e)
        }
        return nil
    }

    public func preview(_ node: UInt32) -> String? {
        guard node != HeapGraph.superRoot, Int(node) < graph.nodeCount else { return nil }
        let t = typeIndex(node)
        if t == meta.consString { return consStringText(node) }
        if t == meta.string || t == meta.slicedString || t == meta.number { return rawName(node) }
        if t == meta.object, let name = rawName(node), name == "Object" { return plainObjectName(node) }
        guard let name = rawName(node, limit: 200), !name.isEmpty, name != graph.className(node) else { return nil }
        return name
    }

    public func fields(of node: UInt32) -> [FieldValue] {
        var out: [FieldValue] = []
        for k in edgeRange(node) {
            guard let e = edge(k) else { break }
            let target = e.target
            out.append(FieldValue(name: edgeName(e), type: edgeTypeName(e.type),
                                  value: "\(graph.className(target)) \(idString(target))", target: target))
        }
        return out
    }

    public func recordedSize(_ node: UInt32) -> UInt64? {
        guard node != HeapGraph.superRoot, let row = nodeRows.row(Int(node) - 1) else { return nil }
        return row[meta.nodeSizeField]
    }

    public func displayClassName(_ node: UInt32) -> String {
        node == HeapGraph.superRoot ? "(root)" : graph.className(node)
    }

    // MARK: - Display names (DevTools JSHeapSnapshotNode.name)

    /// A concatenated string's text, flattened through its `first`/`second` edges (at most 1024 characters).
    func consStringText(_ node: UInt32) -> String {
        var stack: [UInt32] = [node]
        var text = ""
        var steps = 0
        while let v = stack.popLast(), text.utf16.count < 1024, steps < 100_000 {
            steps += 1
            if typeIndex(v) != meta.consString {
                text += rawName(v, limit: 1024) ?? ""
                continue
            }
            var first: UInt32?, second: UInt32?
            for k in edgeRange(v) {
                guard let e = edge(k), e.type == meta.internalEdge else { continue }
                switch strings.tag(e.nameOrIndex) {
                case .first: first = e.target
                case .second: second = e.target
                default: break
                }
            }
            if let second { stack.append(second) }
            if let first { stack.append(first) }
        }
        if text.utf16.count > 1024 { text = String(decoding: Array(text.utf16.prefix(1024)), as: UTF16.self) }
        return text
    }

    /// `{a, b, …, z}`: property names from both ends until about 100 characters (DevTools `plainObjectName`).
    func plainObjectName(_ node: UInt32) -> String {
        let range = edgeRange(node)
        var start = "{", end = "}"
        var lo = range.lowerBound, hi = range.upperBound - 1
        var fromEnd = false
        while lo <= hi {
            let k = fromEnd ? hi : lo
            guard let e = edge(k) else { break }
            if e.type != meta.property || strings.tag(e.nameOrIndex) == .proto {
                if fromEnd { hi -= 1 } else { lo += 1 }
                continue
            }
            let formatted = ClassNaming.formatPropertyName(strings.string(e.nameOrIndex, limit: 1024) ?? "")
            if start.utf16.count > 1 && start.utf16.count + end.utf16.count + formatted.utf16.count > 100 { break }
            if fromEnd {
                hi -= 1
                if end.utf16.count > 1 { end = ", " + end }
                end = formatted + end
            } else {
                lo += 1
                if start.utf16.count > 1 { start += ", " }
                start += formatted
            }
            fromEnd.toggle()
        }
        if lo <= hi { start += ", …" }
        if end.utf16.count > 1 { start += ", " }
        return start + end
    }
}

extension String {
    func trimmingPrefixSpace() -> Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" { s = s.dropLast() }
        return s
    }
}
