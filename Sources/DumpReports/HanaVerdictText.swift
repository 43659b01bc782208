import DumpKit
import HanaReader

/// The verdict as plain terminal lines (no colours), for `hdx report` on a HANA dump and the report screen. Sizes are
/// written as everywhere else in hdx (`1.1 GiB`); HANA's own units in the dump's text (`2.25gb`) become `2.25 GiB`,
/// so no line mixes `gb` and `GiB`.
public enum HanaVerdictText {
    static func size(_ b: UInt64) -> String { ByteCount.format(b) }
    static func units(_ s: String) -> String { HanaUnits.binaryUnits(s) }

    public static func render(_ v: HanaVerdict, width: Int = 100) -> [String] {
        var out: [String] = []
        let headline = units(v.headline)
        out.append(headline)
        out.append(String(repeating: "=", count: min(width, max(10, headline.count))))
        if let l = v.limit {
            out.append("")
            out.append("Limit \(l.limit) \(size(l.limitBytes)) (\(l.limitBytes) bytes)")
            for p in l.parts {
                out.append("  " + pad(size(p.bytes), 10) + " " + p.name)
            }
            out.append("  " + pad(size(l.totalBytes), 10) + " total, "
                       + (l.overByBytes >= 0 ? "over the limit by \(size(UInt64(l.overByBytes)))"
                                             : "below the limit by \(size(l.overByBytes.magnitude))"))
            if let n = l.note { out += wrap(units("Note: " + n), width: width, indent: "  ") }
        }
        if let t = v.crashingThread {
            out.append("")
            out.append("Crashing thread \(t.id) \(t.name)" + (t.signalText(v)))
            for f in t.topFrames.prefix(8) { out += wrap(f, width: width, indent: "    ", first: "  ") }
        }
        if !v.rootCauses.isEmpty {
            out.append("")
            out.append("Pending exceptions (possible root cause)")
            for c in v.rootCauses {
                out += wrap(units("\(c.code) at \(c.location): \(c.text)"), width: width, indent: "    ", first: "  ")
                for f in c.frames.prefix(3) { out += wrap("thrown in " + f, width: width, indent: "      ", first: "    ") }
            }
        }
        if let t = v.culpritThread {
            out.append("")
            out.append("Culprit thread \(t.id) \(t.name)" + (t.connectionID.map { ", connection \($0)" } ?? ""))
            if let e = v.culpritEvidence { out += wrap(units("identified: " + e), width: width, indent: "    ", first: "  ") }
            if let e = t.exception { out += wrap(units(e), width: width, indent: "    ", first: "  ") }
            for f in t.topFrames.prefix(6) { out += wrap(f, width: width, indent: "    ", first: "  ") }
        }
        if let s = v.statement {
            out.append("")
            out.append("Statement" + (s.statementHash.map { " \($0)" } ?? "") + (s.connectionID.map { " (connection \($0))" } ?? ""))
            if let text = s.text { out += wrap(text, width: width, indent: "  ") }
            if s.threads.count > 1 {
                out += wrap("threads: " + s.threads.joined(separator: ", "), width: width, indent: "  ")
            }
        }
        if !v.topAllocators.isEmpty {
            out.append("")
            out.append("Top allocators     exclusive   inclusive  % used")
            for a in v.topAllocators {
                out.append("  " + pad(size(a.exclusive), 26) + " " + pad(size(a.inclusive), 11)
                           + " " + pad(a.percentOfUsed.map { "\($0)" } ?? "", 6) + "  " + a.path)
            }
        }
        if let f = v.fragmentationPercent {
            out.append("")
            out.append("Heap memory fragmentation: \(f)%")
        }
        if !v.findings.isEmpty {
            out.append("")
            out.append("Findings")
            for f in v.findings { out += wrap(units(f), width: width, indent: "    ", first: "  - ") }
        }
        return out
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
    }

    /// Word-wraps `text` to `width` columns.
    static func wrap(_ text: String, width: Int, indent: String, first: String? = nil) -> [String] {
        var lines: [String] = []
        var current = first ?? indent
        var hasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if hasWord, current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                hasWord = false
            }
            if hasWord { current += " " }
            current += word
            hasWord = true
        }
        lines.append(current)
        return lines
    }
}

private extension HanaVerdict.ThreadRef {
    func signalText(_ v: HanaVerdict) -> String {
        guard let s = v.signal else { return "" }
        return ", " + (v.signalNumber.map { "signal \($0) " } ?? "") + "(\(s))"
    }
}
