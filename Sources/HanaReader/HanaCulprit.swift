import DumpInput

/// Which thread hit the memory limit. The OOM block's "Current callstack" is the stack of the thread that failed
/// (it runs through the OOM handler: `ReportMemoryProblems::dumpOOM`, `ProvideMemoryImpl::handleOOM`, the allocator
/// frames, then the caller); that thread is found in `[STACK_SHORT]` by comparing stacks. Pending allocation-failure
/// exceptions only corroborate: the failing thread usually has none yet (the dump is written before the failure is
/// thrown), and other threads may still carry one from an earlier failure.
struct HanaCulprit {
    enum Evidence: Equatable {
        /// The thread's stack ends with the same frames as the OOM callstack: `matched` of `callstack` frames
        /// (counted from the outermost frame), and no other thread's stack matches as many.
        case callstack(matched: Int, of: Int)
        /// No usable callstack: the thread whose pending allocation-failure exception is for the failed size
        /// (`sizeMatches`), else the first thread with one.
        case exception(sizeMatches: Bool)
    }

    var thread: HanaThread
    var evidence: Evidence
    /// Why the callstack did not decide, when it did not (no callstack, no thread matches, a tie).
    var callstackProblem: String?
    /// The first (up to 5) other threads with pending allocation-failure exceptions (earlier failures), with that
    /// exception, and how many there are in all.
    var otherFailures: [(thread: HanaThread, exception: HanaException)]
    var otherFailureCount: Int

    /// The frame as compared across sections: its symbol (addresses and offsets differ between builds and
    /// sections), or the address when the frame is unresolved.
    static func key(_ f: HanaFrame) -> String {
        f.symbol == "<no symbol>" || f.symbol.isEmpty ? "@\(f.address)" : f.symbol
    }

    /// How many frames the two stacks share at their outer end (both are innermost first).
    static func commonOuterFrames(_ a: [String], _ b: [String]) -> Int {
        var n = 0
        while n < a.count, n < b.count, a[a.count - 1 - n] == b[b.count - 1 - n] { n += 1 }
        return n
    }

    /// The culprit among `threads` for the OOM block `oom`; nil when neither the callstack nor an exception names one.
    /// One pass in file order over the threads that can matter, each parsed, weighed and dropped: only the best
    /// match so far and the failing threads' indices are kept (`HanaCulpritSearch`), so a trace with millions of
    /// threads needs no more memory than one with ninety.
    static func find(oom: HanaOOMInfo, threads: HanaThreadTable, file: MappedFile) -> HanaCulprit? {
        let callstack = oom.callstack.map(key)
        var search = HanaCulpritSearch(callstack: callstack, request: oom.failedAllocationBytes,
                                       storage: threads.rows.isMapped ? .outOfCore() : .memory)
        // Parse only the threads that can matter: those with exceptions, and those whose frame at the outer depth
        // `enough` is the callstack's (a quick look at one line; a dump can have 100 000 threads).
        let enough = search.enough
        let probe = callstack.isEmpty ? nil : callstack[callstack.count - enough]
        // Read streaming (the tables in temporary files), the trace's pages read here are given back every 64 MiB.
        let releases = threads.isMapped
        var released = 0
        for i in threads.indices {
            let row = threads.rows[i]
            if releases, row.bodyStart - released >= 64 << 20 {
                file.release(released..<row.bodyStart)
                released = row.bodyStart
            }
            if row.exceptionCount == 0 {
                guard let probe, row.frameCount >= enough else { continue }
                if let f = outerFrame(row.bodyStart, row.bodyEnd, depth: enough - 1, file: file), key(f) != probe {
                    continue
                }
            }
            search.weigh(HanaDump.parseThread(threads[i], file: file), index: i)
        }
        return search.verdict(threads: threads, file: file)
    }

    /// The frame `depth` frames from the outer end of a thread's stack, read from its one line (the frames are the
    /// lines `N: …` before the first `exception` line, as the scanner counts them); nil when it cannot be read.
    static func outerFrame(_ bodyStart: Int, _ bodyEnd: Int, depth: Int, file: MappedFile) -> HanaFrame? {
        let base = file.base.assumingMemoryBound(to: UInt8.self)
        var lines: [(Int, Int)] = []
        var pos = bodyStart
        while pos < bodyEnd {
            let (end, next) = HanaText.lineEnd(base, from: pos, count: bodyEnd)
            var i = pos
            while i < end, HanaText.isSpace(base[i]) { i += 1 }
            if HanaText.hasPrefix(base, i, end, "exception") { break }
            if i < end, base[i] >= 0x30, base[i] <= 0x39, let (_, after) = HanaText.decimal(base, i, end), after < end,
               base[after] == UInt8(ascii: ":") {
                lines.append((pos, end))
            }
            pos = next
        }
        guard depth < lines.count else { return nil }
        let (start, end) = lines[lines.count - 1 - depth]
        return HanaFrame.parse(HanaText.string(base, start, end))
    }

    /// How the culprit was identified, for the finding: `its stack matches the OOM callstack (14 of 14 frames); its
    /// pending exception agrees (2.25gb in allocator SearchAlloc)`.
    func explanation(request: UInt64?) -> String {
        var parts: [String] = []
        switch evidence {
        case .callstack(let matched, let of):
            parts.append(matched == of ? "its stack matches the OOM callstack (\(of) frames)"
                         : "its stack matches the OOM callstack in \(matched) of \(of) frames, more than any other thread's")
            if let p = callstackProblem { parts.append(p) }
            if let ex = thread.exceptions.first(where: \.isAllocationFailure) {
                if let request, let size = ex.allocationSize, size != request {
                    parts.append("its pending allocation-failure exception is for \(HanaSize.format(size)), not the "
                                 + "failed \(HanaSize.format(request)): an earlier failure")
                } else {
                    parts.append("its pending exception agrees (" + Self.describe(ex) + ")")
                }
            } else {
                parts.append("it has no pending exception")
            }
        case .exception(let sizeMatches):
            parts.append("identified by its pending allocation-failure exception"
                         + (sizeMatches ? " for the failed size" : " (the size does not match the failed request)")
                         + " (" + (thread.exceptions.first(where: \.isAllocationFailure).map(Self.describe) ?? "") + ")")
            if let p = callstackProblem { parts.append("not by the callstack: " + p) }
        }
        return parts.joined(separator: "; ")
    }

    /// Notes on the other threads' allocation-failure exceptions (they did not hit this limit).
    func otherFailureNote() -> String? {
        guard !otherFailures.isEmpty, case .callstack = evidence else { return nil }
        let list = otherFailures.prefix(4).map { "\($0.thread.entry.id) (\($0.thread.entry.name), " + Self.describe($0.exception) + ")" }
        return "Pending allocation-failure exceptions of other threads are earlier failures, not the one that hit the "
            + "limit: " + list.joined(separator: ", ") + (otherFailureCount > 4 ? ", …" : "") + "."
    }

    static func describe(_ ex: HanaException) -> String {
        var s = ex.allocationSize.map { HanaSize.format($0) } ?? ex.reason
        if let name = ex.allocatorName { s += " in allocator \(name)" }
        return s
    }
}
