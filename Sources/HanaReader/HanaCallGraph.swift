import DumpInput
/// `[STACK_SHORT]` as a call graph (what SAP's Dump Viewer draws): one node per function, counting the threads
/// whose stack passes through it, and one edge per caller → callee pair, counting the threads that make that call.
/// Threads with a pending exception are kept apart from the others (two clusters), so the failing path stands out.
extension HanaDump {
    public struct CallGraph: Sendable, Equatable {
        public struct Node: Sendable, Equatable {
            public var function: String
            public var threads: Int
        }
        public struct Edge: Sendable, Equatable {
            public var caller: Int
            public var callee: Int
            public var threads: Int
        }
        public var nodes: [Node] = []
        public var edges: [Edge] = []
        public var threadCount = 0
    }

    /// The call graphs of the normal threads and of the threads with pending exceptions.
    public func callGraphs(fullSymbols: Bool = false) -> (normal: CallGraph, exception: CallGraph) {
        var graphs = [CallGraph(), CallGraph()]
        var nodeIndex: [[String: Int]] = [[:], [:]]
        var edgeIndex: [[Int: Int]] = [[:], [:]]   // key: caller << 32 | callee
        // Distinct stacks in the order of their first thread: nodes and edges are numbered as a walk over the
        // threads in file order would number them; each stack counts for its threads.
        let agg = stackAggregate(fullSymbols: fullSymbols, threadNames: false, foldSafe: false)
        for k in 0..<agg.stacks.count {
            let g = Int(agg.stacks.groups[k])
            let n = agg.stacks.counts[k]
            graphs[g].threadCount += n
            var seenNodes = Set<Int>(), seenEdges = Set<Int>()
            var previous: Int?
            for id in agg.stacks.stack(k) {
                let name = agg.names[Int(id)]
                let node: Int
                if let known = nodeIndex[g][name] { node = known } else {
                    node = graphs[g].nodes.count
                    graphs[g].nodes.append(CallGraph.Node(function: name, threads: 0))
                    nodeIndex[g][name] = node
                }
                if seenNodes.insert(node).inserted { graphs[g].nodes[node].threads += n }
                if let p = previous {
                    let key = p << 32 | node
                    if seenEdges.insert(key).inserted {
                        if let e = edgeIndex[g][key] { graphs[g].edges[e].threads += n } else {
                            edgeIndex[g][key] = graphs[g].edges.count
                            graphs[g].edges.append(CallGraph.Edge(caller: p, callee: node, threads: n))
                        }
                    }
                }
                previous = node
            }
        }
        return (graphs[0], graphs[1])
    }

    /// The call graphs as one Graphviz DOT digraph: a cluster for normal threads and one (red) for threads with
    /// pending exceptions; node labels are the function and its thread count, edge labels the calling threads.
    public func callGraphDOT(fullSymbols: Bool = false) -> String {
        let (normal, exception) = callGraphs(fullSymbols: fullSymbols)
        var out = "digraph \"hana_stacks\" {\n"
        out += "  graph [rankdir=TB, fontname=\"Helvetica\", label=\"" + HanaDump.dotEscape(process.service ?? "HANA")
            + " thread stacks: caller -> callee, counts are threads\"];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for (prefix, g, title, fill, pen) in [("n", normal, "threads without exceptions", "#dde8f6", "#3b6ea8"),
                                               ("e", exception, "threads with pending exceptions", "#f9d6d5", "#c0392b")] {
            out += "  subgraph \"cluster_\(prefix)\" {\n"
            out += "    label=\"\(title) (\(g.threadCount))\"; color=\"\(pen)\";\n"
            let most = max(g.nodes.map(\.threads).max() ?? 1, 1)
            for (i, n) in g.nodes.enumerated() {
                out += "    \(prefix)\(i) [label=\"" + HanaDump.dotEscape(n.function) + "\\n\(n.threads) thread"
                    + (n.threads == 1 ? "" : "s") + "\", fillcolor=\"\(fill)\", color=\"\(pen)\""
                    + (n.threads * 2 > most ? ", penwidth=2" : "") + "];\n"
            }
            for e in g.edges {
                let w = 1 + Double(e.threads) * 3 / Double(most)
                out += "    \(prefix)\(e.caller) -> \(prefix)\(e.callee) [label=\"\(e.threads)\", penwidth="
                    + String(format1(w)) + ", color=\"\(pen)\"];\n"
            }
            out += "  }\n"
        }
        return out + "}\n"
    }

    /// Text for a DOT double-quoted string: `"` and `\` escaped, line breaks and other control characters as
    /// visible `\xNN` (DOT would read `\n`, `\l`, `\r` as layout commands otherwise).
    public static func dotEscape(_ s: String) -> String {
        // Controls, bidi and separators shown visibly first (TerminalText: the rule of every output), then DOT's
        // quote and backslash escapes, so a visible `\x1b` reads `\\x1b` in the file and `\x1b` in the drawing.
        var out = ""
        for u in TerminalText.visible(s).unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// The allocator tree as folded lines (`Pool;ColumnStore;Main 12345`, exclusive bytes; allocators with none
    /// are left out), the input of flamegraph.pl and speedscope: widths are then inclusive sizes.
    public func foldedAllocators() -> [String] {
        var lines: [String] = []
        let tree = allocators
        if tree.rootExclusive > 0 { lines.append("(root) \(tree.rootExclusive)") }
        for a in tree.allocators where a.exclusive > 0 {
            let frames = a.path.split(separator: "/", omittingEmptySubsequences: true).map { HanaDump.foldSafe(String($0)) }
            lines.append(frames.joined(separator: ";") + " \(a.exclusive)")
        }
        return lines
    }
}

private func format1(_ v: Double) -> String {
    let tenths = Int((v * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
