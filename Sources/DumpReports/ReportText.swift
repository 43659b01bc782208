import DumpKit
import DumpInput
import HanaReader

/// The report as plain text for the terminal: suspects first, then the overview, then growth against a baseline.
/// Each line is one record: whatever it quotes from the dump is shown terminal-safe (`TerminalText`).
public enum ReportText {
    public static func render(_ r: DumpReport, width: Int = 100) -> String {
        var out: [String] = []
        render(r, width: width) { out.append($0) }
        return out.joined(separator: "\n")
    }

    /// Streams the report: `emit` gets each line as soon as it is formed (nothing is collected here).
    public static func render(_ r: DumpReport, width: Int = 100, emit: (String) -> Void) {
        withoutActuallyEscaping(emit) { emit in
            let w = TextReport(emit: emit)
            w.head(r)
            if let verdict = r.verdict { w.verdict(verdict, width: width) }
            if let suspects = r.suspects { w.suspects(suspects, threshold: r.threshold) }
            w.overviewTables(r.overview, ReportWords(words: r.words))
            w.javaTables(r.overview)
            for l in DumpReport.topPackagesLines(r.topPackages) { emit(l) }
            w.comparison(r)
        }
    }

    static func signed(_ v: Int64) -> String {
        (v > 0 ? "+" : v < 0 ? "-" : "") + ByteCount.format(UInt64(v.magnitude))
    }
}

/// The text report's sections, one method each, in the order `ReportText.render` calls them.
private struct TextReport {
    let emit: (String) -> Void

    func line(_ s: String = "") { emit(TerminalText.visible(s)) }

    func table(_ header: [String], _ rows: [[String]], right: Set<Int>) {
        let rows = rows.map { $0.map(TerminalText.visible) }
        var widths = header.map(\.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func fmt(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(widths[i] - c.count, 0))
                return i == cells.count - 1 ? c : (right.contains(i) ? pad + c : c + pad)
            }.joined(separator: "  ")
        }
        line("  " + fmt(header))
        for row in rows { line("  " + fmt(row)) }
    }

    func signed(_ v: Int64) -> String { ReportText.signed(v) }

    func head(_ r: DumpReport) {
        line("hdx report — \(r.file)")
        line("\(r.version) (\(r.format)) · " + ReportWords(words: r.words).counts(r.overview))
        for w in r.warnings { line("warning: \(w)") }
        line()
    }

    func verdict(_ verdict: HanaVerdict, width: Int) {
        line("VERDICT")
        for l in HanaVerdictText.render(verdict, width: width) { line("  " + l) }
        line()
    }

    func suspects(_ suspects: [DumpReport.Suspect], threshold: Double) {
        line("LEAK SUSPECTS (retaining more than \(Int(threshold * 100))% of the reachable heap)")
        if suspects.isEmpty { line("  none: no object or class retains that much") }
        for (i, s) in suspects.enumerated() {
            line("  \(i + 1). \(s.description)" + (s.within.map { " (inside suspect \($0))" } ?? ""))
            if let way = s.wayInText { line("     way in: \(way)") }
            if let paths = s.accumulationPaths {
                line("     " + paths.heading + ":")
                for l in paths.lines() { line("       " + l) }
            }
            if s.accumulationPoint.id != s.id || s.kind == "class" {
                line("     accumulation point: \(s.accumulationPoint.class) \(s.accumulationPoint.id) (\(ByteCount.format(s.accumulationPoint.retained)))")
            }
            if let fields = s.staticFields {
                line("     static fields holding it:")
                let width = fields.map { ByteCount.format($0.retained).count }.max() ?? 0
                for f in fields {
                    let size = ByteCount.format(f.retained)
                    line("       " + String(repeating: " ", count: width - size.count) + size
                         + "  \(f.declaringClass).\(f.field)  →  \(f.class) \(f.id)")
                }
            }
            if !s.path.isEmpty {
                line("     shortest path from a GC root:")
                PathText.lines(s.path, prefix: "     ", step: { step in
                    let root = step.root.map { " [\($0.joined(separator: ", "))]" } ?? ""
                    let via = step.field.map { "  .\($0)" } ?? ""
                    return "\(step.class) \(step.id)\(root)\(via)"
                }, emit: { line($0) })
            }
        }
        line()
    }

    /// Top classes (HANA: allocators), top dominators (HANA: the top-level allocators) and GC roots (not HANA).
    func overviewTables(_ o: DumpReport.Overview, _ w: ReportWords) {
        let counts = w.words.countsMeaningful
        line(w.topGroups.uppercased() + " " + w.bySize)
        table(w.groupColumns, o.topClasses.map {
            [ByteCount.format($0.retained), ByteCount.format($0.shallow)] + (counts ? [ByteCount.grouped($0.count)] : [])
                + [$0.class]
        }, right: counts ? [0, 1, 2] : [0, 1])
        line()
        line(w.topDominators.uppercased())
        table([w.words.retainedSize, "%", w.words.nodeTitle], o.topDominators.map {
            [ByteCount.format($0.retained), "\($0.percent)%", $0.class == $0.id ? $0.id : "\($0.class) \($0.id)"]
        }, right: [0, 1])
        guard let roots = w.words.roots else { return }
        line()
        line(roots.filter { $0 != "(" && $0 != ")" }.uppercased() + ": "
             + o.rootsByKind.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    /// Threads, class loaders, duplicate strings and collections (HPROF only).
    func javaTables(_ o: DumpReport.Overview) {
        if let threads = o.threads, !threads.isEmpty {
            line()
            line("THREADS (by retained size)")
            for t in threads.prefix(10) {
                line("  \(t.name) \(t.id ?? ""): retains \(ByteCount.format(t.retained)), frame locals \(ByteCount.format(t.localsRetained))")
                for f in t.frames.prefix(6) { line("      at \(f)") }
            }
        }
        if let loaders = o.classLoaders, !loaders.isEmpty {
            line()
            line("CLASS LOADERS")
            table(["Retained", "Classes", "Loader"], loaders.prefix(10).map {
                [ByteCount.format($0.retained), ByteCount.grouped($0.definedClasses), "\($0.class) \($0.id)"]
            }, right: [0, 1])
        }
        if let dups = o.duplicateStrings, !dups.isEmpty {
            line()
            line("DUPLICATE STRINGS")
            if let t = o.duplicateStringTotals {
                line("  \(ByteCount.grouped(t.texts)) texts held by more than one string waste \(ByteCount.format(t.wastedBytes)) (\(ByteCount.grouped(t.wastedBytes)) B)")
            }
            table(["Wasted", "Copies", "Value"], dups.map {
                [ByteCount.format($0.wastedBytes), ByteCount.grouped($0.copies), "\"\($0.value.prefix(60))\""]
            }, right: [0, 1])
        }
        if let cols = o.collections, !cols.isEmpty {
            line()
            line("COLLECTIONS (fill ratio)")
            table(["Wasted", "Under ¼ full", "Instances", "Class"], cols.map {
                [ByteCount.format($0.wastedBytes), ByteCount.grouped($0.underFilled), ByteCount.grouped($0.instances), $0.class]
            }, right: [0, 1, 2])
        }
    }

    /// Detached DOM nodes (V8), growth since the baseline and what is new and still retained.
    func comparison(_ r: DumpReport) {
        let o = r.overview
        if let detached = o.detachedDOMNodes {
            line()
            line("DETACHED DOM NODES: \(ByteCount.grouped(detached))" + (detached > 0 ? " (no longer in a document, still retained)" : ""))
        } else if o.dom == "none" {
            line()
            line("DETACHED DOM NODES: no DOM (no Blink DOM nodes in this snapshot, e.g. Node.js)")
        }
        if let growth = r.growth, let base = r.baseline {
            line()
            line("GROWTH since \(base)")
            if let acc = r.growthPath?.last {
                line("  grew most in \(acc.key) \(acc.id): \(signed(acc.retainedDelta))")
            }
            table(["Retained Δ", "Objects Δ", "Class"], growth.prefix(15).map {
                [signed($0.retainedDelta), ($0.countDelta > 0 ? "+" : "") + ByteCount.grouped($0.countDelta), $0.class]
            }, right: [0, 1])
        }
        if let clusters = r.newRetained, !clusters.isEmpty {
            line()
            line("NEW SINCE THE BASELINE AND STILL RETAINED")
            table(["Retained", "Objects", "Class"], clusters.map {
                [ByteCount.format($0.retained), ByteCount.grouped($0.count), $0.class]
            }, right: [0, 1])
        }
    }
}
