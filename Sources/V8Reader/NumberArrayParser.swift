/// Reads the unsigned decimal integers of the `nodes` and `edges` arrays straight from the mapped bytes into
/// preallocated columns: no JSON tree, no `String`, one pass. Whitespace between tokens is tolerated.
///
/// A byte at a time on purpose: reading eight digits per 64-bit load (SWAR) was measured slower here (5.4 against
/// 3.1 ns per value on the nodes of an 815 MiB snapshot, 6.2 against 4.1 on its edges): most values have one to
/// three digits, and a predicted byte loop beats the load, classification and multiplications.
struct DigitCursor {
    let p: UnsafePointer<UInt8>
    var pos: Int
    /// Index of the closing `]` (or the end of the file when the array is not closed; or, for a piece of an array
    /// split between threads, the position after its last value).
    let end: Int
    /// Whether `end` is the closing bracket (else the file ends inside the array).
    let closed: Bool
    let what: String

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x0A || c == 0x20 || c == 0x0D || c == 0x09 }

    /// For scans that step over rows without a cursor: the next unsigned integer (up to 20 digits) at or after `pos`
    /// in `p[..<count]`, skipping commas and whitespace; nil at the end or at any other byte (`pos` stays there).
    @inline(__always)
    static func nextValue(_ p: UnsafePointer<UInt8>, count: Int, at pos: inout Int) -> UInt64? {
        while pos < count && (p[pos] &- 0x30) >= 10 {
            let c = p[pos]
            guard c == 0x2C || isSpace(c) else { return nil }
            pos += 1
        }
        guard pos < count else { return nil }
        var v: UInt64 = 0
        var digits = 0
        while pos < count, case let d = p[pos] &- 0x30, d < 10, digits < 20 {
            v = v &* 10 &+ UInt64(d)
            pos += 1
            digits += 1
        }
        return v
    }

    @inline(__always)
    mutating func skipSpace() {
        while pos < end && DigitCursor.isSpace(p[pos]) { pos += 1 }
    }

    /// The next unsigned integer (up to 19 digits).
    @inline(__always)
    mutating func value() throws(ParseFailure) -> UInt64 {
        skipSpace()
        guard pos < end else { throw endFailure() }
        var d = p[pos] &- 0x30
        guard d < 10 else {
            if p[pos] == UInt8(ascii: "]") {
                throw ParseFailure(pos, "the \(what) array has fewer values than the header announces: "
                                       + "snapshot.meta does not match the arrays")
            }
            throw ParseFailure(pos, "expected an unsigned integer in the \(what) array, found "
                                   + HeaderJSONReader.describe(p[pos]))
        }
        let start = pos
        var v = UInt64(d)
        pos += 1
        while pos < end {
            d = p[pos] &- 0x30
            if d >= 10 { break }
            v = v &* 10 &+ UInt64(d)
            pos += 1
        }
        if pos - start > 19 { throw ParseFailure(start, "number too large in the \(what) array") }
        return v
    }

    /// The `,` between two values.
    @inline(__always)
    mutating func comma() throws(ParseFailure) {
        skipSpace()
        guard pos < end else { throw endFailure() }
        guard p[pos] == 0x2C else {
            if p[pos] == UInt8(ascii: "]") {
                throw ParseFailure(pos, "the \(what) array has fewer values than the header announces: "
                                       + "snapshot.meta does not match the arrays")
            }
            throw ParseFailure(pos, "expected ',' in the \(what) array, found " + HeaderJSONReader.describe(p[pos]))
        }
        pos += 1
    }

    /// After the last value: only whitespace may remain before the closing `]`.
    mutating func finish(expected: Int) throws(ParseFailure) {
        skipSpace()
        if !closed && pos < end {
            // The array's end was not known in advance: it must close right here.
            if p[pos] == UInt8(ascii: "]") { pos += 1; return }
            throw ParseFailure(pos, "the \(what) array has more values than the header announces (\(expected)): "
                                   + "snapshot.meta does not match the arrays")
        }
        if pos < end {
            throw ParseFailure(pos, "the \(what) array has more values than the header announces (\(expected)): "
                                   + "snapshot.meta does not match the arrays")
        }
        if !closed { throw endFailure() }
    }

    private func endFailure() -> ParseFailure {
        if closed {
            return ParseFailure(pos, "the \(what) array has fewer values than the header announces: "
                                    + "snapshot.meta does not match the arrays")
        }
        return ParseFailure(pos, "the file ends inside the \(what) array", truncated: true)
    }
}

/// Columns filled from the `nodes` array. Node `v` of the graph is V8 node ordinal `v - 1`; index 0 is the super-root.
struct NodeColumns {
    /// Node type index (low 6 bits) and detachedness (top 2 bits).
    var types: UnsafeMutableBufferPointer<UInt8>
    var names: UnsafeMutableBufferPointer<UInt32>
    var ids: UnsafeMutableBufferPointer<UInt64>
    var shallow: UnsafeMutableBufferPointer<UInt32>
    /// `nodeCount + 2` entries: `outStart[v]..<outStart[v+1]` are node v's edges.
    var outStart: UnsafeMutableBufferPointer<UInt32>
    /// Byte offset of every 64th node row, for reading a row again later.
    var checkpoints: UnsafeMutableBufferPointer<Int>
}

struct NodeParseResult {
    var large: [UInt32: UInt64] = [:]
    var maxName: UInt32 = 0
    var detachedCount = 0
}

enum NumberArrayParser {
    static let typeMask: UInt8 = 0x3F
    static let checkpointShift = 6
    /// Rows between two releases of already-parsed bytes from the resident set.
    static let releaseRows = 1 << 18

    /// Over 100 lines on purpose: this is the per-number loop of a multi-GB parse. Its state (cursor, row, field,
    /// running maxima) lives in registers; splitting the field dispatch into calls measurably slowed it down.
    static func parseNodes(_ base: UnsafeRawPointer, range: Range<Int>, closed: Bool, meta: SnapshotMeta,
                           into c: NodeColumns, release: (Range<Int>) -> Void, progress: ((Double) -> Void)?)
        throws(ParseFailure) -> (NodeParseResult, end: Int) {
        let nf = meta.nodeFields.count
        let n = meta.nodeCount
        let e = UInt64(meta.edgeCount)
        let typeCount = UInt64(meta.nodeTypes.count)
        var cur = DigitCursor(p: base.assumingMemoryBound(to: UInt8.self), pos: range.lowerBound,
                              end: range.upperBound, closed: closed, what: "nodes")
        var result = NodeParseResult()
        // Field roles: 1 type, 2 name, 3 id, 4 self_size, 5 edge_count, 6 detachedness, 0 ignored.
        var role = [UInt8](repeating: 0, count: nf)
        role[meta.nodeTypeField] = 1
        role[meta.nodeNameField] = 2
        role[meta.nodeIDField] = 3
        role[meta.nodeSizeField] = 4
        role[meta.nodeEdgeCountField] = 5
        if let d = meta.nodeDetachednessField { role[d] = 6 }
        // V8's own layout (type, name, id, self_size, edge_count, trace_node_id[, detachedness]) has an unrolled loop.
        let standard = role == [1, 2, 3, 4, 5, 0, 6] || role == [1, 2, 3, 4, 5, 0]
        c.outStart[0] = 0
        c.outStart[1] = 0
        c.types[0] = 0; c.names[0] = 0; c.ids[0] = 0; c.shallow[0] = 0
        var edgeSum: UInt64 = 0
        var maxName: UInt32 = 0
        var released = range.lowerBound
        let step = max(n / 64, 1 << 16)
        try role.withUnsafeBufferPointer { (role: UnsafeBufferPointer<UInt8>) throws(ParseFailure) in
            for ord in 0..<n {
                if ord & 63 == 0 {
                    c.checkpoints[ord >> checkpointShift] = cur.pos
                    if ord % step == 0 { progress?(Double(ord) / Double(n)) }
                    if ord & (releaseRows - 1) == 0 && cur.pos - released > 1 << 20 {
                        release(released..<cur.pos)
                        released = cur.pos
                    }
                }
                let v = ord + 1
                var type: UInt64 = 0, name: UInt64 = 0, size: UInt64 = 0, ec: UInt64 = 0, det: UInt64 = 0
                var typeAt = 0, nameAt = 0, ecAt = 0
                if standard {
                    if ord != 0 { try cur.comma() }
                    typeAt = cur.pos
                    type = try cur.value()
                    try cur.comma()
                    nameAt = cur.pos
                    name = try cur.value()
                    try cur.comma()
                    c.ids[v] = try cur.value()
                    try cur.comma()
                    size = try cur.value()
                    try cur.comma()
                    ecAt = cur.pos
                    ec = try cur.value()
                    try cur.comma()
                    _ = try cur.value()
                    if nf == 7 {
                        try cur.comma()
                        det = try cur.value()
                    }
                } else {
                    for f in 0..<nf {
                        if ord != 0 || f != 0 { try cur.comma() }
                        let start = cur.pos
                        let x = try cur.value()
                        switch role[f] {
                        case 1: type = x; typeAt = start
                        case 2: name = x; nameAt = start
                        case 3: c.ids[v] = x
                        case 4: size = x
                        case 5: ec = x; ecAt = start
                        case 6: det = x
                        default: break
                        }
                    }
                }
                guard type < typeCount else {
                    throw ParseFailure(typeAt, "node type \(type) is not in snapshot.meta.node_types")
                }
                guard name <= UInt64(UInt32.max) else { throw ParseFailure(nameAt, "node name index too large") }
                let nm = UInt32(truncatingIfNeeded: name)
                c.names[v] = nm
                if nm > maxName { maxName = nm }
                if size >= UInt64(UInt32.max) {
                    c.shallow[v] = .max
                    result.large[UInt32(v)] = size
                } else {
                    c.shallow[v] = UInt32(truncatingIfNeeded: size)
                }
                edgeSum &+= ec
                guard ec <= e, edgeSum <= e else {
                    throw ParseFailure(ecAt, "the nodes' edge counts add up to more than edge_count \(e) (node \(ord))")
                }
                c.outStart[v + 1] = UInt32(truncatingIfNeeded: edgeSum)
                let d = det <= 2 ? UInt8(truncatingIfNeeded: det) : 0
                c.types[v] = UInt8(truncatingIfNeeded: type) | (d << 6)
                if d == 2 { result.detachedCount += 1 }
            }
        }
        try cur.finish(expected: n * nf)
        release(released..<cur.pos)
        guard edgeSum == e else {
            throw ParseFailure(range.lowerBound, "the nodes' edge counts add up to \(edgeSum), but the header says "
                                   + "edge_count \(e): snapshot.meta does not match the arrays")
        }
        result.maxName = maxName
        return (result, cur.pos)
    }

    /// Fills edge targets (graph node numbers), types and names. Returns how many edges were complete (the end of
    /// `rows`); fewer only when the file ends inside the array (`truncation` then says where).
    ///
    /// `rows` (default: all edges) is the part of the array that `range` holds: a piece of an array split between
    /// two threads starts right after the previous piece's last value and ends before the `,` that follows its own.
    static func parseEdges(_ base: UnsafeRawPointer, range: Range<Int>, closed: Bool, meta: SnapshotMeta,
                           rows: Range<Int>? = nil,
                           targets: UnsafeMutableBufferPointer<UInt32>, types: UnsafeMutableBufferPointer<UInt8>,
                           names: UnsafeMutableBufferPointer<UInt32>, checkpoints: UnsafeMutableBufferPointer<Int>,
                           maxStringName: inout UInt32, truncation: inout ParseFailure?,
                           release: (Range<Int>) -> Void, progress: ((Double) -> Void)?)
        throws(ParseFailure) -> (rows: Int, end: Int) {
        let ef = meta.edgeFields.count
        let nf = UInt64(meta.nodeFields.count)
        let e = meta.edgeCount
        let rows = rows ?? 0..<e
        let first = rows.lowerBound
        let limit = UInt64(meta.nodeCount) * nf
        let typeCount = UInt64(meta.edgeTypes.count)
        var indexNamed = [Bool](repeating: false, count: meta.edgeTypes.count)
        for t in 0..<meta.edgeTypes.count where meta.edgeHasIndexName(t) { indexNamed[t] = true }
        var cur = DigitCursor(p: base.assumingMemoryBound(to: UInt8.self), pos: range.lowerBound,
                              end: range.upperBound, closed: closed, what: "edges")
        var role = [UInt8](repeating: 0, count: ef)
        role[meta.edgeTypeField] = 1
        role[meta.edgeNameField] = 2
        role[meta.edgeToField] = 3
        let standard = role == [1, 2, 3]
        var maxName: UInt32 = 0
        var done = first
        var released = range.lowerBound
        let step = max(e / 64, 1 << 16)
        do {
            try role.withUnsafeBufferPointer { (role: UnsafeBufferPointer<UInt8>) throws(ParseFailure) in
            try indexNamed.withUnsafeBufferPointer { (indexNamed: UnsafeBufferPointer<Bool>) throws(ParseFailure) in
                for k in rows {
                    if k & 63 == 0 {
                        checkpoints[k >> checkpointShift] = cur.pos
                        if k % step == 0 { progress?(Double(k) / Double(e)) }
                        if k & (releaseRows - 1) == 0 && cur.pos - released > 1 << 20 {
                            release(released..<cur.pos)
                            released = cur.pos
                        }
                    }
                    var type: UInt64 = 0, name: UInt64 = 0, to: UInt64 = 0
                    var typeAt = 0, nameAt = 0, toAt = 0
                    if standard {
                        if k != 0 { try cur.comma() }
                        typeAt = cur.pos
                        type = try cur.value()
                        try cur.comma()
                        nameAt = cur.pos
                        name = try cur.value()
                        try cur.comma()
                        toAt = cur.pos
                        to = try cur.value()
                    } else {
                        for f in 0..<ef {
                            if k != 0 || f != 0 { try cur.comma() }
                            let start = cur.pos
                            let x = try cur.value()
                            switch role[f] {
                            case 1: type = x; typeAt = start
                            case 2: name = x; nameAt = start
                            case 3: to = x; toAt = start
                            default: break
                            }
                        }
                    }
                    guard type < typeCount else {
                        throw ParseFailure(typeAt, "edge type \(type) is not in snapshot.meta.edge_types")
                    }
                    guard name <= UInt64(UInt32.max) else { throw ParseFailure(nameAt, "edge name index too large") }
                    // to_node is an index into the flat nodes array: a multiple of the node field count.
                    let q: UInt64
                    switch nf {
                    case 7: q = to / 7
                    case 6: q = to / 6
                    case 5: q = to / 5
                    default: q = to / nf
                    }
                    guard to < limit, q &* nf == to else {
                        throw ParseFailure(toAt, "edge \(k) points to nodes-array index \(to), which is not the start "
                                               + "of one of the \(meta.nodeCount) nodes")
                    }
                    targets[k] = UInt32(truncatingIfNeeded: q &+ 1)
                    types[k] = UInt8(truncatingIfNeeded: type)
                    let nm = UInt32(truncatingIfNeeded: name)
                    names[k] = nm
                    if !indexNamed[Int(type)] && nm > maxName { maxName = nm }
                    done = k + 1
                }
            }
            }
            try cur.finish(expected: rows.count * ef)
        } catch {
            guard error.truncated else { throw error }
            truncation = error
        }
        release(released..<cur.pos)
        maxStringName = maxName
        return (done, cur.pos)
    }
}
