/// Immediate dominators by the SEMI-NCA algorithm (Georgiadis, Tarjan, Werneck 2006), as LLVM and LeakCanary
/// use it: a DFS numbering, semidominators by path-compressed evaluation in reverse preorder, then each idom as the
/// nearest common ancestor of parent and semidominator. Everything is iterative (a 10-million-node linked list is
/// fine) and works on `UInt32` arrays indexed by DFS number. Weak edges are ignored.
public struct Dominators: Sendable {
    /// Per node: its immediate dominator, `HeapGraph.none` for the super-root and for unreachable nodes.
    public let idom: ContiguousArray<UInt32>
    /// Reachable nodes in DFS preorder; `preorder[0]` is the super-root. Every node comes after its idom.
    public let preorder: ContiguousArray<UInt32>

    public var reachableCount: Int { preorder.count }

    public init(graph: HeapGraph, progress: ((Double) -> Void)? = nil) {
        let n = graph.nodeCount
        // 1. Iterative DFS from the super-root over strong edges. `num[node]` is 1-based, 0 = unvisited.
        var num = ContiguousArray<UInt32>(repeating: 0, count: n)
        var vertex = ContiguousArray<UInt32>(repeating: 0, count: n + 1)
        var parent = ContiguousArray<UInt32>(repeating: 0, count: n + 1)
        var semi = ContiguousArray<UInt32>(repeating: 0, count: n + 1)   // first the DFS edge cursor
        var count: UInt32 = 0
        num.withUnsafeMutableBufferPointer { num in
        vertex.withUnsafeMutableBufferPointer { vertex in
        parent.withUnsafeMutableBufferPointer { parent in
        semi.withUnsafeMutableBufferPointer { cursor in
        graph.outStart.withUnsafeBufferPointer { os in
        graph.outEdges.withUnsafeBufferPointer { oe in
        graph.rootNodes.withUnsafeBufferPointer { rn in
            count = 1
            num[0] = 1
            vertex[1] = 0
            parent[1] = 0
            cursor[1] = 0
            var cur: UInt32 = 1
            while cur != 0 {
                let v = Int(vertex[Int(cur)])
                let pos = Int(cursor[Int(cur)])
                let raw: UInt32
                if v == 0 {
                    guard pos < rn.count else { cur = parent[Int(cur)]; continue }
                    raw = rn[pos]
                } else {
                    guard pos < Int(os[v + 1]) - Int(os[v]) else { cur = parent[Int(cur)]; continue }
                    raw = oe[Int(os[v]) + pos]
                }
                cursor[Int(cur)] = UInt32(pos + 1)
                if raw & Edge.weakBit != 0 { continue }
                let w = Int(raw)
                if num[w] == 0 {
                    count += 1
                    num[w] = count
                    vertex[Int(count)] = UInt32(w)
                    parent[Int(count)] = cur
                    cursor[Int(count)] = 0
                    cur = count
                }
            }
        }}}}}}}
        progress?(0.3)
        MemoryTrace.note("dominators: after DFS")
        let reach = Int(count)
        // idom starts as the DFS parent (in DFS numbers); `parent` becomes the path-compression ancestor.
        var idomNum = ContiguousArray<UInt32>(parent[0...reach])
        var label = ContiguousArray<UInt32>(0...UInt32(reach))
        // 2. Semidominators in reverse preorder.
        num.withUnsafeBufferPointer { num in
        vertex.withUnsafeBufferPointer { vertex in
        parent.withUnsafeMutableBufferPointer { ancestor in
        semi.withUnsafeMutableBufferPointer { semi in
        label.withUnsafeMutableBufferPointer { label in
        graph.inStart.withUnsafeBufferPointer { ist in
        graph.inEdges.withUnsafeBufferPointer { ie in
            for i in 0...reach { semi[i] = UInt32(i) }
            var stack = ContiguousArray<UInt32>()
            var i = reach
            while i >= 2 {
                let w = Int(vertex[i])
                var s = ancestor[i]   // the DFS parent: a candidate semidominator
                let lastLinked = UInt32(i + 1)
                for k in Int(ist[w])..<Int(ist[w + 1]) {
                    let raw = ie[k]
                    if raw & Edge.weakBit != 0 { continue }
                    let vnum = num[Int(raw)]
                    if vnum == 0 { continue }   // predecessor not reachable
                    // eval(vnum): label with the smallest semi on the compressed ancestor path.
                    var u: UInt32
                    if ancestor[Int(vnum)] < lastLinked {
                        u = label[Int(vnum)]
                    } else {
                        var x = vnum
                        repeat {
                            stack.append(x)
                            x = ancestor[Int(x)]
                        } while ancestor[Int(x)] >= lastLinked
                        var p = x
                        var pLabel = label[Int(p)]
                        var y: UInt32 = x
                        while let top = stack.popLast() {
                            y = top
                            ancestor[Int(y)] = ancestor[Int(p)]
                            let yLabel = label[Int(y)]
                            if semi[Int(pLabel)] < semi[Int(yLabel)] {
                                label[Int(y)] = pLabel
                            } else {
                                pLabel = yLabel
                            }
                            p = y
                        }
                        u = label[Int(y)]
                    }
                    let su = semi[Int(u)]
                    if su < s { s = su }
                }
                semi[i] = s
                i -= 1
            }
        }}}}}}}
        progress?(0.7)
        MemoryTrace.note("dominators: after semidominators")
        // 3. idom = nearest common ancestor of the DFS parent and the semidominator, in preorder.
        idomNum.withUnsafeMutableBufferPointer { idom in
            semi.withUnsafeBufferPointer { semi in
                if reach >= 2 {
                    for i in 2...reach {
                        var cand = idom[i]
                        let sd = semi[i]
                        while cand > sd { cand = idom[Int(cand)] }
                        idom[i] = cand
                    }
                }
            }
        }
        // 4. Back to node ids. The per-number arrays step 3 no longer needs go first, so that the node-indexed
        // result does not raise the peak (on a 15-million-object dump this saves about 180 MB at the peak).
        num = []
        label = []
        parent = []
        semi = []
        var idomByNode = ContiguousArray<UInt32>(repeating: HeapGraph.none, count: n)
        idomByNode.withUnsafeMutableBufferPointer { out in
            vertex.withUnsafeBufferPointer { vertex in
                idomNum.withUnsafeBufferPointer { idom in
                    if reach >= 2 {
                        for i in 2...reach { out[Int(vertex[i])] = vertex[Int(idom[i])] }
                    }
                }
            }
        }
        idom = idomByNode
        vertex.removeLast(vertex.count - reach - 1)
        vertex.removeFirst()
        preorder = vertex
        progress?(1)
    }
}
