import HeapGraph

/// V8's WeakMap and WeakSet, and the backing-store capacity of arrays, as a heap snapshot shows them.
///
/// A WeakMap/WeakSet holds its entries in an EphemeronHashTable under its `table` edge (DevTools lists them there):
/// three header slots, then `key, value` per entry (open addressing, no buckets), each a `weak` edge named by its
/// slot. A WeakSet's values are `true` (no node), so only its keys show. The capacity comes from the table's size as
/// V8 recorded it: (2 header + 3 + 2·capacity) slots. The slot size (8 bytes, 4 with pointer compression) is the
/// owner's recorded size over four, since a JSArray and a JSWeakCollection are four slots (map, properties,
/// elements, length or table).
extension CollectionReader {
    /// Bytes per tagged slot from the recorded size of a four-slot object, nil when it is not 16 or 32.
    func slotSize(_ owner: UInt32) -> UInt64? {
        switch details.recordedSize(owner) {
        case 32?: return 8
        case 16?: return 4
        default: return nil
        }
    }

    /// Elements a FixedArray-like store of `bytes` holds: (bytes − 2 header slots) / element size; nil when that
    /// does not divide.
    static func storeCapacity(bytes: UInt64, slot: UInt64, element: UInt64) -> Int? {
        guard bytes >= 2 * slot, (bytes - 2 * slot) % element == 0 else { return nil }
        return Int((bytes - 2 * slot) / element)
    }

    mutating func jsWeakTable(_ node: UInt32, kind: CollectionContents.Kind) -> CollectionContents? {
        var out = CollectionContents(node: node, kind: kind, declaredSize: 0, capacity: 0, entries: [],
                                     truncated: false)
        guard let table = ref(fields(node), "table") else { return out }
        var keys: [Int: UInt32] = [:]
        var values: [Int: UInt32] = [:]
        for f in fields(table, limit: 1 << 22) where f.type == "weak" {
            guard let slot = CollectionReader.elementIndex(f.name), slot >= 3, let t = f.target else { continue }
            let entry = (slot - 3) / 2
            if (slot - 3) % 2 == 0 { keys[entry] = t } else { values[entry] = t }
        }
        let order = Set(keys.keys).union(values.keys).sorted()
        out.declaredSize = order.count
        let bytes = details.recordedSize(table)
        out.storeBytes = bytes
        if let bytes, let slot = slotSize(node), let all = CollectionReader.storeCapacity(bytes: bytes, slot: slot,
                                                                                          element: slot),
           all >= 3, (all - 3) % 2 == 0, (all - 3) / 2 >= (order.last ?? -1) + 1 {
            out.capacity = (all - 3) / 2
        } else if let last = order.last {
            // Without a usable size: the smallest power of two that holds the highest entry.
            var c = 1
            while c <= last { c *= 2 }
            out.capacity = c
        }
        for e in order {
            if out.entries.count >= limit { out.truncated = true; break }
            let k = keys[e], v = values[e]
            func shown(_ n: UInt32?, _ missing: String) -> String { n.map { texts ? ValueText.of($0, in: index) : "" } ?? missing }
            out.entries.append(Entry(key: k, keyText: shown(k, "(collected)"), value: v,
                                     valueText: kind == .jsWeakMap ? shown(v, "(small integer)") : "",
                                     retained: retained(k) + retained(v), slot: e))
        }
        return out
    }

    /// An Array's capacity: the slots of its `elements` store (8-byte elements when the store's name says
    /// `double`), from the store's recorded size; 0 when unknown.
    func jsArrayCapacity(_ node: UInt32, _ fs: [FieldValue]) -> (capacity: Int, bytes: UInt64?) {
        guard let store = fs.first(where: { $0.name == "elements" && $0.type == "internal" })?.target,
              let bytes = details.recordedSize(store), let slot = slotSize(node) else { return (0, nil) }
        let double = (details.preview(store) ?? details.displayClassName(store)).contains("double")
        return (CollectionReader.storeCapacity(bytes: bytes, slot: slot, element: double ? 8 : slot) ?? 0, bytes)
    }
}
