import HeapGraph

extension CollectionReader {
    /// IdentityHashMap: one `table` Object[] with key and value interleaved (`[2i]` key, `[2i+1]` value, open
    /// addressing), an empty slot a null key. A null key is stored as the class's `NULL_KEY` sentinel object and
    /// shows as `null`. The capacity is the number of key/value pairs the table holds (`table.length / 2`), so the
    /// fill ratio is `size / (table.length / 2)`.
    mutating func identityHashMap(_ node: UInt32) -> CollectionContents? {
        let fs = fields(node)
        var out = CollectionContents(node: node, kind: .identityHashMap, declaredSize: int(fs, "size"), capacity: 0,
                                     entries: [], truncated: false)
        guard let table = ref(fs, "table") else { return out }
        let length = arrayLength(table)
        out.capacity = length / 2
        guard limit > 0 else { return out }
        let nullKey = identityNullKey()
        // A key waits for its value slot (a dump may leave null elements out, so the value may never come).
        var pending: (key: FieldValue, slot: Int)?
        func emit(_ value: FieldValue?) -> Bool {
            guard let p = pending else { return true }
            pending = nil
            if out.entries.count >= limit { out.truncated = true; return false }
            let isNull = p.key.target == nullKey
            let key = isNull ? nil : p.key.target
            out.entries.append(Entry(key: key, keyText: isNull ? "null" : text(p.key), value: value?.target,
                                     valueText: text(value), retained: retained(key) + retained(value?.target),
                                     slot: p.slot))
            return true
        }
        forEachElement(table, length: length) { i, f in
            if i % 2 == 0 {
                guard emit(nil) else { return false }
                if f.target != nil { pending = (f, i / 2) }
                return true
            }
            return pending?.slot == i / 2 ? emit(f) : true
        }
        _ = emit(nil)
        return out
    }

    /// The object IdentityHashMap stores for a null key: its static `NULL_KEY` (nil when the dump has no such class
    /// object).
    func identityNullKey() -> UInt32? {
        let classes = index.graph.classes
        guard let k = classes.names.firstIndex(of: "java.util.IdentityHashMap"),
              k < classes.classObjects.count, let classObject = classes.classObjects[k] else { return nil }
        return fields(classObject).first { $0.name == "NULL_KEY" }?.target
    }
}
