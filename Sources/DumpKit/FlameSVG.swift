import DumpInput
import HanaReader
import HeapAnalysis
import HeapGraph

/// A flame graph for the HTML report, drawn as inline SVG (no script: hovering a box shows its `<title>`). Boxes
/// hang from the root at the top (an icicle); a box's width is its value's share of the root's, children left to
/// right biggest first, so siblings never overflow their parent. Every text from the dump is XML-escaped.
public struct FlameSVG: Sendable {
    public struct Node: Sendable, Equatable {
        public var name: String
        public var value: UInt64
        public var parent: Int
        public var children: [Int] = []
    }

    public var title: String
    /// What a box's width measures (`retained bytes`, `threads`).
    public var unit: String
    public var nodes: [Node]

    public init(title: String, unit: String, rootName: String, rootValue: UInt64) {
        self.title = title
        self.unit = unit
        nodes = [Node(name: rootName, value: rootValue, parent: -1)]
    }

    @discardableResult
    public mutating func add(_ name: String, value: UInt64, under parent: Int) -> Int {
        nodes.append(Node(name: name, value: value, parent: parent))
        nodes[parent].children.append(nodes.count - 1)
        return nodes.count - 1
    }

    // MARK: Sources

    /// HPROF and V8: the dominator tree folded by class, retained bytes as width, `maxDepth` levels, boxes below
    /// `minShare` of the reachable heap left out.
    public static func dominatorsByClass(_ index: HeapIndex, maxDepth: Int = 12, minShare: Double = 0.001) -> FlameSVG {
        let minBytes = max(UInt64(Double(index.reachableBytes) * minShare), 1)
        let tree = ClassTree(index: index, maxDepth: maxDepth, minBytes: minBytes)
        var f = FlameSVG(title: "Dominator tree by class", unit: "retained bytes", rootName: "all reachable objects",
                         rootValue: index.reachableBytes)
        var map = [0]
        map.reserveCapacity(tree.count)
        for v in 1..<max(tree.count, 1) {
            let n = tree.nodes[v]
            map.append(f.add(n.key + (n.count > 1 ? " ×\(n.count)" : ""), value: n.retained, under: map[n.parent]))
        }
        return f
    }

    /// HANA: the allocator tree, inclusive bytes as width (what the Dump Analyzer's memory flame graph shows).
    public static func allocators(_ dump: HanaDump, minShare: Double = 0.001) -> FlameSVG? {
        let tree = dump.allocators
        guard !tree.allocators.isEmpty else { return nil }
        let total = tree.totalInclusive
        let minBytes = UInt64(Double(total) * minShare)
        var f = FlameSVG(title: "Memory allocators (\(tree.source.rawValue))", unit: "inclusive bytes",
                         rootName: "/", rootValue: total)
        var stack: [(allocator: Int, node: Int)] = tree.topLevel.sorted { tree.allocators[$0].inclusive > tree.allocators[$1].inclusive }
            .reversed().map { ($0, 0) }
        while let (a, parent) = stack.popLast() {
            let al = tree.allocators[a]
            guard al.inclusive >= minBytes, al.inclusive > 0 else { continue }
            let node = f.add(al.name, value: al.inclusive, under: parent)
            let kids = tree.children(of: a).sorted { tree.allocators[$0].inclusive > tree.allocators[$1].inclusive }
            for k in kids.reversed() { stack.append((k, node)) }
        }
        return f
    }

    /// HANA: the thread stacks merged from the outermost frame, threads as width (the Dump Analyzer's call-stack
    /// flame graph).
    public static func threadStacks(_ dump: HanaDump) -> FlameSVG? {
        let lines = dump.foldedStacks()
        guard !lines.isEmpty else { return nil }
        var f = FlameSVG(title: "Thread stacks", unit: "threads", rootName: "all threads", rootValue: 0)
        var index: [Int: [String: Int]] = [:]
        for line in lines {
            guard let sp = line.lastIndex(of: " "), let n = UInt64(line[line.index(after: sp)...]) else { continue }
            f.nodes[0].value += n
            var at = 0
            for frame in line[..<sp].split(separator: ";") {
                let name = String(frame)
                if let c = index[at]?[name] { at = c } else {
                    let c = f.add(name, value: 0, under: at)
                    index[at, default: [:]][name] = c
                    at = c
                }
                f.nodes[at].value += n
            }
        }
        let nodes = f.nodes
        for v in nodes.indices where nodes[v].children.count > 1 {
            f.nodes[v].children.sort { a, b in
                nodes[a].value != nodes[b].value ? nodes[a].value > nodes[b].value : nodes[a].name < nodes[b].name
            }
        }
        return f
    }

    /// The flame graphs of the HTML report: HANA the allocators and the thread stacks, HPROF and V8 the dominator
    /// tree by class.
    public static func forReport(_ dump: LoadedDump) -> [FlameSVG] {
        if let hana = dump.hana { return [allocators(hana), threadStacks(hana)].compactMap { $0 } }
        return [dominatorsByClass(dump.index)]
    }

    // MARK: SVG

    public static let width = 1080.0
    static let rowHeight = 18.0

    /// The SVG element. Each box is `<g class="f" data-value="…"><title>…</title><rect …/><text …/></g>`; the
    /// root's box spans the full width.
    public func svg() -> String {
        let total = Double(max(nodes[0].value, 1))
        var rows: [(node: Int, depth: Int, x: Double)] = []
        var stack: [(Int, Int, Double)] = [(0, 0, 0)]
        var depth = 0
        while let (v, d, x) = stack.popLast() {
            rows.append((v, d, x))
            depth = max(depth, d)
            var cx = x
            var kids: [(Int, Int, Double)] = []
            for c in nodes[v].children {
                kids.append((c, d + 1, cx))
                cx += Double(nodes[c].value) / total * FlameSVG.width
            }
            stack.append(contentsOf: kids.reversed())
        }
        let height = Double(depth + 1) * FlameSVG.rowHeight + 2
        // No xmlns: inline in HTML the parser puts <svg> in the SVG namespace itself (and the page names no URL).
        var s = "<svg class=\"flame\" width=\"\(Int(FlameSVG.width))\" height=\"\(Int(height))\" "
        s += "viewBox=\"0 0 \(Int(FlameSVG.width)) \(Int(height))\" role=\"img\" aria-label=\"" + FlameSVG.xml(title) + "\" "
        s += "data-unit=\"" + FlameSVG.xml(unit) + "\" data-total=\"\(nodes[0].value)\">\n"
        for (v, d, x) in rows {
            let n = nodes[v]
            let w = Double(n.value) / total * FlameSVG.width
            guard w >= 0.1 else { continue }
            let y = Double(d) * FlameSVG.rowHeight
            let pct = Double(n.value) / total * 100
            s += "<g class=\"f\" data-value=\"\(n.value)\" data-depth=\"\(d)\"><title>" + FlameSVG.xml(n.name) + " — "
                + ByteCount.grouped(Int(clamping: n.value)) + " " + FlameSVG.xml(unit) + " (" + FlameSVG.fixed(pct, 2) + "%)</title>"
            s += "<rect x=\"" + FlameSVG.fixed(x, 2) + "\" y=\"" + FlameSVG.fixed(y, 0) + "\" width=\"" + FlameSVG.fixed(w, 2)
                + "\" height=\"\(Int(FlameSVG.rowHeight) - 1)\" fill=\"" + FlameSVG.color(n.name, root: v == 0) + "\"/>"
            // About 6.5 px per character at 11 px: the label is cut to fit its box (and left out below 3 characters).
            let fits = Int((w - 6) / 6.5)
            if fits >= 3 {
                let label = n.name.count <= fits ? n.name : String(n.name.prefix(fits - 1)) + "…"
                s += "<text x=\"" + FlameSVG.fixed(x + 3, 2) + "\" y=\"" + FlameSVG.fixed(y + 12.5, 1) + "\">" + FlameSVG.xml(label) + "</text>"
            }
            s += "</g>\n"
        }
        return s + "</svg>"
    }

    /// XML text and attribute escaping of dump content: control, bidi and separator characters are first shown
    /// visibly (`TerminalText`, the rule of every other output: `\x1b`, `\r`, `\u202e`), so none reaches the page raw
    /// and none XML 1.0 forbids remains; then the five XML specials are escaped.
    static func xml(_ s: String) -> String {
        var o = ""
        for u in TerminalText.visible(s).unicodeScalars {
            switch u {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&#39;"
            case "\u{FFFE}", "\u{FFFF}": o += "\u{FFFD}"
            default: o.unicodeScalars.append(u)
            }
        }
        return o
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let n = Int((v * scale).rounded())
        guard digits > 0 else { return String(n) }
        let whole = n / Int(scale), frac = abs(n % Int(scale))
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        return (n < 0 && whole == 0 ? "-" : "") + "\(whole).\(f)"
    }

    /// Warm colours picked by a hash of the name, so one class has one colour everywhere.
    static func color(_ name: String, root: Bool) -> String {
        if root { return "#c9cdd4" }
        var h: UInt32 = 2_166_136_261
        for b in name.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        let r = 205 + Int(h % 50), g = 90 + Int((h >> 8) % 130), b = 40 + Int((h >> 16) % 50)
        return "rgb(\(r),\(g),\(b))"
    }
}
