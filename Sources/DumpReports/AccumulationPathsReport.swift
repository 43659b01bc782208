import DumpInput
import DumpKit
import HeapAnalysis
import HeapGraph

extension DumpReport {
    /// A suspect's `accumulationPaths` (MAT's "Shortest Paths To the Accumulation Point"): the shortest path from
    /// each static field or GC root that holds the accumulation point (`AccumulationPaths`), the first `shownPaths`
    /// of them merged into a tree from the accumulation point outward. Entry 0 is the accumulation point; every
    /// other entry names its `parent` entry and the `field` through which it references that parent's object; the
    /// first object of a path (a leaf) says what holds it (`holder`).
    public struct AccumulationPathsTree: Encodable, Sendable {
        public struct Entry: Encodable, Sendable {
            public var id: String
            public var `class`: String
            public var retained: UInt64
            /// Paths that run through this entry.
            public var paths: Int
            public var parent: Int?
            public var field: String?
            /// On a path's first object: `static field OrderDesk.ORDER_CACHE` or `GC root: thread object`.
            public var holder: String?
            /// On the first object of a path longer than `maxSteps`: steps left out between it and the next entry
            /// toward the accumulation point (its `field` is then absent).
            public var omittedSteps: Int?
        }

        /// Ways in found (hold points); `more` of them are not in the tree.
        public var found: Int
        public var shown: Int
        public var more: Int
        /// False when the search stopped at its budget (1,000,000 objects): there may be more than `found`.
        public var complete: Bool
        public var tree: [Entry]

        public static let shownPaths = 10
        public static let maxSteps = 30
        /// Levels of tree lines in `lines()` (3 columns each) before deeper rows stop moving right.
        public static let maxIndent = 10

        static func make(_ found: AccumulationPaths, index: HeapIndex, classObjects: Set<UInt32>)
            -> AccumulationPathsTree {
            var holders: [(text: String, omitted: Int?)] = []
            var paths: [[UInt32]] = []
            for (k, p) in found.paths.enumerated() {
                let text = found.holder(k, index: index)
                if p.count > maxSteps {
                    holders.append((text, p.count - maxSteps))
                    paths.append([p[0]] + p.suffix(maxSteps - 1))
                } else {
                    holders.append((text, nil))
                    paths.append(p)
                }
            }
            let (merged, holdOf) = AccumulationPaths.merged(paths)
            var parent = [Int?](repeating: nil, count: merged.nodes.count)
            for (i, kids) in merged.children.enumerated() { for k in kids { parent[k] = i } }
            let details = index.details
            let entries = merged.nodes.enumerated().map { i, n -> Entry in
                let hold = holdOf[i]
                let holder = hold.map { holders[$0] }
                let field = parent[i].flatMap { p in
                    // A holder's static is named even when a VM link (`<classloader>`) goes to the same object.
                    holder?.omitted == nil
                        ? (hold.flatMap { found.fields[$0] } ?? details.referenceName(from: n, to: merged.nodes[p]) ?? "?")
                        : nil
                }
                return Entry(id: details.idString(n), class: details.displayClassName(n),
                             retained: index.tree.retained[Int(n)], paths: merged.pathCount[i], parent: parent[i],
                             field: field, holder: holder?.text, omittedSteps: holder?.omitted)
            }
            return AccumulationPathsTree(found: found.found, shown: found.paths.count, more: found.more,
                                         complete: found.complete, tree: entries)
        }

        /// The tree as text lines, tree lines drawn with box characters, the accumulation point first (indented at
        /// most `maxIndent` levels: 30 columns).
        public func lines() -> [String] {
            guard !tree.isEmpty else { return [] }
            var children = [[Int]](repeating: [], count: tree.count)
            for (i, e) in tree.enumerated() { if let p = e.parent, p < tree.count { children[p].append(i) } }
            var out: [String] = []
            var stack: [(entry: Int, own: String, child: String)] = [(0, "", "")]
            while let top = stack.popLast() {
                let e = tree[top.entry]
                let via = e.field.map { "\($0) in " } ?? ""
                let gap = e.omittedSteps.map { " … \(ByteCount.grouped($0)) objects between …" } ?? ""
                out.append(top.own + via + "\(e.class) \(e.id)  (\(e.paths == 1 ? "1 path" : "\(e.paths) paths"), "
                           + ByteCount.format(e.retained) + ")" + gap)
                let kids = children[top.entry]
                if kids.isEmpty, let holder = e.holder { out.append(top.child + "└─ held by " + holder) }
                // Tree lines go at most `maxIndent` levels deep; deeper rows keep the innermost levels.
                let inherited = top.child.count >= 3 * Self.maxIndent ? String(top.child.dropFirst(3)) : top.child
                for (k, c) in kids.enumerated().reversed() {
                    let last = k == kids.count - 1
                    stack.append((c, inherited + (last ? "└─ " : "├─ "), inherited + (last ? "   " : "│  ")))
                }
            }
            return out.map(TerminalText.visible)
        }

        /// The heading line: `3 ways in (weak references excluded)`, and how many are not shown.
        public var heading: String {
            let ways = found == 1 ? "1 way in" : "\(ByteCount.grouped(found))\(complete ? "" : "+") ways in"
            let rest = more > 0 ? ", the first \(shown) shown, \(ByteCount.grouped(more))\(complete ? "" : "+") more"
                : ""
            return "paths to the accumulation point: \(ways)\(rest) (weak references excluded)"
        }
    }
}

extension SuspectRows {
    func accumulationPaths(to node: UInt32, classObjects: Set<UInt32>,
                           limit: Int = DumpReport.AccumulationPathsTree.shownPaths)
        -> DumpReport.AccumulationPathsTree? {
        let found = AccumulationPaths.find(in: index, to: node, limit: limit, classObjects: classObjects)
        return found.found == 0 ? nil : .make(found, index: index, classObjects: classObjects)
    }
}
