/// A crash dump's facts: the signal of `[CRASH_SHORTINFO]`, the crashing thread, and `[CRASH_STACK]` (pending
/// exceptions, the possible root cause, and the symbolic backtrace).
public struct HanaCrashInfo: Sendable, Equatable {
    /// `SIGNAL 11 (SIGSEGV) caught, …`.
    public var signalLine: String?
    public var signalNumber: Int?
    public var signalName: String?
    /// The crashing thread from `thread: <ctx>[thr=<tid>]: <name>` in the signal line, when given.
    public var threadTID: UInt64?
    public var threadName: String?
    public var pendingExceptions: [HanaException] = []
    public var backtrace: [HanaFrame] = []

    /// Frames of the crash handler itself (signal trampoline, `raise`, crash/exit handlers) that hide the cause.
    public static func isHandlerFrame(_ f: HanaFrame) -> Bool {
        let s = f.symbol
        let handlers = ["__restore_rt", "raise", "abort", "_crashImpl", "Basis::crashImpl", "Diagnose::", "__GI_raise",
                        "__GI_abort", "Basis::errorExit", "killpg", "pthread_kill", "__pthread_kill"]
        return handlers.contains { h in
            guard s.hasPrefix(h) else { return false }
            if h.contains("::") || h.hasPrefix("_") { return true }
            let rest = s.dropFirst(h.count)
            return rest.isEmpty || rest.hasPrefix("(") || rest.hasPrefix("+")
        }
            || s.contains("CrashHandler") || s.contains("crashHandler")
    }

    /// The backtrace without the handler frames on top.
    public var causeFrames: [HanaFrame] {
        var i = 0
        while i < backtrace.count, HanaCrashInfo.isHandlerFrame(backtrace[i]) { i += 1 }
        return Array(backtrace[i...])
    }
}

enum HanaExceptionParser {
    /// Parses a pending-exception block starting at `lines[i]` (`exception  1: no.… (location)`): the text lines up
    /// to `exception throw location:` and the frames after it. Returns the exception and the index after the block.
    static func parse(_ lines: [(line: Int, text: String)], at start: Int) -> (HanaException, Int)? {
        let head = lines[start].text.trimmed
        guard head.hasPrefix("exception"), !head.hasPrefix("exception throw location") else { return nil }
        var rest = head.dropFirst("exception".count).drop { $0 == " " }
        let digits = rest.prefix { $0.isNumber }
        let number = Int(digits) ?? 0
        rest = rest.dropFirst(digits.count)
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        let code = String(rest.prefix { $0 != " " })
        var location = String(rest.dropFirst(code.count)).trimmed
        if location.hasPrefix("("), location.hasSuffix(")") { location = String(location.dropFirst().dropLast()) }
        var ex = HanaException(number: number, code: code, location: location, text: "", throwLocation: [],
                               line: lines[start].line)
        var i = start + 1
        var textLines: [String] = []
        while i < lines.count {
            let t = lines[i].text.trimmed
            if t.hasPrefix("exception throw location") { i += 1; break }
            if t.isEmpty || t == "--" || t.hasPrefix("---->") || HanaFrame.parse(lines[i].text) != nil { break }
            if t.hasPrefix("exception"), HanaExceptionParser.looksLikeHeader(t) { break }
            textLines.append(t)
            i += 1
        }
        ex.text = textLines.joined(separator: " ")
        while i < lines.count, let f = HanaFrame.parse(lines[i].text) {
            ex.throwLocation.append(f)
            i += 1
        }
        return (ex, i)
    }

    static func looksLikeHeader(_ t: String) -> Bool {
        let rest = t.dropFirst("exception".count).drop { $0 == " " }
        return rest.first?.isNumber == true && rest.contains(":")
    }
}

enum HanaCrashParser {
    static func parse(shortInfo: [(line: Int, text: String)]?, stack: [(line: Int, text: String)]?) -> HanaCrashInfo {
        var info = HanaCrashInfo()
        for (_, raw) in shortInfo ?? [] {
            let t = raw.trimmed
            guard let r = t.firstRange(of: "SIGNAL ") else { continue }
            info.signalLine = t
            let after = t[r.upperBound...]
            let digits = after.prefix { $0.isNumber }
            info.signalNumber = Int(digits)
            let rest = after.dropFirst(digits.count).drop { $0 == " " }
            if rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
                info.signalName = String(rest[rest.index(after: rest.startIndex)..<close])
            }
            if let thr = t.firstRange(of: "[thr=") {
                let tidText = t[thr.upperBound...].prefix { $0.isNumber }
                info.threadTID = UInt64(tidText)
                var nameStart = t[thr.upperBound...].dropFirst(tidText.count)
                if nameStart.hasPrefix("]:") { nameStart = nameStart.dropFirst(2) }
                let name = nameStart.drop { $0 == " " }.prefix { $0 != "," }
                if !name.isEmpty { info.threadName = String(name).trimmed }
            }
            break
        }
        guard let lines = stack else { return info }
        var i = 0
        while i < lines.count {
            let t = lines[i].text.trimmed
            if t.hasPrefix("exception"), let (ex, next) = HanaExceptionParser.parse(lines, at: i) {
                info.pendingExceptions.append(ex)
                i = max(next, i + 1)
                continue
            }
            if let f = HanaFrame.parse(lines[i].text) { info.backtrace.append(f) }
            i += 1
        }
        return info
    }
}
