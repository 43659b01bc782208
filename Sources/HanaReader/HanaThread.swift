/// A thread of `[STACK_SHORT]` as indexed in the one pass: header facts and where its block lies; frames and
/// exceptions are parsed on demand (`HanaDump.thread(at:)`), so a dump with 100 000 threads opens quickly.
public struct HanaThreadEntry: Sendable, Equatable {
    /// The number before `[thr=…]` (thread context).
    public var context: UInt64
    /// The OS thread id (`[thr=<tid>]`), = `M_SERVICE_THREADS.THREAD_ID`.
    public var tid: UInt64
    public var name: String
    /// `at` (has frames) versus `is inactive`.
    public var active: Bool
    public var headerLine: Int
    public var frameCount: Int
    public var exceptionCount: Int
    /// Byte range of the lines after the header, up to the closing `--`.
    public var bodyStart: Int
    public var bodyEnd: Int

    /// The id users write: `thr=<tid>`.
    public var id: String { "thr=\(tid)" }
}

/// A pending exception: `exception  1: no.1000002  (ltt/impl/memory.cpp:64)`, its text
/// (`Allocation failed ; $size$=600; $name$=DPAPI_DataEncApi; …`) and its throw location.
public struct HanaException: Sendable, Equatable {
    public var number: Int
    /// `no.1000002`.
    public var code: String
    /// `ltt/impl/memory.cpp:64`.
    public var location: String
    public var text: String
    public var throwLocation: [HanaFrame]
    public var line: Int

    /// The `$key$=value` fields of the text, in order.
    public var fields: [(key: String, value: String)] {
        var out: [(String, String)] = []
        for part in text.split(separator: ";") {
            let p = part.trimmed
            guard p.hasPrefix("$"), let eq = p.firstIndex(of: "=") else { continue }
            let key = String(p[p.index(after: p.startIndex)..<eq].replacing("$", with: ""))
            out.append((key, String(p[p.index(after: eq)...])))
        }
        return out
    }

    public func field(_ key: String) -> String? { fields.first { $0.key == key }?.value }

    /// The reason before the first `;` (`Allocation failed`, `Out of memory`).
    public var reason: String { String(text.split(separator: ";", maxSplits: 1).first ?? "").trimmed }

    /// True for an allocation failure (`Allocation failed`, `Out of memory`).
    public var isAllocationFailure: Bool {
        let r = reason.lowercased()
        return r.contains("allocation failed") || r.contains("out of memory")
    }

    /// `$size$` in bytes, when given.
    public var allocationSize: UInt64? { field("size").flatMap { UInt64($0) } }
    /// `$name$`: the leaf name of the allocator that failed.
    public var allocatorName: String? { field("name") }
}

/// A `[STACK_SHORT]` thread with its frames (innermost first, frame 1) and pending exceptions.
public struct HanaThread: Sendable, Equatable {
    public var entry: HanaThreadEntry
    public var frames: [HanaFrame]
    public var exceptions: [HanaException]
    /// Lines in the block that are neither frames, exceptions nor `--` (kept, not fatal).
    public var skippedLines: Int
}

/// A `[THREADS]` line: `<ctx>[thr=<tid>]: <Name>, TID: …, CID: <conn>, SQLUserName: "…", ThreadMethod: "…",
/// ThreadDetail: "…", State: …, CPU: …s` — read as generic `Key: value` pairs (values may be quoted with `""`).
public struct HanaThreadInfo: Sendable, Equatable {
    public var tid: UInt64
    public var name: String
    public var keys: [String]
    public var values: [String]
    public var line: Int

    public func value(_ key: String) -> String? {
        keys.firstIndex(of: key).map { values[$0] }
    }

    public var connectionID: Int64? { value("CID").flatMap { Int64($0) } }
    public var state: String? { value("State") }
    public var user: String? { value("SQLUserName") }
    public var method: String? { value("ThreadMethod") }
    public var detail: String? { value("ThreadDetail") }

    static func parse(_ text: String, line: Int) -> HanaThreadInfo? {
        guard let thr = text.firstRange(of: "[thr="), let close = text[thr.upperBound...].firstIndex(of: "]"),
              let tid = UInt64(text[thr.upperBound..<close]) else { return nil }
        var rest = text[text.index(after: close)...]
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        let nameEnd = rest.firstRange(of: ", ")?.lowerBound ?? rest.endIndex
        var info = HanaThreadInfo(tid: tid, name: String(rest[..<nameEnd]).trimmed, keys: [], values: [], line: line)
        var s = rest[nameEnd...]
        while !s.isEmpty {
            if s.hasPrefix(", ") { s = s.dropFirst(2) } else if s.hasPrefix(",") { s = s.dropFirst() }
            guard let colon = s.firstRange(of: ": ") else { break }
            let key = String(s[..<colon.lowerBound]).trimmed
            s = s[colon.upperBound...]
            var value = ""
            if s.first == "\"" {
                var i = s.index(after: s.startIndex)
                var closed = false
                while i < s.endIndex {
                    if s[i] == "\"" {
                        let n = s.index(after: i)
                        if n < s.endIndex, s[n] == "\"" { value.append("\""); i = s.index(after: n); continue }
                        i = n
                        closed = true
                        break
                    }
                    value.append(s[i])
                    i = s.index(after: i)
                }
                if !closed { i = s.endIndex }
                s = s[i...]
            } else {
                let end = s.firstRange(of: ", ")?.lowerBound ?? s.endIndex
                value = String(s[..<end]).trimmed
                s = s[end...]
            }
            info.keys.append(key)
            info.values.append(value)
        }
        return info
    }
}
