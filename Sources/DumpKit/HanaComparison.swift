import HanaReader

/// Two HANA dumps of one service compared beyond the allocator tree: IPMM figures per process and globally, and
/// thread stacks counted per dump (as SAP's Dump Analyzer diffs them: `+` new, `−` gone).
public struct HanaComparison: Encodable, Sendable {
    public struct ProcessRow: Encodable, Sendable, Equatable {
        public var pid: Int
        public var name: String
        public var oldAB: UInt64?
        public var newAB: UInt64?
        public var abDelta: Int64?
        public var oldUsed: UInt64?
        public var newUsed: UInt64?
        public var usedDelta: Int64?
        public var oldPAL: UInt64?
        public var newPAL: UInt64?
    }

    public struct GlobalRow: Encodable, Sendable, Equatable {
        public var name: String
        public var old: UInt64?
        public var new: UInt64?
        public var delta: Int64?
    }

    public struct StackRow: Encodable, Sendable, Equatable {
        /// Thread name and its top frames (symbols without offsets), innermost first.
        public var thread: String
        public var frames: [String]
        public var oldCount: Int
        public var newCount: Int
        /// `+` only in NEW, `-` only in OLD, `=` in both.
        public var status: String
    }

    public var processes: [ProcessRow]
    public var globals: [GlobalRow]
    public var stacks: [StackRow]

    static func delta(_ a: UInt64?, _ b: UInt64?) -> Int64? {
        guard let a, let b else { return nil }
        return Int64(bitPattern: b &- a)
    }

    public init(old: HanaDump, new: HanaDump, framesPerStack: Int = 6) {
        let oldProcs = old.oom?.processes ?? []
        let newProcs = new.oom?.processes ?? []
        var rows: [ProcessRow] = []
        var matched = Set<Int>()
        for p in newProcs {
            let o = oldProcs.firstIndex { $0.pid == p.pid && $0.name == p.name }
                ?? oldProcs.firstIndex { $0.name == p.name && !matched.contains($0.pid) }
            let op = o.map { oldProcs[$0] }
            if let op { matched.insert(op.pid) }
            rows.append(ProcessRow(pid: p.pid, name: p.name, oldAB: op?.ab, newAB: p.ab,
                                   abDelta: HanaComparison.delta(op?.ab, p.ab), oldUsed: op?.used, newUsed: p.used,
                                   usedDelta: HanaComparison.delta(op?.used, p.used), oldPAL: op?.pal, newPAL: p.pal))
        }
        for op in oldProcs where !matched.contains(op.pid) && !newProcs.contains(where: { $0.name == op.name }) {
            rows.append(ProcessRow(pid: op.pid, name: op.name, oldAB: op.ab, newAB: nil, abDelta: nil,
                                   oldUsed: op.used, newUsed: nil, usedDelta: nil, oldPAL: op.pal, newPAL: nil))
        }
        processes = rows.sorted { ($0.abDelta ?? .min) > ($1.abDelta ?? .min) }
        var globals: [GlobalRow] = []
        let names = (old.oom?.globalKeys ?? []) + (new.oom?.globalKeys ?? []).filter { !(old.oom?.globalKeys ?? []).contains($0) }
        func value(_ d: HanaDump, _ key: String) -> UInt64? {
            guard let oom = d.oom, let i = oom.globalKeys.firstIndex(of: key), i < oom.globalValues.count else { return nil }
            return oom.globalValues[i]
        }
        for key in names {
            let a = value(old, key), b = value(new, key)
            globals.append(GlobalRow(name: key, old: a, new: b, delta: HanaComparison.delta(a, b)))
        }
        let ta = old.oom?.totalAllocated, tb = new.oom?.totalAllocated
        if ta != nil || tb != nil {
            globals.append(GlobalRow(name: "TOTAL_ALLOCATED", old: ta, new: tb, delta: HanaComparison.delta(ta, tb)))
        }
        self.globals = globals
        func stacks(_ d: HanaDump) -> [String: (String, [String], Int)] {
            var out: [String: (String, [String], Int)] = [:]
            for i in 0..<d.threads.count {
                let t = d.thread(at: i)
                let frames = t.frames.prefix(framesPerStack).map(\.symbol)
                // Worker pools number their threads (JobWrk0046): group them by the name without the number.
                var name = Substring(t.entry.name)
                while let last = name.last, last.isNumber { name.removeLast() }
                let shown = name.count < t.entry.name.count ? String(name) + "*" : String(name)
                let key = shown + "\u{1}" + frames.joined(separator: "\u{1}")
                out[key, default: (shown, frames, 0)].2 += 1
            }
            return out
        }
        let a = stacks(old), b = stacks(new)
        var stackRows: [StackRow] = []
        for key in Set(a.keys).union(b.keys) {
            let info = b[key] ?? a[key]!
            let oc = a[key]?.2 ?? 0, nc = b[key]?.2 ?? 0
            stackRows.append(StackRow(thread: info.0, frames: info.1, oldCount: oc, newCount: nc,
                                      status: oc == 0 ? "+" : nc == 0 ? "-" : "="))
        }
        self.stacks = stackRows.sorted {
            let da = abs($0.newCount - $0.oldCount), db = abs($1.newCount - $1.oldCount)
            if da != db { return da > db }
            if $0.thread != $1.thread { return $0.thread < $1.thread }
            return $0.frames.lexicographicallyPrecedes($1.frames)
        }
    }
}
