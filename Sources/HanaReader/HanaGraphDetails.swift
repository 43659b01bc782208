import HeapGraph

/// The allocator tree as a graph: one node per allocator (class = its full path, shallow = exclusive bytes), edges
/// parent → child, top-level allocators as roots, so that retained size = inclusive size and the dominator tree is
/// the allocator tree.
struct HanaGraphDetails: GraphDetails {
    let tree: HanaAllocatorTree
    /// Per node: the allocator index, or -1 for the root allocator `/` (node 0 is the super-root).
    let allocatorOf: [Int32]
    let nodeByPath: [String: UInt32]

    func idString(_ node: UInt32) -> String {
        let a = allocatorIndex(node)
        if a == -1 { return "/" }
        if a < -1 { return "" }
        return tree.allocators[a].path
    }

    func node(forIDString text: String) -> UInt32? {
        let t = text.trimmed
        if let n = nodeByPath[t] { return n }
        return nodeByPath[HanaAllocatorTree.normalize(t)]
    }

    func referenceName(from source: UInt32, to target: UInt32) -> String? {
        let a = allocatorIndex(target)
        return a >= 0 ? tree.allocators[a].name : nil
    }

    func preview(_ node: UInt32) -> String? {
        let a = allocatorIndex(node)
        guard a >= 0 else { return a == -1 ? "root allocator" : nil }
        let al = tree.allocators[a]
        // The inclusive size is the retained size the screens show beside it.
        var s = al.component
        if !al.listed { s += (s.isEmpty ? "" : ", ") + "not listed in the dump" }
        return s.isEmpty ? nil : s
    }

    func fields(of node: UInt32) -> [FieldValue] {
        let a = allocatorIndex(node)
        guard a >= 0 else {
            return a == -1 ? [FieldValue(name: "exclusive", type: "bytes", value: "\(tree.rootExclusive)")] : []
        }
        let al = tree.allocators[a]
        var out = [FieldValue(name: "component", type: "text", value: al.component),
                   FieldValue(name: "exclusive", type: "bytes", value: "\(al.exclusive)"),
                   FieldValue(name: "inclusive", type: "bytes", value: "\(al.inclusive)")]
        if let p = al.printedInclusive { out.append(FieldValue(name: "printed inclusive", type: "bytes", value: "\(p)")) }
        if let s = al.allocatedSize { out.append(FieldValue(name: "exclusive allocated", type: "bytes", value: "\(s)")) }
        if let c = al.allocatedCount { out.append(FieldValue(name: "allocations", type: "count", value: "\(c)")) }
        for c in tree.children(of: a) {
            out.append(FieldValue(name: tree.allocators[c].name, type: "allocator",
                                  value: HanaSize.format(tree.allocators[c].inclusive),
                                  target: nodeByPath[tree.allocators[c].path]))
        }
        return out
    }

    func displayClassName(_ node: UInt32) -> String { idString(node) }

    private func allocatorIndex(_ node: UInt32) -> Int {
        guard node > 0, Int(node) < allocatorOf.count else { return -2 }
        return Int(allocatorOf[Int(node)])
    }

    /// Builds the graph and its details.
    static func graph(for tree: HanaAllocatorTree) throws(HeapGraph.BuildError) -> (HeapGraph, HanaGraphDetails) {
        let n = tree.allocators.count
        let hasRootNode = tree.rootExclusive > 0
        let nodeCount = 1 + n + (hasRootNode ? 1 : 0)
        var ids = ContiguousArray<UInt64>(repeating: 0, count: nodeCount)
        var classOf = ContiguousArray<UInt32>(repeating: 0, count: nodeCount)
        var shallow = ContiguousArray<UInt32>(repeating: 0, count: nodeCount)
        var large: [UInt32: UInt64] = [:]
        var outStart = ContiguousArray<UInt32>(repeating: 0, count: nodeCount + 1)
        var outEdges = ContiguousArray<UInt32>()
        var names: [String] = ["(super-root)"]
        var allocatorOf = [Int32](repeating: -2, count: nodeCount)
        var nodeByPath: [String: UInt32] = [:]
        var roots: [GCRoot] = []
        func setShallow(_ node: Int, _ bytes: UInt64) {
            if bytes >= UInt64(UInt32.max) {
                shallow[node] = .max
                large[UInt32(node)] = bytes
            } else {
                shallow[node] = UInt32(bytes)
            }
        }
        for (i, a) in tree.allocators.enumerated() {
            let node = i + 1
            ids[node] = UInt64(node)
            classOf[node] = UInt32(names.count)
            names.append(a.path)
            setShallow(node, a.exclusive)
            allocatorOf[node] = Int32(i)
            nodeByPath[a.path] = UInt32(node)
            if a.parent < 0 { roots.append(GCRoot(node: UInt32(node), kind: .other)) }
        }
        if hasRootNode {
            let node = n + 1
            ids[node] = UInt64(node)
            classOf[node] = UInt32(names.count)
            names.append("/")
            setShallow(node, tree.rootExclusive)
            allocatorOf[node] = -1
            nodeByPath["/"] = UInt32(node)
            roots.append(GCRoot(node: UInt32(node), kind: .other))
        }
        outStart[0] = 0
        outStart[1] = 0
        for node in 1..<nodeCount {
            let a = Int(allocatorOf[node])
            if a >= 0 {
                for c in tree.children(of: a) { outEdges.append(UInt32(c + 1)) }
            }
            outStart[node + 1] = UInt32(outEdges.count)
        }
        let graph = try HeapGraph(objectIDs: ids, classOf: classOf, shallow32: shallow, largeShallow: large,
                                  outStart: outStart, outEdges: outEdges, roots: roots,
                                  classes: ClassTable(names: names))
        return (graph, HanaGraphDetails(tree: tree, allocatorOf: allocatorOf, nodeByPath: nodeByPath))
    }
}
