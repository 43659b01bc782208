import DumpInput

/// The `[STACK_SHORT]` stacks of a dump aggregated without text per thread: each frame line's bytes after `in ` are
/// interned (`HanaByteInterner`), and only the first line of each distinct text is parsed and decoded into a name;
/// a thread's stack becomes a sequence of name ids, and identical sequences are counted (`HanaStackTable`). Threads
/// whose block holds an `exception` line go through `HanaDump.thread(at:)` (frames stop at the first exception
/// there), so every stack is the one `thread(at:)` gives. Folded stacks and the call graph read the distinct stacks,
/// whose order is the first thread's order with that stack.
struct HanaStackAggregate {
    /// Frame (and thread) names by id: `function` or `symbol` of the frame, `foldSafe` when asked.
    var names: [String] = []
    /// Distinct stacks, outermost frame first; group 1: threads with pending exceptions.
    var stacks = HanaStackTable()
}

extension HanaDump {
    /// Aggregates the stacks of the threads `indices` (all threads when nil) that have frames. `threadNames` puts
    /// the thread's name first; `foldSafe` makes names fit folded lines (`HanaDump.foldSafe`).
    func stackAggregate(indices: [Int]? = nil, fullSymbols: Bool, threadNames: Bool,
                        foldSafe: Bool) -> HanaStackAggregate {
        var b = HanaStackAggregator(dump: self, fullSymbols: fullSymbols, foldSafe: foldSafe)
        let base = file.base.assumingMemoryBound(to: UInt8.self)
        var ids: [Int32] = []
        var lastRelease = 0
        var nextMark = HanaStackAggregator.chunk
        func add(_ i: Int) {
            let row = threads.rows[i]
            guard row.frameCount > 0 else { return }
            if row.bodyStart >= nextMark {
                // Pages already read leave the resident set, as in the reading pass.
                file.release(lastRelease..<row.bodyStart)
                lastRelease = row.bodyStart
                nextMark = row.bodyStart + HanaStackAggregator.chunk
            }
            ids.removeAll(keepingCapacity: true)
            var group: UInt8 = 0
            if let pending = b.frames(base, row, into: &ids) {
                group = pending || row.exceptionCount > 0 ? 1 : 0
            } else {
                let t = thread(at: i)
                ids.removeAll(keepingCapacity: true)
                for f in t.frames { ids.append(b.nameID(fullSymbols ? f.symbol : f.function)) }
                group = t.exceptions.isEmpty && t.entry.exceptionCount == 0 ? 0 : 1
            }
            guard !ids.isEmpty else { return }
            if threadNames { ids.append(b.threadNameID(base, row)) }
            ids.reverse()
            b.out.stacks.add(ids, group: group)
        }
        if let indices { for i in indices { add(i) } } else { for i in 0..<threads.count { add(i) } }
        return b.out
    }
}

/// The state of one aggregation: the interners and the names decoded so far.
private struct HanaStackAggregator {
    static let chunk = 64 << 20
    let dump: HanaDump
    let fullSymbols: Bool
    let foldSafe: Bool
    var out = HanaStackAggregate()
    var frameTexts = HanaByteInterner()
    var threadNames = HanaByteInterner()
    /// Name id by the name's exact bytes (a `String` key would merge canonically equivalent spellings).
    var nameIDs: [ExactText: Int32] = [:]
    var noSymbol: Int32 = -1

    init(dump: HanaDump, fullSymbols: Bool, foldSafe: Bool) {
        self.dump = dump
        self.fullSymbols = fullSymbols
        self.foldSafe = foldSafe
    }

    /// The frames of a thread block, innermost first, as name ids, and whether a pending exception follows them;
    /// nil when the block is better parsed by `thread(at:)` (the caller does).
    mutating func frames(_ base: UnsafePointer<UInt8>, _ row: HanaThreadRow, into ids: inout [Int32]) -> Bool? {
        var pos = row.bodyStart
        let end = row.bodyEnd
        while pos < end {
            let (e, next) = HanaText.lineEnd(base, from: pos, count: end)
            defer { pos = next }
            var i = pos
            while i < e, HanaText.isSpace(base[i]) { i += 1 }
            guard i < e else { continue }
            let c = base[i]
            if c == UInt8(ascii: "e"), HanaText.hasPrefix(base, i, e, "exception") {
                // As `thread(at:)` reads it: `exception throw location` alone is no frame; any other `exception`
                // line starts a pending exception, and no frame follows it. A non-ASCII byte right after the word
                // could join it in one character (the text is then compared by characters): that thread is parsed.
                let word = HanaText.hasPrefix(base, i, e, "exception throw location") ? 24 : 9
                if i + word < e, base[i + word] >= 0x80 { return nil }
                if word == 24 { continue }
                return true
            }
            guard c >= 0x30, c <= 0x39, let head = HanaFrame.head(base, pos, e) else { continue }
            if head.restStart < 0 {
                if noSymbol < 0 { noSymbol = nameID(frameName(HanaFrame(number: 0, address: 0, symbol: "<no symbol>"))) }
                ids.append(noSymbol)
                continue
            }
            if let id = frameTexts.value(base, head.restStart, head.restEnd) {
                ids.append(id)
                continue
            }
            // First time these bytes are seen: parse them once (as `HanaFrame.parse` would) and name them.
            let text = String(decoding: UnsafeBufferPointer(start: base + head.restStart,
                                                            count: head.restEnd - head.restStart), as: UTF8.self)
            let frame = HanaFrame.parseRest(number: head.number, address: head.address, rest: Array(text.utf8))
            let id = nameID(frameName(frame))
            frameTexts.insert(base, head.restStart, head.restEnd, value: id)
            ids.append(id)
        }
        return false
    }

    func frameName(_ f: HanaFrame) -> String { fullSymbols ? f.symbol : f.function }

    /// The id of a name (made folded-safe first when asked).
    mutating func nameID(_ name: String) -> Int32 {
        let n = foldSafe ? HanaDump.foldSafe(name) : name
        if let id = nameIDs[ExactText(n)] { return id }
        let id = Int32(out.names.count)
        out.names.append(n)
        nameIDs[ExactText(n)] = id
        return id
    }

    mutating func threadNameID(_ base: UnsafePointer<UInt8>, _ row: HanaThreadRow) -> Int32 {
        if let id = threadNames.value(base, row.nameStart, row.nameEnd) { return id }
        let id = nameID(HanaText.string(base, row.nameStart, row.nameEnd))
        threadNames.insert(base, row.nameStart, row.nameEnd, value: id)
        return id
    }
}

/// A string hashed and compared by its UTF-8 bytes.
struct ExactText: Hashable {
    let text: String
    init(_ text: String) { self.text = text }
    static func == (a: ExactText, b: ExactText) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    func hash(into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        for c in text.utf8 { hasher.combine(c) }
    }
}
