import DumpInput
import DumpKit
import HeapGraph
import HprofReader

extension DumpReport {
    /// MAT's Top Consumers "Biggest Top-Level Dominator Packages": the top-level dominators (the dominator tree's
    /// nodes right under the GC roots, which split the reachable heap without overlap) grouped by the package of
    /// their class, every package level summed. A class object counts under the class it stands for (its statics),
    /// an array under its element class; classes without a package under `<default>`.
    public struct PackageRow: Encodable, Sendable, Equatable {
        /// `java.util`, `com.example`, `<default>`.
        public var package: String
        /// 1 for a top-level package (`java`), 2 for `java.util`, …
        public var depth: Int
        /// Top-level dominators in the package and its subpackages.
        public var objects: Int
        public var retained: UInt64
        public var percent: Double
    }

    /// The package tree in pre-order (biggest first at each level), packages retaining at least `minimumShare` of the
    /// reachable heap, at most `maxDepth` levels and `limit` rows. HPROF only (nil for other formats).
    static func topPackages(of dump: LoadedDump, minimumShare: Double = 0.01, maxDepth: Int = 4,
                            limit: Int = 30) -> [PackageRow]? {
        guard dump.extras(HprofDump.self) != nil else { return nil }
        let index = dump.index
        let graph = index.graph
        let total = index.reachableBytes
        var standsFor: [UInt32: String] = [:]
        for (k, c) in graph.classes.classObjects.enumerated() { if let c { standsFor[c] = graph.classes.names[k] } }
        // Each package path (joined by dots) → (objects, retained).
        var sums: [String: (objects: Int, retained: UInt64)] = [:]
        for n in index.tree.children(of: HeapGraph.superRoot) {
            let name = standsFor[n] ?? graph.classes[graph.classOf[Int(n)]]
            let retained = index.tree.retained[Int(n)]
            for prefix in packagePrefixes(of: name, maxDepth: maxDepth) {
                sums[prefix, default: (0, 0)].objects += 1
                sums[prefix, default: (0, 0)].retained += retained
            }
        }
        let floor = UInt64(Double(total) * minimumShare)
        func pct(_ v: UInt64) -> Double { total == 0 ? 0 : (Double(v) / Double(total) * 1000).rounded() / 10 }
        func kids(of parent: String?, depth: Int) -> [String] {
            sums.keys.filter { key in
                let level = key == "<default>" ? 1 : key.split(separator: ".").count
                guard level == depth, sums[key, default: (0, 0)].retained >= floor else { return false }
                return parent.map { key.hasPrefix($0 + ".") } ?? true
            }.sorted { a, b in
                let x = sums[a, default: (0, 0)].retained, y = sums[b, default: (0, 0)].retained
                return x != y ? x > y : a < b
            }
        }
        var rows: [PackageRow] = []
        var stack: [(String, Int)] = kids(of: nil, depth: 1).reversed().map { ($0, 1) }
        while rows.count < limit, let (key, depth) = stack.popLast() {
            let s = sums[key, default: (0, 0)]
            rows.append(PackageRow(package: key, depth: depth, objects: s.objects, retained: s.retained,
                                   percent: pct(s.retained)))
            if depth < maxDepth, key != "<default>" {
                stack += kids(of: key, depth: depth + 1).reversed().map { ($0, depth + 1) }
            }
        }
        return rows
    }

    /// `java.util.HashMap$Node[]` → `java`, `java.util`; `LeakDemo` → `<default>`.
    static func packagePrefixes(of className: String, maxDepth: Int) -> [String] {
        var name = Substring(className)
        while name.hasSuffix("[]") { name = name.dropLast(2) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).dropLast()
        guard !parts.isEmpty else { return ["<default>"] }
        var out: [String] = []
        var path = ""
        for p in parts.prefix(maxDepth) {
            path += (path.isEmpty ? "" : ".") + p
            out.append(path)
        }
        return out
    }

    /// The text report's section: `TOP PACKAGES` with the tree indented two spaces per level.
    static func topPackagesLines(_ rows: [PackageRow]?) -> [String] {
        guard let rows, !rows.isEmpty else { return [] }
        var out = ["", "TOP PACKAGES (top-level dominators by package, MAT's top consumers)"]
        let width = rows.map { ByteCount.format($0.retained).count }.max() ?? 0
        for r in rows {
            let size = ByteCount.format(r.retained)
            out.append("  " + String(repeating: " ", count: width - size.count) + size
                       + "  " + String(repeating: " ", count: max(0, 5 - "\(r.percent)".count)) + "\(r.percent)%  "
                       + String(repeating: "  ", count: r.depth - 1) + r.package
                       + "  (\(ByteCount.grouped(r.objects)) \(r.objects == 1 ? "object" : "objects"))")
        }
        return out.map(TerminalText.visible)
    }
}
