#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput
import DumpProgress
import HeapGraph

/// The one pass over the mapped dump: finds the preamble, the table of contents and every section, and indexes
/// `[STACK_SHORT]` threads, `[THREADS]` lines and `[STATISTICS]` views on the way. Nothing big is copied; pages
/// already read are released so that a 2 GB dump does not stay resident.
struct HanaScan {
    var sections: [HanaSection] = []
    var toc: [HanaTOCEntry] = []
    var preamble: [(line: Int, text: String)] = []
    /// `[STACK_SHORT]` threads and `[THREADS]` lines: numbers and byte ranges, in `ArrayStorage`.
    var threads: GrowableArray<HanaThreadRow>
    var threadInfos: GrowableArray<HanaThreadInfoRow>
    var views: [HanaView] = []
    var warnings: [String] = []
    /// Warnings not kept in `warnings` (beyond `HanaWarningCap.limit`), counted.
    var droppedWarnings = 0
    var lineCount = 0

    init(storage: ArrayStorage) {
        threads = storage.growable(HanaThreadRow.self)
        threadInfos = storage.growable(HanaThreadInfoRow.self)
    }

    static func run(_ file: MappedFile, storage: ArrayStorage, progress: ProgressSink?) -> HanaScan {
        var scanner = HanaScanner(file: file, storage: storage, progress: progress)
        scanner.scan()
        return scanner.out
    }
}

/// The pass itself: a cursor over the lines and what is open at the cursor (section, thread, view). Each kind of
/// line has its own method; `scan` only dispatches.
private struct HanaScanner {
    enum Kind { case other, stackShort, threads, statistics }

    let file: MappedFile
    let progress: ProgressSink?
    let base: UnsafePointer<UInt8>
    let count: Int
    var out: HanaScan
    var line = 0
    var kind = Kind.other
    var openSection = -1
    /// The thread being read; appended to `out.threads` when it closes.
    var openThread: HanaThreadRow?
    var inException = false
    var openView = -1
    var viewNeedsColumns = false
    var footer: [UInt8] = []
    var lastRelease = 0
    var nextMark = HanaScanner.chunk
    /// Pages are released and progress reported every `chunk` bytes.
    static let chunk = 64 << 20

    init(file: MappedFile, storage: ArrayStorage, progress: ProgressSink?) {
        self.file = file
        out = HanaScan(storage: storage)
        self.progress = progress
        base = file.base.assumingMemoryBound(to: UInt8.self)
        count = file.count
    }

    mutating func scan() {
        var pos = 0
        while pos < count {
            line += 1
            let start = pos
            let (end, next) = HanaText.lineEnd(base, from: pos, count: count)
            pos = next
            if start >= nextMark { releaseAndReport(upTo: start) }
            if end > start, base[start] == UInt8(ascii: "["), headerLine(start, end, next) { continue }
            if openSection < 0 {
                preambleLine(start, end)
                continue
            }
            switch kind {
            case .other: break
            case .stackShort: stackShortLine(start, end, next)
            case .threads: threadsLine(start, end)
            case .statistics: statisticsLine(start, end, next)
            }
        }
        finish()
    }

    /// Keeps the first `HanaWarningCap.limit` warnings of the pass and counts the others.
    private mutating func warn(_ text: String) {
        if out.warnings.count < HanaWarningCap.limit { out.warnings.append(text) } else { out.droppedWarnings += 1 }
    }

    private mutating func releaseAndReport(upTo start: Int) {
        nextMark = start + HanaScanner.chunk
        file.release(lastRelease..<start)
        lastRelease = start
        progress?.phase("reading", Double(start) / Double(count))
    }

    private mutating func closeThread(at offset: Int) {
        if var t = openThread {
            t.bodyEnd = offset
            out.threads.append(t)
        }
        openThread = nil
        inException = false
    }

    /// `[OK]`, a section header or a table-of-contents entry; false when the line is none of these here.
    private mutating func headerLine(_ start: Int, _ end: Int, _ next: Int) -> Bool {
        switch HanaHeaderLine.classify(base, start, end) {
        case .ok where openView < 0 || kind == .statistics:
            if openView >= 0 {
                out.views[openView].rowsEnd = start
                out.views[openView].complete = false
                warn("line \(line): view \(out.views[openView].name) has no footer "
                                    + "\"(\(out.views[openView].name), … rows)\" before [OK]")
                openView = -1
            }
            closeThread(at: start)
            if openSection >= 0 {
                out.sections[openSection].bodyEnd = start
                out.sections[openSection].complete = true
                openSection = -1
            }
            kind = .other
        case .header(let tag, let description, let timestamp) where openView < 0 || timestamp != nil:
            beginSection(tag: tag, description: description, timestamp: timestamp, start, next)
        case .tocEntry(let tag, let description) where out.sections.isEmpty:
            out.toc.append(HanaTOCEntry(tag: tag, description: description))
        default:
            return false
        }
        return true
    }

    private mutating func beginSection(tag: String, description: String, timestamp: String?, _ start: Int,
                                      _ next: Int) {
        if openView >= 0 {
            out.views[openView].rowsEnd = start
            warn("line \(line): view \(out.views[openView].name) has no footer before the next section")
            openView = -1
        }
        closeThread(at: start)
        if openSection >= 0 {
            out.sections[openSection].bodyEnd = start
            warn("line \(line): section [\(out.sections[openSection].tag)] (line "
                                + "\(out.sections[openSection].headerLine)) has no [OK] before the next section")
            openSection = -1
        }
        out.sections.append(HanaSection(tag: tag, description: description, timestamp: timestamp,
                                        headerLine: line, bodyStart: next, bodyEnd: next, complete: false))
        openSection = out.sections.count - 1
        switch tag {
        case "STACK_SHORT": kind = .stackShort
        case "THREADS": kind = .threads
        case "STATISTICS": kind = .statistics
        default: kind = .other
        }
    }

    private mutating func preambleLine(_ start: Int, _ end: Int) {
        if out.sections.isEmpty, out.toc.isEmpty, end > start, out.preamble.count < 64 {
            out.preamble.append((line, HanaText.string(base, start, min(end, start + 4096))))
        }
    }

    /// `[STACK_SHORT]`: `--` ends a thread, `<digits>[thr=…` starts one, ` N: 0x…` is a frame.
    private mutating func stackShortLine(_ start: Int, _ end: Int, _ next: Int) {
        if HanaText.equals(base, start, end, "--") {
            closeThread(at: start)
            return
        }
        if end > start, base[start] >= 0x30, base[start] <= 0x39,
           let (ctx, after) = HanaText.decimal(base, start, end), after < end, base[after] == UInt8(ascii: "["),
           HanaText.hasPrefix(base, after, end, "[thr=") {
            threadHeader(context: ctx, after: after, start, end, next)
            return
        }
        guard openThread != nil else { return }
        var i = start
        while i < end, HanaText.isSpace(base[i]) { i += 1 }
        if HanaText.hasPrefix(base, i, end, "exception") {
            if !HanaText.hasPrefix(base, i, end, "exception throw location") {
                openThread?.exceptionCount += 1
            }
            inException = true
        } else if !inException, i < end, base[i] >= 0x30, base[i] <= 0x39,
                  let (_, after) = HanaText.decimal(base, i, end), after < end, base[after] == UInt8(ascii: ":") {
            openThread?.frameCount += 1
        }
    }

    private mutating func threadHeader(context ctx: UInt64, after: Int, _ start: Int, _ end: Int, _ next: Int) {
        closeThread(at: start)
        guard let (tid, close) = HanaText.decimal(base, after + 5, end), close < end,
              base[close] == UInt8(ascii: "]") else {
            warn("line \(line) (byte \(start)): cannot read the thread id in a [STACK_SHORT] thread header "
                 + "(expected <context>[thr=<digits>]…)")
            return
        }
        var nameStart = close + 1
        if nameStart < end, base[nameStart] == UInt8(ascii: ":") { nameStart += 1 }
        while nameStart < end, base[nameStart] == 0x20 { nameStart += 1 }
        var nameEnd = end
        var active = true
        let text = HanaText.string(base, nameStart, end)
        if text.hasSuffix(" is inactive") {
            active = false
            nameEnd = end - " is inactive".utf8.count
        } else if text.hasSuffix(" at") {
            nameEnd = end - 3
        } else if text == "at" {
            nameEnd = nameStart
        }
        openThread = HanaThreadRow(context: ctx, tid: tid, nameStart: nameStart, nameEnd: max(nameStart, nameEnd),
                                   headerLine: line, frameCount: 0, exceptionCount: 0, bodyStart: next, bodyEnd: next,
                                   active: active)
    }

    /// `[THREADS]`: the thread id and connection id of each line; the rest is parsed on demand.
    private mutating func threadsLine(_ start: Int, _ end: Int) {
        let limit = min(end, start + 48)
        guard let thr = HanaText.find(base, start, limit, "[thr="),
              let (tid, _) = HanaText.decimal(base, thr + 5, end) else { return }
        var cid = HanaThreadInfoRow.noConnection
        if let c = HanaText.find(base, thr, min(end, thr + 400), ", CID: ") {
            var j = c + 7
            var negative = false
            if j < end, base[j] == UInt8(ascii: "-") { negative = true; j += 1 }
            if let (v, _) = HanaText.decimal(base, j, end), v <= UInt64(Int64.max) {
                cid = negative ? -Int64(v) : Int64(v)
            }
        }
        out.threadInfos.append(HanaThreadInfoRow(tid: tid, connectionID: cid, start: start, end: end, line: line))
    }

    /// `[STATISTICS]`: a view header, its column line, its rows and its `(<NAME>, … rows)` footer.
    private mutating func statisticsLine(_ start: Int, _ end: Int, _ next: Int) {
        if openView >= 0 {
            if viewNeedsColumns {
                let (cols, delim) = HanaView.header(HanaText.string(base, start, end))
                out.views[openView].columns = cols
                out.views[openView].delimiter = delim
                out.views[openView].rowsStart = next
                out.views[openView].rowsEnd = next
                viewNeedsColumns = false
            } else if end - start >= footer.count, base[start] == UInt8(ascii: "("),
                      footer.withUnsafeBufferPointer({ memcmp(base + start, $0.baseAddress!, $0.count) == 0 }) {
                out.views[openView].rowsEnd = start
                out.views[openView].complete = true
                openView = -1
            } else {
                out.views[openView].lineCount += 1
            }
            return
        }
        guard end > start, let (name, title) = HanaScan.viewHeader(base, start, end) else { return }
        out.views.append(HanaView(name: name, title: title, line: line, columns: [], delimiter: 0x3B,
                                  lineCount: 0, rowsStart: next, rowsEnd: next, complete: false))
        openView = out.views.count - 1
        viewNeedsColumns = true
        footer = Array("(\(name),".utf8)
    }

    /// The end of the file: close what is still open (a truncated dump keeps what is complete).
    private mutating func finish() {
        out.lineCount = line
        closeThread(at: count)
        if out.droppedWarnings > 0 { out.warnings.append(HanaWarningCap.moreLine(out.droppedWarnings)) }
        if openView >= 0 {
            out.views[openView].rowsEnd = count
            out.warnings.append("line \(line): the file ends inside view \(out.views[openView].name) (line "
                                + "\(out.views[openView].line)); its rows are kept")
        }
        if openSection >= 0 {
            out.sections[openSection].bodyEnd = count
            out.warnings.append("line \(line): the file ends inside section [\(out.sections[openSection].tag)] "
                                + "(line \(out.sections[openSection].headerLine)): the dump is truncated; what is "
                                + "complete is kept")
        }
        file.release(lastRelease..<count)
        progress?.phase("reading", 1)
    }
}

extension HanaScan {
    /// `<VIEW_NAME> - <text>` (the Dump Viewer's rule: the second blank-separated token is `-`).
    fileprivate static func viewHeader(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (String, String)? {
        var i = start
        while i < end, i - start < 128 {
            let c = base[i]
            let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
                || c == 0x24 || c == 0x23 || c == 0x2E || c == 0x2F
            if !ok { break }
            i += 1
        }
        guard i > start, i < end, base[i] == 0x20, i + 1 < end, base[i + 1] == UInt8(ascii: "-"),
              i + 2 == end || base[i + 2] == 0x20 else { return nil }
        let name = HanaText.string(base, start, i)
        let title = i + 3 <= end ? HanaText.string(base, min(i + 3, end), end).trimmed : ""
        return (name, title)
    }
}
