import DumpInput

/// Derives the verdict from the parsed dump (rules of the reference, §7): the limit check, top allocators with
/// hints, the culprit thread and its statement, fragmentation, and for crashes the signal, crashing thread and
/// possible root cause.
struct HanaVerdictBuilder {
    let file: MappedFile
    let scan: HanaModelScan
    let process: HanaProcessInfo
    let oom: HanaOOMInfo?
    let crash: HanaCrashInfo?
    let tree: HanaAllocatorTree

    private func view(_ name: String) -> HanaView? { scan.views.first { $0.name == name } }

    private func thread(tid: UInt64) -> HanaThread? {
        scan.threads.index(tid: tid).map { HanaDump.parseThread(scan.threads[$0], file: file) }
    }

    private func info(tid: UInt64) -> HanaThreadInfo? {
        guard let ref = scan.threadInfos.first(tid: tid) else { return nil }
        return HanaThreadInfo.parse(HanaText.string(file.base.assumingMemoryBound(to: UInt8.self), ref.start, ref.end),
                                    line: ref.line)
    }

    /// First row of `view` whose `column` equals `value`, as a column → field map.
    private func row(_ viewName: String, where column: String, equals value: String) -> [String: String]? {
        guard let v = view(viewName), let c = v.columnIndex(column) else { return nil }
        var found: [String: String]?
        HanaDump.forEachRow(file, view: v) { f, _ in
            guard c < f.count, f[c].trimmed == value else { return true }
            var m: [String: String] = [:]
            for (i, name) in v.columns.enumerated() where i < f.count { m[name] = f[i] }
            found = m
            return false
        }
        return found
    }

    private func threadIDs(_ viewName: String, where column: String, equals value: String) -> [UInt64] {
        guard let v = view(viewName), let c = v.columnIndex(column), let t = v.columnIndex("THREAD_ID") else { return [] }
        var out: [UInt64] = []
        HanaDump.forEachRow(file, view: v) { f, _ in
            if c < f.count, t < f.count, f[c].trimmed == value, let tid = UInt64(f[t].trimmed) { out.append(tid) }
            return true
        }
        return out
    }

    func threadRef(_ t: HanaThread, info: HanaThreadInfo?, frames: [HanaFrame]? = nil) -> HanaVerdict.ThreadRef {
        let hash = row("M_SERVICE_THREADS", where: "THREAD_ID", equals: String(t.entry.tid))?["STATEMENT_HASH"]
        return HanaVerdict.ThreadRef(id: t.entry.id, tid: t.entry.tid, name: t.entry.name,
                                     state: info?.state ?? (t.entry.active ? "active" : "inactive"),
                                     connectionID: info?.connectionID,
                                     statementHash: (hash?.isEmpty ?? true) ? nil : hash,
                                     topFrames: (frames ?? t.frames).prefix(8).map(frameSummary),
                                     exception: t.exceptions.first.map { "\($0.code) \($0.text)" })
    }

    /// The statement of a thread: connection, hash, text, and the threads working for it.
    func statement(of ref: HanaVerdict.ThreadRef, info: HanaThreadInfo?) -> HanaVerdict.Statement? {
        var threads: [UInt64] = [ref.tid]
        if let hash = ref.statementHash {
            threads += threadIDs("M_SERVICE_THREADS", where: "STATEMENT_HASH", equals: hash)
        } else if let cid = ref.connectionID, cid > 0 {
            threads += scan.threadInfos.tids(connection: cid)
        }
        var seen = Set<UInt64>()
        threads = threads.filter { seen.insert($0).inserted }
        var text: String?
        if let hash = ref.statementHash {
            text = row("M_ACTIVE_STATEMENTS", where: "STATEMENT_HASH", equals: hash)?["STATEMENT_STRING"]
        }
        if text == nil, let d = info?.detail, !d.isEmpty { text = d }
        guard ref.connectionID != nil || ref.statementHash != nil || text != nil else { return nil }
        return HanaVerdict.Statement(connectionID: ref.connectionID, statementHash: ref.statementHash, text: text,
                                     threads: threads.map { "thr=\($0)" })
    }

    func topAllocators(used: UInt64?) -> [HanaVerdict.Allocator] {
        var rows: [HanaVerdict.Allocator] = []
        if tree.source != .none {
            for a in tree.byExclusive(limit: 10) {
                rows.append(.init(path: a.path, component: a.component, exclusive: a.exclusive, inclusive: a.inclusive,
                                  percentOfUsed: nil, hint: HanaAllocatorHints.hint(for: a.path)))
            }
        }
        let total = used ?? tree.totalInclusive
        if total > 0 {
            for i in rows.indices {
                rows[i].percentOfUsed = (Double(rows[i].exclusive) * 1000 / Double(total)).rounded() / 10
            }
        }
        return rows
    }

    func verdict() -> HanaVerdict {
        var v = HanaVerdict(kind: "runtime", failureType: nil, failedAllocationBytes: nil, pid: process.pid,
                            processName: process.executable, topAllocators: [], signal: nil, signalNumber: nil,
                            crashingThread: nil, headline: "", limit: nil, fragmentationPercent: nil,
                            culpritThread: nil, statement: nil, rootCauses: [], processes: [], findings: [])
        if let crash {
            crashVerdict(&v, crash)
        } else if let oom {
            oomVerdict(&v, oom)
        } else {
            v.topAllocators = topAllocators(used: nil)
            let all = scan.threads.indices
            let active = all.count { scan.threads.isActive($0) }
            v.headline = "Runtime dump of \(process.service ?? process.executable ?? "a HANA service")"
                + (process.pid.map { " (PID \($0))" } ?? "") + ": \(scan.threads.count) threads, \(active) active"
            v.findings.append(v.headline + ".")
            let withExceptions = all.lazy.filter { scan.threads.exceptionCount($0) > 0 }
            let count = withExceptions.count
            if count > 0 {
                v.findings.append("\(count) thread(s) have pending exceptions: " + withExceptions.prefix(5)
                    .map { "\(scan.threads[$0].id) \(scan.threads[$0].name)" }.joined(separator: ", ") + ".")
            }
            allocatorFindings(&v)
        }
        return v
    }

    private func oomVerdict(_ v: inout HanaVerdict, _ oom: HanaOOMInfo) {
        v.kind = "oom"
        v.failureType = oom.failureType
        v.failedAllocationBytes = oom.failedAllocationBytes
        v.pid = oom.pid ?? process.pid
        let me = oom.processes.first { $0.pid == v.pid }
        v.processName = me?.name ?? oom.executable ?? process.executable
        v.fragmentationPercent = oom.fragmentationPercent
        v.processes = oom.processes.map { .init(pid: $0.pid, name: $0.name, pal: $0.pal, allocated: $0.ab, used: $0.used) }
        v.topAllocators = topAllocators(used: me?.used)
        let who = "\(v.processName ?? "the process")" + (v.pid.map { " (PID \($0))" } ?? "")
        let request = oom.failedAllocationBytes
        let type = oom.failureType ?? "unknown failure type"
        v.headline = "Out of memory: \(who) failed to allocate "
            + (request.map { HanaSize.format($0) } ?? "memory") + " — \(type)" + (oom.earlyExit ? " (early exit)" : "")
        v.findings.append(v.headline + ".")

        limitFindings(&v, oom, me: me, type: type)
        if let pct = oom.fragmentationPercent {
            v.findings.append("Heap memory fragmentation: \(pct)%"
                + (pct >= 20 ? " — high: allocated but unused heap; try hdbcons \"mm gc -f\" / defragmentation." : "."))
        }
        if let me, let ab = me.ab, let u = me.used, ab > 0, ab >= u {
            let pct = Int((ab - u) * 100 / ab)
            if pct >= 20 {
                v.findings.append("\(me.name) holds \(HanaSize.format(ab - u)) (\(pct)%) of its AB unused "
                                  + "(FSL/FMC/fragmentation).")
            }
        }
        allocatorFindings(&v)

        culpritFindings(&v, oom)
    }

    /// The limit that was hit, checked against the numbers: PAL, GAL, or a statement's composite limit.
    private func limitFindings(_ v: inout HanaVerdict, _ oom: HanaOOMInfo, me: HanaIPMMProcess?, type: String) {
        let request = oom.failedAllocationBytes
        let upper = type.uppercased()
        if upper.contains("PROCESS_ALLOCATION_LIMIT"), let me, let pal = me.pal, let ab = me.ab {
            palCheck(&v, oom, me: me, pal: pal, ab: ab)
        } else if upper.contains("GLOBAL_ALLOCATION_LIMIT"), let gal = oom.globalAllocationLimit {
            let allocated = oom.totalAllocated ?? ((oom.sumAB ?? 0) &+ (oom.sharedMemory ?? 0) &+ (oom.codeSize ?? 0))
            var parts = [HanaVerdict.LimitCheck.Part(name: "total allocated (Σ AB + shared memory + code)", bytes: allocated)]
            if let request { parts.append(.init(name: "request", bytes: request)) }
            let total = parts.reduce(UInt64(0)) { $0 &+ $1.bytes }
            let over = Int64(bitPattern: total &- gal)
            v.limit = .init(limit: "GAL", limitBytes: gal, parts: parts, totalBytes: total, overByBytes: over, note: nil)
            v.findings.append("GAL \(HanaSize.format(gal)): total allocated \(HanaSize.format(allocated))"
                + (request.map { " + request \(HanaSize.format($0))" } ?? "") + " = \(HanaSize.format(total)), "
                + (over >= 0 ? "\(HanaSize.format(UInt64(over))) over the limit." : "\(HanaSize.format(over.magnitude)) below it."))
            let ranked = oom.processes.sorted { ($0.ab ?? 0) > ($1.ab ?? 0) }
            if let biggest = ranked.first, biggest.pid != v.pid {
                v.findings.append("The largest process is \(biggest.name) (PID \(biggest.pid), AB "
                    + "\(HanaSize.format(biggest.ab ?? 0))), not the failing one: look at that service first.")
            }
        } else if oom.compositeLimit || upper.contains("COMPOSITE") || upper.contains("STATEMENT") {
            v.findings.append("A statement memory limit (composite limit) was hit: the statement below is the "
                              + "cause, not the system as a whole.")
        }
    }

    /// The process allocation limit: AB + shared memory + the request against the PAL; when that fits, the
    /// effective limit the GAL left.
    private func palCheck(_ v: inout HanaVerdict, _ oom: HanaOOMInfo, me: HanaIPMMProcess, pal: UInt64, ab: UInt64) {
        let request = oom.failedAllocationBytes
        var parts = [HanaVerdict.LimitCheck.Part(name: "AB", bytes: ab)]
        var note: String?
        if let shared = ownSharedMemory() {
            parts.append(.init(name: "own shared memory", bytes: shared))
        } else if let shared = oom.sharedMemory {
            parts.append(.init(name: "shared memory (all processes; own share unknown)", bytes: shared))
        }
        if let request { parts.append(.init(name: "request", bytes: request)) }
        let total = parts.reduce(UInt64(0)) { $0 &+ $1.bytes }
        let over = Int64(bitPattern: total &- pal)
        if over < 0 {
            var n = "the request fits below the PAL; the effective allocation limit was lower"
            if let gal = oom.globalAllocationLimit {
                let others = oom.processes.filter { $0.pid != me.pid }.reduce(UInt64(0)) { $0 &+ ($1.ab ?? 0) }
                let eff = Int64(bitPattern: gal &- others &- (oom.sharedMemory ?? 0) &- (oom.codeSize ?? 0))
                n += ": GAL − other processes' AB − shared memory − code = \(HanaSize.formatSigned(eff))"
                let sumPAL = oom.processes.reduce(UInt64(0)) { $0 &+ ($1.pal ?? 0) }
                if sumPAL > gal { n += "; the PALs add up to \(HanaSize.format(sumPAL)), more than the GAL" }
            }
            note = n
        }
        v.limit = .init(limit: "PAL", limitBytes: pal, parts: parts, totalBytes: total, overByBytes: over, note: note)
        v.findings.append("PAL \(HanaSize.format(pal)): " + parts.map { "\($0.name) \(HanaSize.format($0.bytes))" }
            .joined(separator: " + ") + " = \(HanaSize.format(total)), "
            + (over >= 0 ? "\(HanaSize.format(UInt64(over))) over the limit." : "\(HanaSize.format(over.magnitude)) below it.")
            + (note.map { " Note: \($0)." } ?? ""))
    }

    /// The culprit: the thread whose stack is the OOM callstack; pending exceptions only corroborate.
    private func culpritFindings(_ v: inout HanaVerdict, _ oom: HanaOOMInfo) {
        let request = oom.failedAllocationBytes
        if let found = HanaCulprit.find(oom: oom, threads: scan.threads, file: file) {
            let t = found.thread
            let inf = info(tid: t.entry.tid)
            let ref = threadRef(t, info: inf)
            v.culpritThread = ref
            v.culpritEvidence = found.explanation(request: request)
            v.statement = statement(of: ref, info: inf)
            var s = "Culprit: thread \(ref.id) (\(ref.name)) — " + found.explanation(request: request)
            if let st = v.statement {
                var about: [String] = []
                if let c = st.connectionID { about.append("connection \(c)") }
                if let h = st.statementHash { about.append("statement hash \(h)") }
                if !about.isEmpty { s += ". Its " + about.joined(separator: ", ") }
                if let text = st.text {
                    s += (about.isEmpty ? ". Its statement" : "") + ": \(text.count > 300 ? String(text.prefix(300)) + "…" : text)"
                }
                if st.threads.count > 1 {
                    s += ". \(st.threads.count - 1) more thread(s) work for the same statement: "
                        + st.threads.dropFirst().prefix(8).joined(separator: ", ")
                        + (st.threads.count > 9 ? ", …" : "")
                }
            }
            v.findings.append(s + ".")
            if let note = found.otherFailureNote() { v.findings.append(note) }
        } else if !oom.callstack.isEmpty {
            v.findings.append("No thread in [STACK_SHORT] has the OOM callstack's stack, and no thread has a pending "
                              + "allocation-failure exception: the culprit is unknown.")
        }
    }

    private func allocatorFindings(_ v: inout HanaVerdict) {
        guard !v.topAllocators.isEmpty else { return }
        var s = "Top allocators by exclusive size: "
        s += v.topAllocators.prefix(3).map { a in
            "\(a.path) \(HanaSize.format(a.exclusive))" + (a.percentOfUsed.map { " (\($0)% of used)" } ?? "")
        }.joined(separator: ", ")
        v.findings.append(s + ".")
        var hinted = Set<String>()
        for a in v.topAllocators.prefix(3) {
            guard let h = a.hint, hinted.insert(h).inserted else { continue }
            v.findings.append("\(a.path): \(h).")
        }
    }

    /// SHARED_MEMORY_ALLOCATED_SIZE of the failing process from M_SERVICE_MEMORY, when the dump has it.
    private func ownSharedMemory() -> UInt64? {
        guard let pid = oom?.pid ?? process.pid,
              let r = row("M_SERVICE_MEMORY", where: "PROCESS_ID", equals: String(pid)) else { return nil }
        return r["SHARED_MEMORY_ALLOCATED_SIZE"].flatMap { UInt64($0.trimmed) }
    }

    private func crashVerdict(_ v: inout HanaVerdict, _ crash: HanaCrashInfo) {
        v.kind = "crash"
        v.signalNumber = crash.signalNumber
        v.signal = crash.signalName ?? crash.signalNumber.map { "SIGNAL \($0)" }
        v.topAllocators = topAllocators(used: nil)
        var crashing: HanaThread?
        if let tid = crash.threadTID { crashing = thread(tid: tid) }
        let frames = crash.causeFrames.isEmpty ? nil : crash.causeFrames
        if let t = crashing {
            let inf = info(tid: t.entry.tid)
            let ref = threadRef(t, info: inf, frames: frames ?? t.frames)
            v.crashingThread = ref
            v.statement = statement(of: ref, info: inf)
        } else if let tid = crash.threadTID {
            v.crashingThread = .init(id: "thr=\(tid)", tid: tid, name: crash.threadName ?? "?", state: nil,
                                     connectionID: nil, statementHash: nil,
                                     topFrames: (frames ?? []).prefix(8).map(frameSummary), exception: nil)
        }
        var causes = crash.pendingExceptions
        if causes.isEmpty, let t = crashing { causes = t.exceptions }
        v.rootCauses = causes.map {
            .init(code: $0.code, location: $0.location, text: $0.text, frames: $0.throwLocation.prefix(5).map(frameSummary))
        }
        let who = v.crashingThread.map { "thread \($0.id) (\($0.name))" } ?? "an unknown thread"
        v.headline = "Crash: " + (crash.signalNumber.map { "signal \($0)" } ?? "signal")
            + (crash.signalName.map { " (\($0))" } ?? "") + " in \(who) of "
            + (process.executable ?? process.service ?? "the service") + (process.pid.map { " (PID \($0))" } ?? "")
        v.findings.append(v.headline + ".")
        if let top = v.crashingThread?.topFrames.first {
            v.findings.append("Crashed in \(top).")
        }
        for c in v.rootCauses {
            v.findings.append("Possible root cause (pending exception \(c.code) at \(c.location)): \(c.text)"
                              + (c.frames.first.map { ", thrown in \($0)" } ?? "") + ".")
        }
        if let st = v.statement, let text = st.text {
            v.findings.append("Statement of the crashing thread" + (st.connectionID.map { " (connection \($0))" } ?? "")
                              + ": \(text.count > 300 ? String(text.prefix(300)) + "…" : text).")
        }
    }
}
