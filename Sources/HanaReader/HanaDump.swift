import DumpInput
import DumpProgress
import HeapGraph

/// A SAP HANA runtime dump (`*.rtedump.*.trc`, `*.oom.trc`, `*.crashdump.*.trc`): its sections, the OOM block or
/// crash facts, the allocator tree (mapped onto the graph index so that `histogram` lists allocators and
/// `dominators` walks the tree), the threads with their stacks, the `[STATISTICS]` views and the verdict.
///
/// Loading reads the mapped file once; thread frames and view rows are parsed on demand from the mapping.
public final class HanaDump: Sendable {
    public let index: HeapIndex
    public let file: MappedFile
    /// Lines before the table of contents.
    public let preamble: [String]
    public let tableOfContents: [HanaTOCEntry]
    public let sections: [HanaSection]
    public let process: HanaProcessInfo
    /// `[BUILD]` as `Key : value` pairs.
    public let build: [(key: String, value: String)]
    public let oom: HanaOOMInfo?
    public let crash: HanaCrashInfo?
    public let allocators: HanaAllocatorTree
    /// Every `[STACK_SHORT]` thread in file order (rows in `ArrayStorage`, names read from the mapping).
    public let threads: HanaThreadTable
    public let views: [HanaView]
    public let verdict: HanaVerdict
    public let warnings: [String]
    /// Line count of the file.
    public let lineCount: Int
    private let threadInfos: HanaThreadInfoTable

    private init(index: HeapIndex, file: MappedFile, scan: HanaModelScan, process: HanaProcessInfo,
                 build: [(key: String, value: String)], oom: HanaOOMInfo?, crash: HanaCrashInfo?,
                 allocators: HanaAllocatorTree, verdict: HanaVerdict, warnings: [String]) {
        self.index = index
        self.file = file
        self.preamble = scan.preamble.map(\.text)
        self.tableOfContents = scan.toc
        self.sections = scan.sections
        self.process = process
        self.build = build
        self.oom = oom
        self.crash = crash
        self.allocators = allocators
        self.threads = scan.threads
        self.views = scan.views
        self.verdict = verdict
        self.warnings = warnings
        self.lineCount = scan.lineCount
        self.threadInfos = scan.threadInfos
    }

    /// `storage`: where the per-thread tables live, chosen by the memory budget when nil (tests force one; no
    /// warning is added then).
    public static func load(_ file: MappedFile, extraWarnings: [String] = [], progress: ProgressSink? = nil,
                            storage forced: ArrayStorage? = nil) throws(DumpError) -> HanaDump {
        var clock = PhaseClock()
        var timings: [PhaseTiming] = []
        let head = file.bytes.prefix(4096)
        if head.contains(0) {
            throw DumpError(file: file.path, offset: head.firstIndex(of: 0) ?? 0,
                            "not a SAP HANA runtime dump: expected text, found a NUL byte")
        }
        let (storage, streaming) = forced.map { ($0, []) } ?? HanaDump.storage(for: file, progress: progress)
        progress?.phase("reading", 0)
        let scan = HanaModelScan(HanaScan.run(file, storage: storage, progress: progress), file: file,
                                 storage: storage)
        timings.append(clock.lap("read"))
        if progress?.isCancelled == true { throw DumpError.cancelled(file: file.path) }
        guard !scan.sections.isEmpty else {
            throw DumpError(file: file.path, line: 1,
                            "not a SAP HANA runtime dump: found no section header such as "
                                + "\"[BUILD]  Build information: (2025-01-31 12:00:00 000 Local)\"")
        }
        var warnings = extraWarnings + streaming + scan.warnings
        let model = HanaModelBuilder(file: file, scan: scan)
        var modelWarnings: [String] = []
        let built = model.build(warnings: &modelWarnings)
        warnings += HanaWarningCap.cap(modelWarnings)
        timings.append(clock.lap("resolve"))
        if progress?.isCancelled == true { throw DumpError.cancelled(file: file.path) }

        let graph: HeapGraph
        let details: HanaGraphDetails
        do {
            (graph, details) = try HanaGraphDetails.graph(for: built.allocators)
        } catch {
            throw DumpError(file: file.path, "cannot index the allocator tree: \(error)")
        }
        timings.append(clock.lap("graph"))
        var facts: [(key: String, value: String)] = [("kind", built.verdict.kind)]
        if let s = built.process.service { facts.append(("service", s)) }
        if let h = built.process.host { facts.append(("host", h)) }
        if let p = built.process.port { facts.append(("port", String(p))) }
        if let p = built.process.pid { facts.append(("pid", String(p))) }
        if let t = built.verdict.failureType { facts.append(("failureType", t)) }
        if let s = built.verdict.signal { facts.append(("signal", s)) }
        facts.append(("sections", String(scan.sections.count)))
        facts.append(("threads", String(scan.threads.count)))
        facts.append(("views", String(scan.views.count)))
        facts.append(("allocatorSource", built.allocators.source.rawValue))
        let info = DumpInfo(format: .hana,
                            version: built.process.version.map { "SAP HANA \($0)" } ?? "SAP HANA runtime dump",
                            path: file.path, fileBytes: file.count, facts: facts, warnings: warnings)
        let index: HeapIndex
        do {
            index = try HeapIndex(graph: graph, details: details, info: info, readerTimings: timings,
                                  progress: progress)
        } catch {
            throw DumpError.cancelled(file: file.path)
        }
        file.adviseRandom()
        return HanaDump(index: index, file: file, scan: scan, process: built.process, build: built.build,
                        oom: built.oom, crash: built.crash, allocators: built.allocators, verdict: built.verdict,
                        warnings: warnings)
    }

    // MARK: - Sections

    public func section(_ tag: String) -> HanaSection? { sections.first { $0.tag == tag } }

    /// The body lines of a section with their 1-based line numbers (for small sections and display).
    public func lines(of section: HanaSection, limit: Int = .max) -> [(line: Int, text: String)] {
        HanaDump.lines(file, from: section.bodyStart, to: section.bodyEnd, firstLine: section.bodyFirstLine,
                       limit: limit)
    }

    static func lines(_ file: MappedFile, from start: Int, to end: Int, firstLine: Int,
                      limit: Int = .max) -> [(line: Int, text: String)] {
        let base = file.base.assumingMemoryBound(to: UInt8.self)
        var out: [(Int, String)] = []
        var pos = start
        var ln = firstLine
        while pos < end, out.count < limit {
            let (e, next) = HanaText.lineEnd(base, from: pos, count: end)
            out.append((ln, HanaText.string(base, pos, e)))
            pos = next
            ln += 1
        }
        return out
    }

    // MARK: - Threads

    /// The index in `threads` of the thread with OS id `tid`.
    public func threadIndex(tid: UInt64) -> Int? { threads.index(tid: tid) }

    /// A thread with its frames and pending exceptions, parsed from the mapping.
    public func thread(at i: Int) -> HanaThread {
        HanaDump.parseThread(threads[i], file: file)
    }

    static func parseThread(_ entry: HanaThreadEntry, file: MappedFile) -> HanaThread {
        let lines = HanaDump.lines(file, from: entry.bodyStart, to: entry.bodyEnd, firstLine: entry.headerLine + 1)
        var t = HanaThread(entry: entry, frames: [], exceptions: [], skippedLines: 0)
        var i = 0
        while i < lines.count {
            let text = lines[i].text
            let trimmed = text.trimmed
            if trimmed.isEmpty || trimmed == "--" { i += 1; continue }
            if trimmed.hasPrefix("exception"), let (ex, next) = HanaExceptionParser.parse(lines, at: i) {
                t.exceptions.append(ex)
                i = max(next, i + 1)
                continue
            }
            if t.exceptions.isEmpty, let f = HanaFrame.parse(text) {
                t.frames.append(f)
            } else {
                t.skippedLines += 1
            }
            i += 1
        }
        return t
    }

    /// The `[THREADS]` facts of a thread (connection, user, method, detail, state), when the dump has them.
    public func threadInfo(tid: UInt64) -> HanaThreadInfo? {
        guard let ref = threadInfos.first(tid: tid) else { return nil }
        let base = file.base.assumingMemoryBound(to: UInt8.self)
        return HanaThreadInfo.parse(HanaText.string(base, ref.start, ref.end), line: ref.line)
    }

    /// Thread ids of `[THREADS]` lines with this connection id.
    public func threadIDs(connection: Int64) -> [UInt64] {
        threadInfos.tids(connection: connection)
    }

    // MARK: - Views

    public func view(_ name: String) -> HanaView? { views.first { $0.name == name } }

    /// Calls `body` with each row of `view` split into fields and its first line number; `body` returns false to
    /// stop. A quoted field may span lines.
    public func forEachRow(of view: HanaView, _ body: ([String], Int) -> Bool) {
        HanaDump.forEachRow(file, view: view, body)
    }

    static func forEachRow(_ file: MappedFile, view: HanaView, _ body: ([String], Int) -> Bool) {
        let base = file.base.assumingMemoryBound(to: UInt8.self)
        var pos = view.rowsStart
        var ln = view.line + 2
        var pending: [UInt8] = []
        var pendingLine = 0
        while pos < view.rowsEnd {
            let (e, next) = HanaText.lineEnd(base, from: pos, count: view.rowsEnd)
            let bytes = UnsafeBufferPointer(start: base + pos, count: e - pos)
            pos = next
            ln += 1
            if pending.isEmpty {
                if bytes.isEmpty { continue }
                if let fields = HanaView.splitRow(Array(bytes), delimiter: view.delimiter) {
                    if !body(fields, ln - 1) { return }
                    continue
                }
                pending = Array(bytes)
                pendingLine = ln - 1
            } else {
                pending.append(0x0A)
                pending.append(contentsOf: bytes)
                if let fields = HanaView.splitRow(pending, delimiter: view.delimiter) {
                    pending.removeAll()
                    if !body(fields, pendingLine) { return }
                }
            }
        }
        if !pending.isEmpty, let fields = HanaView.splitRow(pending + [0x22], delimiter: view.delimiter) {
            _ = body(fields, pendingLine)
        }
    }

    /// All rows of a view.
    public func rows(of view: HanaView) -> [[String]] {
        var out: [[String]] = []
        forEachRow(of: view) { fields, _ in
            out.append(fields)
            return true
        }
        return out
    }
}
