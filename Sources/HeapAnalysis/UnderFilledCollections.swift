import HeapGraph

/// Collections filled to less than half their capacity (MAT's "collection fill ratio"): for each collection class
/// hdx can read (hash maps and sets, lists, V8 Map and Set), its reachable instances biggest first, at most
/// `perClass` of them, read for size and capacity only.
public struct UnderFilledCollection: Sendable, Equatable {
    public var node: UInt32
    public var className: String
    public var size: Int
    public var capacity: Int
    public var retained: UInt64

    public var fillRatio: Double { capacity > 0 ? Double(size) / Double(capacity) : 0 }
}

public enum UnderFilledCollections {
    public static let threshold = 0.5

    /// The under-filled collections, most retained first, at most `limit` of `found`; `examined` counts the
    /// instances read.
    public static func find(in index: HeapIndex, threshold: Double = threshold, perClass: Int = 2000,
                            limit: Int = 1000) -> (rows: [UnderFilledCollection], found: Int, examined: Int) {
        let g = index.graph
        var wanted = [Bool](repeating: false, count: g.classes.count)
        for (k, name) in g.classes.names.enumerated() {
            guard let kind = CollectionContents.kind(className: name) else { continue }
            // (V8 weak tables are left out: empty ones keep their minimum capacity of 4 and GC shrinks them.)
            wanted[k] = kind != .objectArray && kind != .jsArray && kind != .jsWeakMap && kind != .jsWeakSet
        }
        guard wanted.contains(true) else { return ([], 0, 0) }
        var byClass: [UInt32: [UInt32]] = [:]
        g.classOf.withUnsafeBufferPointer { c in
            for v in 1..<c.count where wanted[Int(c[v])] && index.tree.isReachable(UInt32(v)) {
                byClass[c[v], default: []].append(UInt32(v))
            }
        }
        var rows: [UnderFilledCollection] = []
        var examined = 0
        for (cls, nodes) in byClass.sorted(by: { $0.key < $1.key }) {
            let picked = nodes.count <= perClass ? nodes : Array(nodes.sorted {
                index.tree.retained[Int($0)] != index.tree.retained[Int($1)]
                    ? index.tree.retained[Int($0)] > index.tree.retained[Int($1)] : $0 < $1
            }.prefix(perClass))
            for v in picked {
                examined += 1
                guard let c = CollectionContents.read(v, in: index, limit: 0), c.capacity > 0,
                      Double(c.size) < threshold * Double(c.capacity) else { continue }
                rows.append(UnderFilledCollection(node: v, className: g.classes[cls], size: c.size,
                                                  capacity: c.capacity, retained: index.tree.retained[Int(v)]))
            }
        }
        rows.sort { $0.retained != $1.retained ? $0.retained > $1.retained : $0.node < $1.node }
        return (Array(rows.prefix(limit)), rows.count, examined)
    }
}
