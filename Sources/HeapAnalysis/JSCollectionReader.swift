import HeapGraph

/// V8's collections as a heap snapshot shows them. Small integers (Smis) are no nodes: a Map's entry count, a
/// bucket count and Smi keys or values are not in the snapshot, so sizes are the entries found (an entry whose key
/// and value are both small integers is not found).
extension CollectionReader {
    /// The bucket count of an OrderedHashMap/Set from the slots its edges use (the count itself is a small integer,
    /// not in the snapshot, and DevTools folds the table's size into its owner): the largest power of two for which
    /// every slot lies in the entry area, none on a `chain` slot, and no entry beyond the capacity (2 per bucket).
    static func buckets(slots: [Int], stride: Int) -> Int {
        guard let low = slots.min(), let high = slots.max() else { return 0 }
        var best = 0
        var nb = 1
        while 3 + nb <= low {
            let fits = slots.allSatisfy { ($0 - 3 - nb) % stride != stride - 1 } && (high - 3 - nb) / stride < 2 * nb
            if fits { best = nb }
            nb *= 2
        }
        return best
    }

    /// Map and Set: the `table` (an OrderedHashMap / OrderedHashSet) holds 3 header slots, `buckets` slots, then
    /// 2·buckets entries of `key, value, chain` (Set: `key, chain`), its edges named by slot index.
    mutating func jsTable(_ node: UInt32, kind: CollectionContents.Kind) -> CollectionContents? {
        let stride = kind == .jsMap ? 3 : 2
        var out = CollectionContents(node: node, kind: kind, declaredSize: nil, capacity: 0, entries: [],
                                     truncated: false)
        guard let table = ref(fields(node), "table") else { return out }
        var slots: [(Int, UInt32)] = []
        for f in fields(table, limit: 1 << 22) {
            if let slot = CollectionReader.elementIndex(f.name), let t = f.target { slots.append((slot, t)) }
        }
        let buckets = CollectionReader.buckets(slots: slots.map(\.0), stride: stride)
        out.capacity = 2 * buckets
        let first = 3 + buckets
        // entry number -> (key, value) as far as the snapshot shows them, in table order.
        var keys: [Int: UInt32] = [:]
        var values: [Int: UInt32] = [:]
        var order: [Int] = []
        for (slot, t) in slots where buckets > 0 && slot >= first {
            let entry = (slot - first) / stride
            let part = (slot - first) % stride
            if keys[entry] == nil && values[entry] == nil { order.append(entry) }
            if part == 0 { keys[entry] = t } else if part == 1 && stride == 3 { values[entry] = t }
        }
        order.sort()
        out.declaredSize = order.count
        for e in order {
            if out.entries.count >= limit { out.truncated = true; break }
            let k = keys[e], v = values[e]
            let missing = "(small integer)"
            func shown(_ n: UInt32?) -> String { n.map { texts ? ValueText.of($0, in: index) : "" } ?? missing }
            out.entries.append(Entry(key: k, keyText: shown(k), value: v, valueText: stride == 3 ? shown(v) : "",
                                     retained: retained(k) + retained(v), slot: e))
        }
        return out
    }

    /// Array: its `element` edges `[i]`; the capacity from its `elements` store's recorded size
    /// (`jsArrayCapacity`), the length at least one more than the highest index found.
    mutating func jsArray(_ node: UInt32) -> CollectionContents? {
        let fs = fields(node, limit: 1 << 22)
        var out = CollectionContents(node: node, kind: .jsArray, declaredSize: nil, capacity: 0, entries: [],
                                     truncated: false)
        (out.capacity, out.storeBytes) = jsArrayCapacity(node, fs)
        var count = 0
        var length = 0
        for f in fs where f.name.hasPrefix("[") {
            guard let i = CollectionReader.elementIndex(f.name) else { continue }
            count += 1
            length = max(length, i + 1)
            if out.entries.count >= limit { out.truncated = true; continue }
            out.entries.append(Entry(key: f.target, keyText: text(f), value: nil, valueText: "",
                                     retained: retained(f.target), slot: i))
        }
        out.declaredSize = count
        out.lengthAtLeast = length
        return out
    }
}
