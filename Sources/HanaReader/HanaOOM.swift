/// The out-of-memory block (`[MEMORY_OOM]`, also the start of `[MEMORY_LIMIT_VIOLATION]`): what failed, which limit,
/// the callstack, IPMM short info for every process, totals, fragmentation and the top allocator lists.
public struct HanaOOMInfo: Sendable, Equatable {
    public var sectionTag: String
    public var memoryType: String?
    public var host: String?
    public var executable: String?
    public var pid: Int?
    public var failedAllocationBytes: UInt64?
    /// `PROCESS_ALLOCATION_LIMIT`, `GLOBAL_ALLOCATION_LIMIT`, … (`COMPOSITE_LIMIT` for composite-limit dumps).
    public var failureType: String?
    /// `(early exit)` after the failure type.
    public var earlyExit: Bool = false
    public var compositeLimit: Bool = false
    public var callstack: [HanaFrame] = []
    public var provideMemoryIndex: Int?
    /// The `IPMM … short info:` globals (`GLOBAL_ALLOCATION_LIMIT`, `SHARED_MEMORY`, `CODE_SIZE`, …) in order.
    public var globalKeys: [String] = []
    public var globalValues: [UInt64] = []
    public var processes: [HanaIPMMProcess] = []
    /// `[Some processes may have been skipped]`.
    public var processesSkipped: Bool = false
    public var totalAllocated: UInt64?
    public var totalUsed: UInt64?
    public var sumAB: UInt64?
    public var sumUsed: UInt64?
    public var fragmentationPercent: Int?
    public var topByExclusive: [HanaTopAllocator] = []
    public var topByInclusive: [HanaTopAllocator] = []
    /// Free text lines of a composite-limit violation (`Composite limit …`).
    public var notes: [String] = []

    public func global(_ key: String) -> UInt64? { globalKeys.firstIndex(of: key).map { globalValues[$0] } }
    public var globalAllocationLimit: UInt64? { global("GLOBAL_ALLOCATION_LIMIT") }
    public var sharedMemory: UInt64? { global("SHARED_MEMORY") }
    public var codeSize: UInt64? { global("CODE_SIZE") }
    /// The IPMM line of the failing process.
    public var failingProcess: HanaIPMMProcess? { processes.first { $0.pid == pid } }
}

/// `PID=3917966 (hdbnameserver), PAL=146.48gb (157286400000b), AB=…, UA=0, U=…, FRO=…, FSL=…, FMC=…[, Blocked=…]`.
public struct HanaIPMMProcess: Sendable, Equatable {
    public var pid: Int
    public var name: String
    public var keys: [String]
    public var values: [UInt64]
    public var line: Int

    public func value(_ key: String) -> UInt64? { keys.firstIndex(of: key).map { values[$0] } }
    /// Process allocation limit.
    public var pal: UInt64? { value("PAL") }
    /// Allocated bytes (heap obtained from the OS).
    public var ab: UInt64? { value("AB") }
    /// Used bytes (in use by allocators).
    public var used: UInt64? { value("U") }
}

/// One line of a top-allocator list: ` 1: Column Store Tables:   Pool/ColumnStore/Main/Dictionary/RoDict   146.20gb
/// (156989510500b)` with an optional `(… precharged, … in preparation)` tail.
public struct HanaTopAllocator: Sendable, Equatable {
    public var rank: Int
    public var component: String
    public var name: String
    public var bytes: UInt64
    public var extra: String?
    public var line: Int
}

enum HanaOOMParser {
    static func parse(_ lines: [(line: Int, text: String)], tag: String, warnings: inout [String]) -> HanaOOMInfo {
        var info = HanaOOMInfo(sectionTag: tag)
        info.compositeLimit = tag == "MEMORY_LIMIT_VIOLATION"
        enum Mode { case header, callstack, exclusive, inclusive }
        var mode = Mode.header
        for (ln, raw) in lines {
            let text = raw.trimmed
            if text.isEmpty {
                if mode == .callstack { mode = .header }
                continue
            }
            if text.hasPrefix("Top ") && text.contains("allocators") {
                mode = text.contains("inclusive") ? .inclusive : .exclusive
                continue
            }
            if mode == .callstack {
                if let f = HanaFrame.parse(raw) { info.callstack.append(f); continue }
                mode = .header
            }
            if mode == .exclusive || mode == .inclusive {
                if let t = topAllocator(raw, line: ln) {
                    if mode == .exclusive { info.topByExclusive.append(t) } else { info.topByInclusive.append(t) }
                    continue
                }
                if let first = text.first, first.isNumber {
                    warnings.append("line \(ln): cannot read the size of a top-allocator line (expected "
                                    + "\"N: component: name  <size> (<bytes>b)\")")
                    continue
                }
                mode = .header
            }
            if readFailure(text, ln, &info, &warnings) { continue }
            if text.hasPrefix("Current callstack") { mode = .callstack; continue }
            if readMemory(text, ln, &info, &warnings) { continue }
        }
        if info.failureType == nil && info.compositeLimit { info.failureType = "COMPOSITE_LIMIT" }
        return info
    }

    /// A header line about the failure (what, where, which limit); false when the line is none of those.
    private static func readFailure(_ text: String, _ ln: Int, _ info: inout HanaOOMInfo, _ warnings: inout [String]) -> Bool {
        if text.hasPrefix("Composite limit") {
            info.compositeLimit = true
            info.notes.append(text)
            return true
        }
        if let v = value(after: "MemoryType:", text) { info.memoryType = v; return true }
        if let v = value(after: "Host:", text) { info.host = v; return true }
        if let v = value(after: "Executable:", text) { info.executable = v; return true }
        if let v = value(after: "PID:", text) {
            if let pid = Int(v) { info.pid = pid } else { warnings.append("line \(ln): cannot read the PID \"\(v)\"") }
            return true
        }
        if let v = value(after: "Failed to allocate", text) {
            var s = v
            if s.hasSuffix(".") { s.removeLast() }
            if let size = HanaSize.parse(s) {
                info.failedAllocationBytes = size.bytes
            } else {
                warnings.append("line \(ln): cannot read the failed allocation size \"\(s)\"")
            }
            return true
        }
        if let v = value(after: "Allocation failure type:", text) {
            var t = v
            if t.hasSuffix("(early exit)") {
                info.earlyExit = true
                t = String(t.dropLast("(early exit)".count)).trimmed
            }
            info.failureType = t
            return true
        }
        return false
    }

    /// A line about memory (IPMM globals and processes, totals, fragmentation); false when the line is none of those.
    private static func readMemory(_ text: String, _ ln: Int, _ info: inout HanaOOMInfo, _ warnings: inout [String]) -> Bool {
        if text.hasPrefix("Memory consumption information"), let r = text.firstRange(of: "PM-INX=") {
            info.provideMemoryIndex = Int(text[r.upperBound...].prefix { $0.isNumber })
            return true
        }
        if text.hasPrefix("IPMM") && text.contains("short info") {
            if info.memoryType == nil {
                let parts = text.split(separator: " ")
                if parts.count > 2 { info.memoryType = String(parts[1]) }
            }
            return true
        }
        if text.hasPrefix("GLOBAL_ALLOCATION_LIMIT") {
            for field in text.split(separator: ",") {
                let f = field.trimmed
                guard let eq = f.firstRange(of: "=") else { continue }
                var key = String(f[..<eq.lowerBound]).trimmed
                if let paren = key.firstIndex(of: "(") { key = String(key[..<paren]).trimmed }
                let valueText = f[eq.upperBound...]
                if let size = HanaSize.parse(valueText) {
                    info.globalKeys.append(key)
                    info.globalValues.append(size.bytes)
                } else {
                    warnings.append("line \(ln): cannot read \(key) = \"\(valueText.trimmed)\"")
                }
            }
            return true
        }
        if text.hasPrefix("PID=") {
            if let p = ipmmProcess(text, line: ln, warnings: &warnings) { info.processes.append(p) }
            return true
        }
        if text.contains("processes may have been skipped") { info.processesSkipped = true; return true }
        if text.hasPrefix("Total allocated memory") { info.totalAllocated = number(text, ln, &warnings); return true }
        if text.hasPrefix("Total used memory") { info.totalUsed = number(text, ln, &warnings); return true }
        if text.hasPrefix("Sum AB") { info.sumAB = number(text, ln, &warnings); return true }
        if text.hasPrefix("Sum Used") { info.sumUsed = number(text, ln, &warnings); return true }
        if let v = value(after: "Heap memory fragmentation:", text) {
            let digits = v.prefix { $0.isNumber }
            if let p = Int(digits), v.dropFirst(digits.count).hasPrefix("%") {
                info.fragmentationPercent = p
            } else {
                warnings.append("line \(ln): cannot read the heap memory fragmentation \"\(v)\"")
            }
            return true
        }
        return false
    }

    private static func value(after key: String, _ text: String) -> String? {
        guard text.hasPrefix(key) else { return nil }
        return String(text.dropFirst(key.count)).trimmed
    }

    /// `Key = <size>` or `Key = <integer>`.
    private static func number(_ text: String, _ ln: Int, _ warnings: inout [String]) -> UInt64? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let v = text[text.index(after: eq)...]
        if let s = HanaSize.parse(v) { return s.bytes }
        warnings.append("line \(ln): cannot read the number in \"\(text)\"")
        return nil
    }

    static func ipmmProcess(_ text: String, line: Int, warnings: inout [String]) -> HanaIPMMProcess? {
        var fields = text.split(separator: ",").map { $0.trimmed }
        guard let first = fields.first, first.hasPrefix("PID=") else { return nil }
        fields.removeFirst()
        let pidPart = first.dropFirst(4)
        let pidDigits = pidPart.prefix { $0.isNumber }
        guard let pid = Int(pidDigits) else {
            warnings.append("line \(line): cannot read the PID in an IPMM line")
            return nil
        }
        var name = ""
        if let open = pidPart.firstIndex(of: "("), let close = pidPart.lastIndex(of: ")"), open < close {
            name = String(pidPart[pidPart.index(after: open)..<close])
        }
        var p = HanaIPMMProcess(pid: pid, name: name, keys: [], values: [], line: line)
        for f in fields {
            guard let eq = f.firstIndex(of: "=") else { continue }
            let key = String(f[..<eq])
            let v = f[f.index(after: eq)...]
            if let size = HanaSize.parse(v) {
                p.keys.append(key)
                p.values.append(size.bytes)
            } else {
                warnings.append("line \(line): cannot read \(key)=\"\(v)\" of PID \(pid)")
            }
        }
        return p
    }

    /// Splits a top-allocator line on its first exact `(<digits>b)` figure, not on columns (long names push it).
    static func topAllocator(_ raw: String, line: Int) -> HanaTopAllocator? {
        let text = raw.trimmed
        let digits = text.prefix { $0.isNumber }
        guard let rank = Int(digits), text.dropFirst(digits.count).hasPrefix(":") else { return nil }
        let rest = text.dropFirst(digits.count + 1)
        guard let sep = rest.firstRange(of: ": ") else { return nil }
        let component = String(rest[..<sep.lowerBound]).trimmed
        let tail = rest[sep.upperBound...]
        // Find the first `(<digits>b)`.
        let u = Array(tail.utf8)
        var exactStart = -1, exactEnd = -1
        var value: UInt64 = 0
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "("), i > 0, u[i - 1] == 0x20 {
                var j = i + 1
                var v: UInt64 = 0
                var overflow = false
                while j < u.count, u[j] >= 0x30, u[j] <= 0x39 {
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(UInt64(u[j] - 0x30))
                    overflow = overflow || o1 || o2
                    v = a
                    j += 1
                }
                if j > i + 1, !overflow, j + 1 < u.count, u[j] == UInt8(ascii: "b"), u[j + 1] == UInt8(ascii: ")") {
                    exactStart = i
                    exactEnd = j + 2
                    value = v
                    break
                }
            }
            i += 1
        }
        guard exactStart > 0 else { return nil }
        // Before it: `<name> <human> `.
        var k = exactStart - 1
        while k > 0, u[k] == 0x20 { k -= 1 }
        while k > 0, u[k] != 0x20 { k -= 1 }
        let name = String(decoding: u[..<k], as: UTF8.self).trimmed
        guard !name.isEmpty else { return nil }
        let extraText = String(decoding: u[exactEnd...], as: UTF8.self).trimmed
        return HanaTopAllocator(rank: rank, component: component, name: name, bytes: value,
                                extra: extraText.isEmpty ? nil : extraText, line: line)
    }
}
