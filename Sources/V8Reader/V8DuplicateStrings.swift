import HeapGraph

/// A text held by more than one V8 string, the way MemLab's and MAT's duplicate-string queries see it.
public struct V8DuplicateString: Sendable {
    /// The text (at most `textLimit` characters; V8 itself writes at most 1,024 characters of a string's value).
    public var value: String
    /// The copies (graph nodes), biggest self size first, then by node.
    public var copies: [UInt32]
    /// Self sizes of all copies together.
    public var totalBytes: UInt64
    /// What one copy would save: all copies but the biggest.
    public var wastedBytes: UInt64
}

/// Which strings count: V8 nodes of type `string` (flat strings: sequential, external, internalized), whose name in
/// the snapshot is their value and whose self size holds their characters. `concatenated string` nodes hold no
/// characters (their two parts are strings of their own and are counted there) and `sliced string` nodes share their
/// parent's characters, so neither wastes memory by being equal to another string; both are left out.
///
/// Copies have the same text; V8 writes at most 1,024 characters of a value, so for texts that long copies must
/// also have the same self size (different lengths are different strings).
extension V8Snapshot {
    public static let duplicateTextLimit = 200

    /// Texts held by two or more strings, most wasted bytes first (ties: more copies, then the text); the first
    /// `limit` of them, with how many there are and the bytes all of them waste.
    public func duplicateStrings(limit: Int = 500) -> (rows: [V8DuplicateString], groups: Int, wasted: UInt64) {
        guard let stringType = meta.string else { return ([], 0, 0) }
        let nameField = meta.nodeNameField, typeField = meta.nodeTypeField
        // Nodes per name index (V8 writes each distinct text once, but other writers may repeat one: merged below).
        var byName: [UInt32: [UInt32]] = [:]
        details.nodeRows.forEachRow { i, row in
            guard Int(row[typeField]) == stringType else { return }
            byName[UInt32(truncatingIfNeeded: row[nameField]), default: []].append(UInt32(i + 1))
        }
        // Group by the text's bytes (and, for texts V8 may have cut, by self size).
        struct Key: Hashable {
            var bytes: [UInt8]
            var size: UInt64
        }
        var groups: [Key: [UInt32]] = [:]
        var firstName: [Key: UInt32] = [:]
        let graph = index.graph
        for (name, nodes) in byName {
            guard let raw = details.strings.rawBytes(name) else { continue }
            let bytes = Array(raw)
            if bytes.count < 1024 {
                let key = Key(bytes: bytes, size: 0)
                groups[key, default: []].append(contentsOf: nodes)
                if firstName[key] == nil { firstName[key] = name }
            } else {
                for n in nodes {
                    let key = Key(bytes: bytes, size: graph.shallowSize(n))
                    groups[key, default: []].append(n)
                    if firstName[key] == nil { firstName[key] = name }
                }
            }
        }
        var found: [(key: Key, copies: [UInt32], total: UInt64, wasted: UInt64)] = []
        var wastedAll: UInt64 = 0
        for (key, nodes) in groups where nodes.count > 1 {
            let sorted = nodes.sorted { a, b in
                let sa = graph.shallowSize(a), sb = graph.shallowSize(b)
                return sa != sb ? sa > sb : a < b
            }
            let total = sorted.reduce(UInt64(0)) { $0 &+ graph.shallowSize($1) }
            let wasted = total &- graph.shallowSize(sorted[0])
            wastedAll &+= wasted
            found.append((key, sorted, total, wasted))
        }
        found.sort { a, b in
            if a.wasted != b.wasted { return a.wasted > b.wasted }
            if a.copies.count != b.copies.count { return a.copies.count > b.copies.count }
            return a.key.bytes.lexicographicallyPrecedes(b.key.bytes)
        }
        let rows = found.prefix(limit).map { f in
            V8DuplicateString(value: firstName[f.key].flatMap {
                                  details.strings.string($0, limit: V8Snapshot.duplicateTextLimit) } ?? "",
                              copies: f.copies, totalBytes: f.total, wastedBytes: f.wasted)
        }
        return (rows, found.count, wastedAll)
    }
}
