import DumpInput
import HeapGraph

/// One `[STACK_SHORT]` thread as the scan records it: numbers and byte ranges into the mapped trace, no text. The
/// thread's name is decoded from the mapping when a `HanaThreadEntry` is asked for.
struct HanaThreadRow: BitwiseCopyable {
    var context: UInt64
    var tid: UInt64
    /// Byte range of the name in the header line.
    var nameStart: Int
    var nameEnd: Int
    var headerLine: Int
    var frameCount: Int
    var exceptionCount: Int
    var bodyStart: Int
    var bodyEnd: Int
    var active: Bool
}

/// A `[THREADS]` line: its thread id and connection id (read in the pass), the rest parsed on demand.
struct HanaThreadInfoRow: BitwiseCopyable {
    /// `connectionID` when the line has none (a parsed CID is never below −Int64.max).
    static let noConnection = Int64.min
    var tid: UInt64
    var connectionID: Int64
    var start: Int
    var end: Int
    var line: Int

    var connection: Int64? { connectionID == HanaThreadInfoRow.noConnection ? nil : connectionID }
}

/// Every `[STACK_SHORT]` thread in file order, as a collection of `HanaThreadEntry`. The rows live in `ArrayStorage`
/// (anonymous memory, or a mapped temporary file when the trace is larger than the memory budget) and hold no text:
/// `self[i]` decodes the name from the mapped trace, so the model's anonymous memory does not grow with the trace.
/// Loops over all threads read the numbers through `tid(_:)`, `frameCount(_:)`, … and touch no text.
public struct HanaThreadTable: RandomAccessCollection, Sendable {
    let rows: StoredArray<HanaThreadRow>
    let file: MappedFile
    /// Thread index + 1 by thread id, first thread of a tid wins (0: empty slot).
    let byTID: HanaTIDTable

    init(rows: StoredArray<HanaThreadRow>, file: MappedFile, storage: ArrayStorage) {
        self.rows = rows
        self.file = file
        byTID = HanaTIDTable(count: rows.count, storage: storage) { rows[$0].tid }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(i: Int) -> HanaThreadEntry {
        let r = rows[i]
        let base = file.base.assumingMemoryBound(to: UInt8.self)
        return HanaThreadEntry(context: r.context, tid: r.tid, name: HanaText.string(base, r.nameStart, r.nameEnd),
                               active: r.active, headerLine: r.headerLine, frameCount: r.frameCount,
                               exceptionCount: r.exceptionCount, bodyStart: r.bodyStart, bodyEnd: r.bodyEnd)
    }

    public func tid(_ i: Int) -> UInt64 { rows[i].tid }
    public func frameCount(_ i: Int) -> Int { rows[i].frameCount }
    public func exceptionCount(_ i: Int) -> Int { rows[i].exceptionCount }
    public func isActive(_ i: Int) -> Bool { rows[i].active }

    /// The index of the first thread with OS id `tid`.
    public func index(tid: UInt64) -> Int? { byTID.find(tid) { rows[$0].tid } }

    /// Whether the rows live in a mapped temporary file.
    public var isMapped: Bool { rows.isMapped }
}

/// The `[THREADS]` lines in file order, with a table by thread id.
struct HanaThreadInfoTable: Sendable {
    let rows: StoredArray<HanaThreadInfoRow>
    let byTID: HanaTIDTable

    init(rows: StoredArray<HanaThreadInfoRow>, storage: ArrayStorage) {
        self.rows = rows
        byTID = HanaTIDTable(count: rows.count, storage: storage) { rows[$0].tid }
    }

    var count: Int { rows.count }

    /// The first line of thread `tid`.
    func first(tid: UInt64) -> HanaThreadInfoRow? { byTID.find(tid) { rows[$0].tid }.map { rows[$0] } }

    /// Thread ids of the lines with connection id `connection`, in file order.
    func tids(connection: Int64) -> [UInt64] {
        var out: [UInt64] = []
        for i in 0..<rows.count where rows[i].connectionID == connection { out.append(rows[i].tid) }
        return out
    }
}

/// An open-addressing table from thread id to the first row index that has it (linear probing, power-of-two
/// slots, at most half full), in `ArrayStorage` like the rows it indexes. The key is read from the row.
struct HanaTIDTable: Sendable {
    /// Row index + 1; 0 is an empty slot.
    let slots: StoredArray<Int>
    let mask: Int

    init(count: Int, storage: ArrayStorage, tid: (Int) -> UInt64) {
        var size = 16
        while size < count * 2 { size <<= 1 }
        slots = storage.allocate(size, repeating: 0)
        mask = size - 1
        for i in 0..<count {
            let key = tid(i)
            var s = HanaTIDTable.hash(key) & mask
            while true {
                let v = slots[s]
                if v == 0 { slots[s] = i + 1; break }
                if tid(v - 1) == key { break }
                s = (s + 1) & mask
            }
        }
    }

    func find(_ key: UInt64, tid: (Int) -> UInt64) -> Int? {
        var s = HanaTIDTable.hash(key) & mask
        while true {
            let v = slots[s]
            if v == 0 { return nil }
            if tid(v - 1) == key { return v - 1 }
            s = (s + 1) & mask
        }
    }

    @inline(__always)
    static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20)
    }
}
