import HeapGraph

/// The walks behind `CollectionContents.read`: one per layout, iterative, at most `limit` entries each.
struct CollectionReader {
    let index: HeapIndex
    let limit: Int
    /// Whether keys and values that are objects get their text now (else `""`: the caller formats what it shows).
    var texts = true
    /// Whether an object array is read to its end for its size (else the walk stops after `limit` elements).
    var countAll = true
    typealias Entry = CollectionContents.Entry

    var details: any GraphDetails { index.details }

    func fields(_ node: UInt32, limit: Int = 128) -> [FieldValue] { details.fields(of: node, limit: limit) }

    func int(_ fs: [FieldValue], _ name: String) -> Int? { fs.first { $0.name == name }.flatMap { Int($0.value) } }
    func ref(_ fs: [FieldValue], _ name: String) -> UInt32? { fs.first { $0.name == name }?.target }

    func retained(_ n: UInt32?) -> UInt64 { n.map { index.tree.retained[Int($0)] } ?? 0 }

    func text(_ field: FieldValue?) -> String {
        guard let field else { return "null" }
        if let t = field.target { return texts ? ValueText.of(t, in: index) : "" }
        return field.value.isEmpty ? "null" : field.value
    }

    /// `[12]` → 12.
    static func elementIndex(_ name: String) -> Int? {
        guard name.hasPrefix("["), name.hasSuffix("]") else { return Int(name) }
        return Int(name.dropFirst().dropLast())
    }

    /// The length of an array as its preview says (`length 16`), else the number of elements read.
    func arrayLength(_ node: UInt32) -> Int {
        if let p = details.preview(node), p.hasPrefix("length "), let n = Int(p.dropFirst(7)) { return n }
        return fields(node, limit: 1 << 20).filter { CollectionReader.elementIndex($0.name) != nil }.count
    }

    /// Elements `[i]` of an array read in growing chunks, visited in order while `body` returns true.
    func forEachElement(_ array: UInt32, length: Int, _ body: (Int, FieldValue) -> Bool) {
        var read = 0
        var chunk = min(length, max(4096, 3 * limit))
        while read < length {
            let want = min(length, read + chunk)
            let fs = fields(array, limit: want + 1)  // `<class>` comes first in HPROF
            var seen = 0
            for f in fs {
                guard let i = CollectionReader.elementIndex(f.name) else { continue }
                seen = max(seen, i + 1)
                if i < read || i >= length { continue }
                if !body(i, f) { return }
            }
            if seen <= read { return }
            read = seen
            chunk *= 4
        }
    }

    // MARK: Java

    /// HashMap, LinkedHashMap, Hashtable: `table` of nodes chained by `next`, each with `key` and `value`.
    mutating func hashMap(_ node: UInt32, kind: CollectionContents.Kind, keysOnly: Bool = false)
        -> CollectionContents? {
        let fs = fields(node)
        let declared = int(fs, "size") ?? int(fs, "count")
        var out = CollectionContents(node: node, kind: kind, declaredSize: declared, capacity: 0, entries: [],
                                     truncated: false)
        guard let table = ref(fs, "table") else { return out }
        out.capacity = arrayLength(table)
        if limit > 0 { walkTable(table, length: out.capacity, into: &out, keysOnly: keysOnly, valueField: "value") }
        return out
    }

    /// HashSet and LinkedHashSet: the keys of their `map`.
    mutating func hashSet(_ node: UInt32) -> CollectionContents? {
        guard let map = ref(fields(node), "map"),
              var inner = hashMap(map, kind: .hashSet, keysOnly: true) else { return nil }
        inner.node = node
        return inner
    }

    /// ConcurrentHashMap: `table` of nodes (`key`, `val`, `next`); a bin holding a tree (`TreeBin`) lists its
    /// nodes from `first`. The size is `baseCount` plus the `counterCells`.
    mutating func concurrentHashMap(_ node: UInt32) -> CollectionContents? {
        let fs = fields(node)
        var size = int(fs, "baseCount") ?? 0
        if let cells = ref(fs, "counterCells") {
            forEachElement(cells, length: arrayLength(cells)) { _, f in
                if let c = f.target { size += int(fields(c, limit: 16), "value") ?? 0 }
                return true
            }
        }
        var out = CollectionContents(node: node, kind: .concurrentHashMap, declaredSize: size, capacity: 0,
                                     entries: [], truncated: false)
        guard let table = ref(fs, "table") else { return out }
        out.capacity = arrayLength(table)
        if limit > 0 { walkTable(table, length: out.capacity, into: &out, keysOnly: false, valueField: "val") }
        return out
    }

    /// Walks the bins of a hash table and each bin's chain (`next`, or a tree bin's `first`).
    func walkTable(_ table: UInt32, length: Int, into out: inout CollectionContents, keysOnly: Bool,
                   valueField: String, keyField keyName: String = "key") {
        var entries: [Entry] = []
        var truncated = false
        forEachElement(table, length: length) { slot, f in
            var next = f.target
            var steps = 0
            while let n = next, steps <= index.graph.nodeCount {
                steps += 1
                let nf = fields(n)
                if let first = ref(nf, "first"), nf.first(where: { $0.name == keyName }) == nil {
                    next = first  // ConcurrentHashMap$TreeBin
                    continue
                }
                guard let keyField = nf.first(where: { $0.name == keyName }) else { break }  // a ForwardingNode
                if entries.count >= limit { truncated = true; return false }
                let valueField = nf.first { $0.name == valueField }
                entries.append(Entry(key: keyField.target, keyText: text(keyField),
                                     value: keysOnly ? nil : valueField?.target,
                                     valueText: keysOnly ? "" : text(valueField), retained: retained(n), slot: slot))
                next = ref(nf, "next")
            }
            return true
        }
        out.entries = entries
        out.truncated = truncated
    }

    /// ArrayList, Vector: the first `size` (`elementCount`) elements of `elementData`.
    mutating func list(_ node: UInt32) -> CollectionContents? {
        let fs = fields(node)
        let size = int(fs, "size") ?? int(fs, "elementCount")
        var out = CollectionContents(node: node, kind: .list, declaredSize: size, capacity: 0, entries: [],
                                     truncated: false)
        guard let data = ref(fs, "elementData") else { return out }
        out.capacity = arrayLength(data)
        let n = limit > 0 ? min(size ?? out.capacity, out.capacity) : 0
        forEachElement(data, length: n) { i, f in
            if out.entries.count >= limit { out.truncated = true; return false }
            out.entries.append(Entry(key: f.target, keyText: text(f), value: nil, valueText: "",
                                     retained: retained(f.target), slot: i))
            return true
        }
        return out
    }

    /// An object array: its non-null elements; the size is how many slots are not null.
    mutating func objectArray(_ node: UInt32) -> CollectionContents? {
        let length = arrayLength(node)
        var out = CollectionContents(node: node, kind: .objectArray, declaredSize: nil, capacity: length, entries: [],
                                     truncated: false)
        var nonNull = 0
        forEachElement(node, length: length) { i, f in
            guard f.target != nil || (f.value != "null" && !f.value.isEmpty) else { return true }
            nonNull += 1
            if out.entries.count < limit {
                out.entries.append(Entry(key: f.target, keyText: text(f), value: nil, valueText: "",
                                         retained: retained(f.target), slot: i))
            } else {
                out.truncated = true
                if !countAll { return false }
            }
            return true
        }
        out.declaredSize = countAll || !out.truncated ? nonNull : nil
        return out
    }
}
