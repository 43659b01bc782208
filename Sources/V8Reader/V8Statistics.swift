import HeapGraph

/// DevTools' Statistics view (`calculateStatistics` in HeapSnapshot.ts): the heap split into code, strings, JS
/// arrays, typed arrays, system objects and the rest, from the nodes' own `self_size` as the file has them (not the
/// shallow sizes after DevTools moves owned internal arrays into their owners).
///
/// Per node, in DevTools' order: distance ≥ 100,000,000 (only the system reaches it) → system; else type `native` →
/// native (of which `system / JSArrayBufferData` → typed arrays); `code` → code; `string`, `concatenated string`,
/// `sliced string` → strings; a node named `Array` → JS arrays, with its `elements` store when nothing else
/// retains that store. The total is every node's self size plus `extra_native_bytes` (DevTools hangs every node
/// under its root), V8 heap is the total less native.
public struct V8Statistics: Sendable, Equatable, Encodable {
    public var total: UInt64 = 0
    public var v8Heap: UInt64 = 0
    public var native: UInt64 = 0
    public var typedArrays: UInt64 = 0
    public var code: UInt64 = 0
    public var strings: UInt64 = 0
    public var jsArrays: UInt64 = 0
    public var system: UInt64 = 0
    /// V8 heap less code, strings, JS arrays and system.
    public var other: UInt64 { v8Heap &- code &- strings &- jsArrays &- system }
}

extension V8Snapshot {
    /// One pass over the node rows in the file (and, for arrays, their edges).
    public func statistics() -> V8Statistics {
        var s = V8Statistics()
        let size = meta.nodeSizeField, type = meta.nodeTypeField, nameField = meta.nodeNameField
        let stringTypes = Set([meta.string, meta.consString, meta.slicedString].compactMap { $0 })
        // Names are string-table indexes; each distinct one is decoded once.
        var known: [UInt64: String?] = [:]
        func name(_ row: [UInt64]) -> String? {
            let k = row[nameField]
            if let hit = known[k] { return hit }
            let s = details.strings.string(UInt32(truncatingIfNeeded: k), limit: 32)
            known[k] = s
            return s
        }
        details.nodeRows.forEachRow { i, row in
            let node = UInt32(i + 1)
            let bytes = row[size]
            s.total += bytes
            if let d = distance(node), d >= 100_000_000 {
                s.system += bytes
                return
            }
            let t = Int(row[type])
            if t == meta.native {
                s.native += bytes
                if name(row) == "system / JSArrayBufferData" { s.typedArrays += bytes }
            } else if t == meta.code {
                s.code += bytes
            } else if stringTypes.contains(t) {
                s.strings += bytes
            } else if name(row) == "Array" {
                s.jsArrays += bytes + arrayStoreBytes(node)
            }
        }
        s.total += meta.extraNativeBytes
        s.native += meta.extraNativeBytes
        s.v8Heap = s.total &- s.native
        return s
    }

    /// The self size of an Array's `elements` store when the array is its only retainer (DevTools counts edges).
    func arrayStoreBytes(_ node: UInt32) -> UInt64 {
        for k in details.edgeRange(node) {
            guard let e = details.edge(k), e.type == meta.internalEdge,
                  details.strings.string(e.nameOrIndex, limit: 16) == "elements" else { continue }
            let retainers = index.graph.predecessors(e.target).filter { Edge.target($0) != HeapGraph.superRoot }
            guard retainers.count == 1, let row = details.nodeRows.row(Int(e.target) - 1) else { return 0 }
            return row[meta.nodeSizeField]
        }
        return 0
    }
}

extension RowReader {
    /// Every row in order, read in one pass from the first checkpoint.
    func forEachRow(_ body: (Int, [UInt64]) -> Void) {
        guard let start = checkpoints.first, rows > 0 else { return }
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        var pos = start
        var row: [UInt64] = []
        row.reserveCapacity(fields)
        var index = 0
        while index < rows {
            guard let v = DigitCursor.nextValue(p, count: file.count, at: &pos) else { return }
            row.append(v)
            if row.count == fields {
                body(index, row)
                row.removeAll(keepingCapacity: true)
                index += 1
            }
        }
    }
}
