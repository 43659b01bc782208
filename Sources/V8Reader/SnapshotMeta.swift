/// What `snapshot.meta` and the header counts say: field layouts and type names, never hard-coded.
public struct SnapshotMeta: Sendable {
    public var nodeFields: [String]
    public var nodeTypes: [String]
    public var edgeFields: [String]
    public var edgeTypes: [String]
    public var nodeCount: Int
    public var edgeCount: Int
    /// Ordinal of the root node (`root_index` / node field count; usually 0).
    public var rootOrdinal: Int
    /// New Chrome: native bytes not attributed to any node (`extra_native_bytes`), added to the total like DevTools.
    public var extraNativeBytes: UInt64
    /// Optional header title (Chrome writes one for named snapshots).
    public var title: String?

    // Positions of the node fields within a node row (`nil` when absent).
    var nodeTypeField: Int
    var nodeNameField: Int
    var nodeIDField: Int
    var nodeSizeField: Int
    var nodeEdgeCountField: Int
    var nodeDetachednessField: Int?
    // Positions of the edge fields within an edge row.
    var edgeTypeField: Int
    var edgeNameField: Int
    var edgeToField: Int

    /// Node type indexes (`nil` when this producer does not have that type).
    var hidden: Int?, array: Int?, string: Int?, object: Int?, code: Int?, closure: Int?, regexp: Int?
    var number: Int?, native: Int?, synthetic: Int?, consString: Int?, slicedString: Int?
    /// Edge type indexes.
    var context: Int?, element: Int?, property: Int?, internalEdge: Int?, hiddenEdge: Int?, shortcut: Int?, weak: Int?
    var invisible: Int?

    /// Parses the header object (the value of `"snapshot"`); `offset` is where it starts, for messages.
    init(header: HeaderJSON, offset: Int) throws(ParseFailure) {
        guard let meta = header["meta"] else { throw ParseFailure(offset, "the snapshot header has no \"meta\"") }
        guard let nf = meta["node_fields"]?.stringArray, !nf.isEmpty else {
            throw ParseFailure(offset, "snapshot.meta has no \"node_fields\" list of names")
        }
        guard let ef = meta["edge_fields"]?.stringArray, !ef.isEmpty else {
            throw ParseFailure(offset, "snapshot.meta has no \"edge_fields\" list of names")
        }
        guard case .array(let ntAll)? = meta["node_types"], let nt = ntAll.first?.stringArray else {
            throw ParseFailure(offset, "snapshot.meta has no \"node_types\" list whose first entry lists the type names")
        }
        guard case .array(let etAll)? = meta["edge_types"], let et = etAll.first?.stringArray else {
            throw ParseFailure(offset, "snapshot.meta has no \"edge_types\" list whose first entry lists the type names")
        }
        guard nf.count <= 64, ef.count <= 64, nt.count <= 64, et.count <= 64 else {
            throw ParseFailure(offset, "snapshot.meta lists implausibly many fields or types")
        }
        func field(_ list: [String], _ name: String, _ what: String) throws(ParseFailure) -> Int {
            guard let i = list.firstIndex(of: name) else {
                throw ParseFailure(offset, "snapshot.meta.\(what) lacks \"\(name)\" (has \(list.joined(separator: ", ")))")
            }
            return i
        }
        nodeFields = nf
        edgeFields = ef
        nodeTypes = nt
        edgeTypes = et
        nodeTypeField = try field(nf, "type", "node_fields")
        nodeNameField = try field(nf, "name", "node_fields")
        nodeIDField = try field(nf, "id", "node_fields")
        nodeSizeField = try field(nf, "self_size", "node_fields")
        nodeEdgeCountField = try field(nf, "edge_count", "node_fields")
        nodeDetachednessField = nf.firstIndex(of: "detachedness")
        edgeTypeField = try field(ef, "type", "edge_fields")
        edgeNameField = try field(ef, "name_or_index", "edge_fields")
        edgeToField = try field(ef, "to_node", "edge_fields")

        guard let n = header["node_count"]?.unsigned, let e = header["edge_count"]?.unsigned else {
            throw ParseFailure(offset, "the snapshot header lacks the integers \"node_count\" and \"edge_count\"")
        }
        guard n <= UInt64(Int32.max), e <= UInt64(UInt32.max) else {
            throw ParseFailure(offset, "node_count \(n) / edge_count \(e) exceed what hdx can index")
        }
        nodeCount = Int(n)
        edgeCount = Int(e)
        let rootIndex = header["root_index"]?.unsigned ?? 0
        guard rootIndex % UInt64(nf.count) == 0, nodeCount > 0, rootIndex / UInt64(nf.count) < n else {
            throw ParseFailure(offset, "root_index \(rootIndex) does not name a node (node_count \(n))")
        }
        rootOrdinal = Int(rootIndex / UInt64(nf.count))
        extraNativeBytes = header["extra_native_bytes"]?.unsigned ?? 0
        if case .string(let t)? = header["title"] { title = t } else { title = nil }

        func type(_ name: String) -> Int? { nt.firstIndex(of: name) }
        hidden = type("hidden"); array = type("array"); string = type("string"); object = type("object")
        code = type("code"); closure = type("closure"); regexp = type("regexp"); number = type("number")
        native = type("native"); synthetic = type("synthetic"); consString = type("concatenated string")
        slicedString = type("sliced string")
        func etype(_ name: String) -> Int? { et.firstIndex(of: name) }
        context = etype("context"); element = etype("element"); property = etype("property")
        internalEdge = etype("internal"); hiddenEdge = etype("hidden"); shortcut = etype("shortcut"); weak = etype("weak")
        invisible = etype("invisible")
    }

    /// Whether edges of type `t` carry a numeric index rather than a string-table index as their name.
    func edgeHasIndexName(_ t: Int) -> Bool { t == element || t == hiddenEdge }
}

