import DumpKit
import DumpInput
import HanaReader
import HeapGraph

/// The report as one self-contained HTML page (inline CSS, no scripts, no network), to copy to a laptop and open.
public enum ReportHTML {
    /// With `flames` (FlameSVG.forReport), a "Flame graphs" section draws them as inline SVG.
    public static func render(_ r: DumpReport, flames: [FlameSVG] = []) -> String {
        var page = HTMLPage(total: r.overview.reachableBytes)
        page.head(r)
        if let v = r.verdict { page.verdict(v) }
        if let suspects = r.suspects { page.suspects(suspects, threshold: r.threshold) }
        page.flameGraphs(flames)
        page.overviewTables(r.overview, ReportWords(words: r.words))
        page.javaTables(r.overview)
        if let rows = r.topPackages, !rows.isEmpty {
            page.add("<h2>Top packages (top-level dominators by package)</h2>")
            page.table(["Retained", "%", "Objects", "Package"], rows.map {
                [ByteCount.format($0.retained), "\($0.percent)%", ByteCount.grouped($0.objects),
                 String(repeating: "&nbsp;&nbsp;", count: $0.depth - 1) + page.esc($0.package)]
            }, numeric: [0, 1, 2])
        }
        page.comparison(r)
        page.add("<p class=\"meta\">Written by hdx. Sizes in binary units (1 KiB = 1024 bytes).</p>")
        page.add("</body></html>")
        return page.html
    }

    static func format1(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// The page being written, one section per method, in the order `ReportHTML.render` calls them.
private struct HTMLPage {
    /// The reachable bytes: the 100% of the bars.
    let total: UInt64
    var html = ""

    mutating func add(_ s: String) { html += s + "\n" }

    /// Dump content: control and bidi characters shown visibly (TerminalText) so that they cannot reorder or
    /// hide what the page shows, then HTML-escaped. Newlines stay (the verdict block is preformatted).
    static func esc(_ s: String) -> String {
        var o = ""
        let shown = s.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.visible($0) }
        for c in shown.joined(separator: "\n") {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(c)
            }
        }
        return o
    }

    func esc(_ s: String) -> String { HTMLPage.esc(s) }

    func bar(_ part: UInt64, _ whole: UInt64) -> String {
        let p = whole == 0 ? 0 : min(100, Double(part) / Double(whole) * 100)
        return "<span class=\"bar\"><span style=\"width:\(String(ReportHTML.format1(p)))%\"></span></span>"
    }

    mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>) {
        add("<table><thead><tr>" + header.enumerated().map {
            "<th\(numeric.contains($0.offset) ? " class=\"n\"" : "")>\(esc($0.element))</th>"
        }.joined() + "</tr></thead><tbody>")
        for row in rows {
            add("<tr>" + row.enumerated().map {
                "<td\(numeric.contains($0.offset) ? " class=\"n\"" : "")>\($0.element)</td>"
            }.joined() + "</tr>")
        }
        add("</tbody></table>")
    }

    /// The document head with its inline style sheet, the title block and the warnings.
    mutating func head(_ r: DumpReport) {
        let o = r.overview
        add("<!DOCTYPE html>")
        add("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
        add("<title>hdx report — \(esc(r.file))</title>")
        add("""
        <style>
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#1d1f21;background:#fff}
        h1{font-size:1.4em;margin-bottom:.2em} h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
        .meta{color:#555} .warn{background:#fff4e5;border-left:4px solid #f0a020;padding:.4em .8em;margin:.3em 0}
        table{border-collapse:collapse;width:100%;margin:.5em 0} th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
        th{background:#f6f8fa;font-weight:600} td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
        .bar{display:inline-block;width:120px;height:.8em;background:#eef;vertical-align:middle;margin-right:.4em}
        .bar span{display:block;height:100%;background:#4a7bd0}
        .suspect{border:1px solid #e3e3e3;border-radius:6px;padding:.6em 1em;margin:.8em 0;background:#fcfcfd}
        .path{margin:.3em 0 0 0;padding-left:1.2em} .path li{list-style:none;font-family:ui-monospace,Menlo,monospace;font-size:.9em}
        .root{color:#8a5a00} .field{color:#555} .verdict{white-space:pre-wrap;background:#f6f8fa;padding:.8em;border-radius:6px}
        .grow{color:#b42318} .shrink{color:#067647}
        .flames{overflow-x:auto} svg.flame{display:block;margin:.4em 0 1.2em} svg.flame text{font:11px ui-monospace,Menlo,Consolas,monospace;fill:#1d1f21;pointer-events:none}
        svg.flame g:hover rect{stroke:#1d1f21;stroke-width:1}
        </style></head><body>
        """)
        add("<h1>hdx report</h1>")
        add("<p class=\"meta\"><code>\(esc(r.file))</code><br>\(esc(r.version)) (\(esc(r.format))) · " + HTMLPage.counts(o, r.words) + "</p>")
        for w in r.warnings { add("<div class=\"warn\">\(esc(w))</div>") }
    }

    mutating func verdict(_ v: HanaVerdict) {
        add("<h2>Verdict</h2>")
        add("<div class=\"verdict\">\(esc(HanaVerdictText.render(v, width: 110).joined(separator: "\n")))</div>")
        if !v.topAllocators.isEmpty {
            let biggest = v.topAllocators.map(\.inclusive).max() ?? 0
            table(["Inclusive", "", "Exclusive", "Allocator", "Hint"], v.topAllocators.map { a in
                [ByteCount.format(a.inclusive), bar(a.inclusive, biggest), ByteCount.format(a.exclusive),
                 "<code>\(esc(a.path))</code>", esc(a.hint ?? "")]
            }, numeric: [0, 2])
        }
    }

    mutating func suspects(_ suspects: [DumpReport.Suspect], threshold: Double) {
        add("<h2>Leak suspects</h2>")
        if suspects.isEmpty {
            add("<p>No object or class retains more than \(Int(threshold * 100))% of the reachable heap.</p>")
        }
        for (i, s) in suspects.enumerated() {
            add("<div class=\"suspect\"><b>Problem suspect \(i + 1)</b> \(bar(s.retained, total)) \(s.percent)%")
            add("<p>\(esc(s.description))</p>")
            if let way = s.wayInText { add("<p>Way in: <code>\(esc(way))</code></p>") }
            if let paths = s.accumulationPaths {
                add("<p>\(esc(paths.heading.prefix(1).uppercased() + paths.heading.dropFirst())):</p>")
                add("<pre>" + paths.lines().map(esc).joined(separator: "\n") + "</pre>")
            }
            add("<p>Accumulation point: <code>\(esc(s.accumulationPoint.class)) \(esc(s.accumulationPoint.id))</code> retains \(ByteCount.format(s.accumulationPoint.retained)) (\(s.accumulationPoint.percent)%).</p>")
            if let fields = s.staticFields {
                add("<p>Static fields holding it:</p>")
                table(["Retained", "Static field", "Value"], fields.map {
                    [ByteCount.format($0.retained), "<code>\(esc($0.declaringClass + "." + $0.field))</code>",
                     "<code>\(esc($0.class)) \(esc($0.id))</code>"]
                }, numeric: [0])
            }
            if !s.path.isEmpty {
                add("<p>Shortest path from a GC root:</p><ul class=\"path\">")
                for (k, step) in s.path.enumerated() {
                    let root = step.root.map { " <span class=\"root\">[GC root: \(esc($0.joined(separator: ", ")))]</span>" } ?? ""
                    let via = step.field.map { " <span class=\"field\">.\(esc($0)) ↓</span>" } ?? ""
                    let level = min(k, PathText.maxIndent)
                    add("<li style=\"padding-left:\(level)em\">\(esc(step.class)) \(esc(step.id))\(root)\(via)</li>")
                    if let omitted = step.omittedSteps {
                        add("<li style=\"padding-left:\(level)em\">… \(ByteCount.grouped(omitted)) steps …</li>")
                    }
                }
                add("</ul>")
            }
            if let big = s.biggestInstances {
                table(["Retained", "Instance"], big.map { [ByteCount.format($0.retained), "<code>\(esc($0.id))</code>"] },
                      numeric: [0])
            }
            add("</div>")
        }
    }

    mutating func flameGraphs(_ flames: [FlameSVG]) {
        if !flames.isEmpty {
            add("<h2>Flame graphs</h2><div class=\"flames\">")
            for f in flames {
                add("<h3>\(esc(f.title))</h3><p class=\"meta\">Width: \(esc(f.unit)); hover a box for its name and size.</p>")
                add(f.svg())
            }
            add("</div>")
        }
    }

    /// The first line's counts: objects, classes, GC roots, reachable, shallow and unreachable bytes (HANA:
    /// allocators and their inclusive and exclusive sizes).
    static func counts(_ o: DumpReport.Overview, _ words: DumpVocabulary) -> String {
        guard words.unreachable != nil else {
            return "\(ByteCount.grouped(o.objects)) \(words.nodes)<br>\(words.retainedSize.lowercased()) in the top-level "
                + "\(words.nodes) <b>\(ByteCount.format(o.reachableBytes))</b> · \(words.shallowSize.lowercased()) in all "
                + ByteCount.format(o.shallowBytes)
        }
        return "\(ByteCount.grouped(o.objects)) objects · \(ByteCount.grouped(o.classes)) \(words.groups) · "
            + "\(ByteCount.grouped(o.roots)) GC roots<br>reachable <b>\(ByteCount.format(o.reachableBytes))</b> · shallow "
            + "\(ByteCount.format(o.shallowBytes)) · unreachable \(ByteCount.format(o.unreachableBytes)) in "
            + "\(ByteCount.grouped(o.unreachableObjects)) objects"
    }

    /// Top classes (HANA: allocators), top dominators (HANA: the top-level allocators) and GC roots (not HANA).
    mutating func overviewTables(_ o: DumpReport.Overview, _ w: ReportWords) {
        let counts = w.words.countsMeaningful
        add("<h2>\(w.topGroups)</h2>")
        var columns = w.groupColumns
        columns.insert("", at: 1)
        table(columns, o.topClasses.map { c in
            [ByteCount.format(c.retained), bar(c.retained, total), ByteCount.format(c.shallow)]
                + (counts ? [ByteCount.grouped(c.count)] : []) + ["<code>\(esc(c.class))</code>"]
        }, numeric: counts ? [0, 2, 3] : [0, 2])
        add("<h2>\(w.topDominators)</h2>")
        table([w.words.retainedSize, "", "%", w.words.nodeTitle], o.topDominators.map { d in
            [ByteCount.format(d.retained), bar(d.retained, total), "\(d.percent)%",
             "<code>\(esc(d.class == d.id ? d.id : d.class + " " + d.id))</code>"]
        }, numeric: [0, 2])
        guard w.words.roots != nil else { return }
        add("<h2>GC roots</h2>")
        table(["Roots", "Kind"], o.rootsByKind.sorted { $0.value > $1.value }.map { [ByteCount.grouped($0.value), esc($0.key)] },
              numeric: [0])
    }

    /// Threads, class loaders, duplicate strings and collections (HPROF only).
    mutating func javaTables(_ o: DumpReport.Overview) {
        if let threads = o.threads, !threads.isEmpty {
            add("<h2>Threads</h2>")
            table(["Retained", "Frame locals", "Thread", "Stack"], threads.map { t in
                [ByteCount.format(t.retained), ByteCount.format(t.localsRetained), esc(t.name),
                 "<span class=\"mono\">" + t.frames.prefix(8).map(HTMLPage.esc).joined(separator: "<br>") + "</span>"]
            }, numeric: [0, 1])
        }
        if let loaders = o.classLoaders, !loaders.isEmpty {
            add("<h2>Class loaders</h2>")
            table(["Retained", "Classes", "Loader"], loaders.map {
                [ByteCount.format($0.retained), ByteCount.grouped($0.definedClasses), "<code>\(esc($0.class)) \(esc($0.id))</code>"]
            }, numeric: [0, 1])
        }
        if let dups = o.duplicateStrings, !dups.isEmpty {
            add("<h2>Duplicate strings</h2>")
            if let t = o.duplicateStringTotals {
                add("<p>\(ByteCount.grouped(t.texts)) texts held by more than one string waste \(ByteCount.format(t.wastedBytes)) (\(ByteCount.grouped(t.wastedBytes)) B).</p>")
            }
            table(["Wasted", "Copies", "Value"], dups.map {
                [ByteCount.format($0.wastedBytes), ByteCount.grouped($0.copies), "<code>\(esc(String($0.value.prefix(120))))</code>"]
            }, numeric: [0, 1])
        }
        if let cols = o.collections, !cols.isEmpty {
            add("<h2>Collections</h2>")
            table(["Wasted", "Under ¼ full", "Instances", "Class"], cols.map {
                [ByteCount.format($0.wastedBytes), ByteCount.grouped($0.underFilled), ByteCount.grouped($0.instances),
                 "<code>\(esc($0.class))</code>"]
            }, numeric: [0, 1, 2])
        }
    }

    /// Detached DOM nodes (V8), growth since the baseline and what is new and still retained.
    mutating func comparison(_ r: DumpReport) {
        let o = r.overview
        if let detached = o.detachedDOMNodes {
            add("<h2>Detached DOM nodes</h2><p>\(ByteCount.grouped(detached)) DOM node(s) no longer in a document but still retained.</p>")
        } else if o.dom == "none" {
            add("<h2>Detached DOM nodes</h2><p>No DOM: this snapshot holds no Blink DOM nodes (e.g. Node.js).</p>")
        }
        if let growth = r.growth, let base = r.baseline {
            add("<h2>Growth since <code>\(esc(base))</code></h2>")
            if let steps = r.growthPath, let acc = steps.last {
                add("<p>Grew most in <code>\(esc(acc.key)) \(esc(acc.id))</code>: <span class=\"grow\">\(ReportText.signed(acc.retainedDelta))</span> (\(ByteCount.format(acc.oldRetained)) → \(ByteCount.format(acc.newRetained))), via \(steps.map { "<code>\(esc($0.key))</code>" }.joined(separator: " › ")).</p>")
            }
            table(["Retained Δ", "Shallow Δ", "Objects Δ", "Class"], growth.map { g in
                ["<span class=\"\(g.retainedDelta >= 0 ? "grow" : "shrink")\">\(ReportText.signed(g.retainedDelta))</span>",
                 ReportText.signed(g.shallowDelta), (g.countDelta > 0 ? "+" : "") + ByteCount.grouped(g.countDelta),
                 "<code>\(esc(g.class))</code>"]
            }, numeric: [0, 1, 2])
        }
        if let clusters = r.newRetained, !clusters.isEmpty {
            add("<h2>New since the baseline and still retained</h2>")
            table(["Retained", "Objects", "Class", "Path"], clusters.map { c in
                [ByteCount.format(c.retained), ByteCount.grouped(c.count), "<code>\(esc(c.class))</code>",
                 "<span class=\"mono\">" + c.path.map {
                     esc($0.class) + ($0.field.map { " ." + esc($0) } ?? "")
                         + ($0.omittedSteps.map { " → … \(ByteCount.grouped($0)) steps …" } ?? "")
                 }.joined(separator: " → ") + "</span>"]
            }, numeric: [0, 1])
        }
    }
}
