/// Warnings about single lines of a trace (`line N…`) are capped: a damaged trace of millions of lines must not make
/// millions of warnings (memory, and a `summary --json` nobody can read). The first `limit` are kept in order, the
/// others are counted in one last line.
enum HanaWarningCap {
    static let limit = 100

    /// `warnings` with at most `limit` line warnings; `alreadyDropped` line warnings were counted and not kept
    /// upstream (the reading pass keeps only the first `limit` of its own).
    static func cap(_ warnings: [String], alreadyDropped: Int = 0) -> [String] {
        var out: [String] = []
        var kept = 0
        var dropped = alreadyDropped
        for w in warnings {
            if w.hasPrefix("line ") {
                if kept >= limit {
                    dropped += 1
                    continue
                }
                kept += 1
            }
            out.append(w)
        }
        if dropped > 0 { out.append(moreLine(dropped)) }
        return out
    }

    static func moreLine(_ n: Int) -> String {
        "… and \(n) more warning\(n == 1 ? "" : "s") about single lines (only the first \(limit) are listed)"
    }
}
