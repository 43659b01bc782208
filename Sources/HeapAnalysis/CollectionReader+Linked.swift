import HeapGraph

/// The walks for the JDK collections beyond hash tables and array lists: WeakHashMap (a hash table whose entries are
/// weak references to their keys), TreeMap and TreeSet (a red-black tree, walked in key order with an explicit
/// stack), LinkedList (nodes chained by `next`), ArrayDeque (a circular array from `head` to `tail`) and
/// CopyOnWriteArrayList / CopyOnWriteArraySet (an array exactly as long as the list). Every walk is iterative and
/// stops after `limit` entries or after as many steps as the graph has nodes (a cyclic dump cannot loop it).
extension CollectionReader {
    /// WeakHashMap: `table` of `WeakHashMap$Entry` chained by `next`; the key is the entry's `referent` (null once
    /// the key was collected).
    mutating func weakHashMap(_ node: UInt32) -> CollectionContents? {
        let fs = fields(node)
        var out = CollectionContents(node: node, kind: .weakHashMap, declaredSize: int(fs, "size"), capacity: 0,
                                     entries: [], truncated: false)
        guard let table = ref(fs, "table") else { return out }
        out.capacity = arrayLength(table)
        if limit > 0 {
            walkTable(table, length: out.capacity, into: &out, keysOnly: false, valueField: "value",
                      keyField: "referent")
        }
        return out
    }

    /// TreeMap: in key order from `root` (`left`, `right`), each entry with `key` and `value`.
    mutating func treeMap(_ node: UInt32, kind: CollectionContents.Kind = .treeMap,
                          keysOnly: Bool = false) -> CollectionContents? {
        let fs = fields(node)
        var out = CollectionContents(node: node, kind: kind, declaredSize: int(fs, "size"), capacity: 0,
                                     entries: [], truncated: false)
        guard limit > 0, let root = ref(fs, "root") else { return out }
        var stack: [UInt32] = []
        var current: UInt32? = root
        var steps = 0
        let maxSteps = index.graph.nodeCount
        while current != nil || !stack.isEmpty {
            while let c = current, steps <= maxSteps {
                steps += 1
                stack.append(c)
                current = ref(fields(c), "left")
            }
            guard steps <= maxSteps, let n = stack.popLast() else { break }
            if out.entries.count >= limit { out.truncated = true; break }
            let nf = fields(n)
            let k = nf.first { $0.name == "key" }, v = nf.first { $0.name == "value" }
            out.entries.append(Entry(key: k?.target, keyText: text(k), value: keysOnly ? nil : v?.target,
                                     valueText: keysOnly ? "" : text(v), retained: retained(n),
                                     slot: out.entries.count))
            current = ref(nf, "right")
        }
        return out
    }

    /// TreeSet: the keys of its `m` when that is a TreeMap.
    mutating func treeSet(_ node: UInt32) -> CollectionContents? {
        guard let m = ref(fields(node), "m"), index.graph.className(m) == "java.util.TreeMap",
              var inner = treeMap(m, kind: .treeSet, keysOnly: true) else { return nil }
        inner.node = node
        return inner
    }

    /// LinkedList: the `item` of each node from `first` along `next`.
    mutating func linkedList(_ node: UInt32) -> CollectionContents? {
        let fs = fields(node)
        var out = CollectionContents(node: node, kind: .linkedList, declaredSize: int(fs, "size"), capacity: 0,
                                     entries: [], truncated: false)
        var next = limit > 0 ? ref(fs, "first") : nil
        var steps = 0
        while let n = next, steps <= index.graph.nodeCount {
            if out.entries.count >= limit { out.truncated = true; break }
            let nf = fields(n)
            let item = nf.first { $0.name == "item" }
            out.entries.append(Entry(key: item?.target, keyText: text(item), value: nil, valueText: "",
                                     retained: retained(item?.target), slot: steps))
            steps += 1
            next = ref(nf, "next")
        }
        return out
    }

    /// ArrayDeque: `elements` from `head` up to (not including) `tail`, wrapping at the end of the array.
    mutating func arrayDeque(_ node: UInt32) -> CollectionContents? {
        let fs = fields(node)
        var out = CollectionContents(node: node, kind: .arrayDeque, declaredSize: nil, capacity: 0, entries: [],
                                     truncated: false)
        guard let data = ref(fs, "elements") else { out.declaredSize = 0; return out }
        let length = arrayLength(data)
        out.capacity = length
        guard length > 0, let head = int(fs, "head"), let tail = int(fs, "tail"), (0..<length).contains(head),
              (0..<length).contains(tail) else { out.declaredSize = 0; return out }
        let size = (tail - head + length) % length
        out.declaredSize = size
        guard limit > 0 else { return out }
        // Slots head..<end, then 0..<tail (read once in index order, placed in deque order).
        var front: [Entry] = [], back: [Entry] = []
        forEachElement(data, length: head + size > length ? length : head + size) { i, f in
            if i < head && i >= (head + size) - length { return true }
            let e = Entry(key: f.target, keyText: text(f), value: nil, valueText: "", retained: retained(f.target),
                          slot: i)
            if i >= head { front.append(e) } else { back.append(e) }
            return front.count + back.count < limit
        }
        out.entries = front + back
        out.truncated = out.entries.count < size
        return out
    }

    /// CopyOnWriteArrayList (and CopyOnWriteArraySet through its `al`): every element of `array`.
    mutating func copyOnWriteList(_ node: UInt32) -> CollectionContents? {
        var fs = fields(node)
        if let al = ref(fs, "al") { fs = fields(al) }
        var out = CollectionContents(node: node, kind: .copyOnWriteList, declaredSize: 0, capacity: 0, entries: [],
                                     truncated: false)
        guard let data = ref(fs, "array") else { return out }
        let length = arrayLength(data)
        out.capacity = length
        out.declaredSize = length
        guard limit > 0 else { return out }
        forEachElement(data, length: length) { i, f in
            if out.entries.count >= limit { out.truncated = true; return false }
            out.entries.append(Entry(key: f.target, keyText: text(f), value: nil, valueText: "",
                                     retained: retained(f.target), slot: i))
            return true
        }
        return out
    }
}
