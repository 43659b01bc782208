import HeapGraph

/// A collection read as its contents, as MAT's collection queries show it: the entries (`key = value`, or elements)
/// with what each retains, the size, the capacity of the backing store and the fill ratio.
///
/// Format-neutral: everything is read through `GraphDetails.fields` (field names, primitive values, references) and
/// the graph; the layouts known are JDK's HashMap / LinkedHashMap / HashSet / LinkedHashSet / Hashtable /
/// ConcurrentHashMap / ArrayList / Vector / WeakHashMap / TreeMap / TreeSet / LinkedList / ArrayDeque /
/// CopyOnWriteArrayList (and its Set) / IdentityHashMap and object arrays, and V8's Map / Set (an OrderedHashMap `table`: three
/// header slots, the buckets, then `key, value, chain` per entry; Set without the value) and Array (`element` edges,
/// the capacity from its `elements` store). Walks are iterative and stop after `limit` entries.
public struct CollectionContents: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case hashMap = "hash map", hashSet = "hash set", concurrentHashMap = "concurrent hash map",
             hashtable = "hashtable", list = "list", objectArray = "object array",
             jsMap = "Map", jsSet = "Set", jsArray = "Array", jsWeakMap = "WeakMap", jsWeakSet = "WeakSet",
             weakHashMap = "weak hash map", treeMap = "tree map", treeSet = "tree set", linkedList = "linked list",
             arrayDeque = "array deque", copyOnWriteList = "copy-on-write list",
             identityHashMap = "identity hash map"

        /// Whether entries have a value beside the key.
        public var isMap: Bool {
            self == .hashMap || self == .concurrentHashMap || self == .hashtable || self == .jsMap || self == .jsWeakMap
                || self == .weakHashMap || self == .treeMap || self == .identityHashMap
        }

        /// Whether its entries are keys (sets) rather than elements (lists, arrays).
        public var isSet: Bool { self == .hashSet || self == .jsSet || self == .jsWeakSet || self == .treeSet }

        /// Whether it has a backing store with a capacity (not the linked ones).
        public var hasCapacity: Bool { self != .treeMap && self != .treeSet && self != .linkedList }
    }

    public struct Entry: Sendable, Equatable {
        /// The key (maps and sets) or the element (lists, arrays); nil when it is null or not an object in the dump
        /// (a V8 small integer).
        public var key: UInt32?
        /// `"text"`, `Class id`, `null`, `(small integer)`; empty for an object when read with `texts: false`.
        public var keyText: String
        public var value: UInt32?
        public var valueText: String
        /// What the entry keeps alive: the entry object (Java maps), else the key and value.
        public var retained: UInt64
        /// Position in the backing store (`[3]`), for lists and arrays the index.
        public var slot: Int
    }

    public var node: UInt32
    public var kind: Kind
    /// Number of entries the collection says it holds (`size`); nil when the dump does not record it (V8).
    public var declaredSize: Int?
    /// Slots of the backing store (table length, array length); 0 when it has none yet.
    public var capacity: Int
    public var entries: [Entry]
    /// Whether the walk stopped at the limit before the end.
    public var truncated: Bool
    /// V8 Array: one more than the highest element index found (the length itself is a small integer, not in the
    /// snapshot, so this is a lower bound); nil for other kinds.
    public var lengthAtLeast: Int? = nil
    /// V8 Array, WeakMap, WeakSet: the bytes of the backing store (`elements`, `table`) as V8 recorded them.
    public var storeBytes: UInt64? = nil

    /// The size shown: the declared one, else the entries found.
    public var size: Int { declaredSize ?? entries.count }
    /// size / capacity (nil without a backing store).
    /// (V8 arrays: the length found over the capacity.)
    public var fillRatio: Double? { capacity > 0 ? Double(lengthAtLeast ?? size) / Double(capacity) : nil }

    public static let defaultLimit = 10_000

    /// The collection kind of `node` by its class name, without reading it (cheap: for keys and list rows).
    public static func kind(of node: UInt32, in index: HeapIndex) -> Kind? {
        guard node != HeapGraph.superRoot, Int(node) < index.graph.nodeCount else { return nil }
        return kind(className: index.graph.className(node))
    }

    public static func kind(className name: String) -> Kind? {
        switch name {
        case "java.util.HashMap", "java.util.LinkedHashMap": return .hashMap
        case "java.util.HashSet", "java.util.LinkedHashSet": return .hashSet
        case "java.util.concurrent.ConcurrentHashMap": return .concurrentHashMap
        case "java.util.Hashtable": return .hashtable
        case "java.util.ArrayList", "java.util.Vector", "java.util.Stack": return .list
        case "java.util.WeakHashMap": return .weakHashMap
        case "java.util.IdentityHashMap": return .identityHashMap
        case "java.util.TreeMap": return .treeMap
        case "java.util.TreeSet": return .treeSet
        case "java.util.LinkedList": return .linkedList
        case "java.util.ArrayDeque": return .arrayDeque
        case "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet":
            return .copyOnWriteList
        case "Map": return .jsMap
        case "Set": return .jsSet
        case "Array": return .jsArray
        case "WeakMap": return .jsWeakMap
        case "WeakSet": return .jsWeakSet
        default:
            guard name.hasSuffix("[]") else { return nil }
            let element = name.dropLast(2)
            return primitiveNames.contains(String(element)) ? nil : .objectArray
        }
    }

    static let primitiveNames: Set<String> = ["boolean", "byte", "char", "short", "int", "long", "float", "double"]

    /// Reads the contents of `node`; nil when it is no collection hdx knows or its layout is not the expected one.
    /// With `limit` 0 only the size and capacity are read (no entries; arrays are still scanned for their size).
    /// With `texts: false` keys and values that are objects are left for the caller to format (`ValueText.of`), as
    /// a screen does for the rows it shows.
    /// With `countAll: false` an object array's walk stops at `limit` too (its size is then unknown: nil).
    public static func read(_ node: UInt32, in index: HeapIndex, limit: Int = defaultLimit,
                            texts: Bool = true, countAll: Bool = true) -> CollectionContents? {
        guard let kind = kind(of: node, in: index) else { return nil }
        var r = CollectionReader(index: index, limit: max(limit, 0), texts: texts)
        r.countAll = countAll
        switch kind {
        case .hashMap, .hashtable: return r.hashMap(node, kind: kind)
        case .hashSet: return r.hashSet(node)
        case .concurrentHashMap: return r.concurrentHashMap(node)
        case .list: return r.list(node)
        case .objectArray: return r.objectArray(node)
        case .jsMap, .jsSet: return r.jsTable(node, kind: kind)
        case .jsArray: return r.jsArray(node)
        case .jsWeakMap, .jsWeakSet: return r.jsWeakTable(node, kind: kind)
        case .weakHashMap: return r.weakHashMap(node)
        case .treeMap: return r.treeMap(node)
        case .treeSet: return r.treeSet(node)
        case .linkedList: return r.linkedList(node)
        case .arrayDeque: return r.arrayDeque(node)
        case .copyOnWriteList: return r.copyOnWriteList(node)
        case .identityHashMap: return r.identityHashMap(node)
        }
    }
}

/// How an object is shown as a key or value: a string as its quoted text, else `Class id` (and a short preview).
public enum ValueText {
    public static let cap = 120

    public static func of(_ node: UInt32?, in index: HeapIndex, missing: String = "null") -> String {
        guard let node, node != HeapGraph.superRoot, Int(node) < index.graph.nodeCount else { return missing }
        let cls = index.details.displayClassName(node)
        let preview = index.details.preview(node)
        let lower = cls.lowercased()
        if let p = preview, lower == "java.lang.string" || (cls.hasPrefix("(") && lower.contains("string")) {
            return clip(p.hasPrefix("\"") ? p : "\"" + p + "\"")
        }
        let short = abbreviated(cls)
        if let p = preview, !p.isEmpty, !p.hasPrefix("length ") { return clip(short + " " + p) }
        return clip(short + " " + index.details.idString(node))
    }

    static func clip(_ s: String) -> String {
        s.count > cap ? String(s.prefix(cap - 1)) + "…" : s
    }

    /// `j.u.c.ConcurrentHashMap$Node` for `java.util.concurrent.ConcurrentHashMap$Node`: packages by their initial,
    /// the class name whole (names with spaces or parentheses, V8's `(string)`, are left as they are).
    public static func abbreviated(_ name: String) -> String {
        guard !name.contains(" "), !name.hasPrefix("("), let last = name.lastIndex(of: ".") else { return name }
        let packages = name[..<last].split(separator: ".").map { String($0.prefix(1)) }
        return packages.joined(separator: ".") + "." + name[name.index(after: last)...]
    }
}
