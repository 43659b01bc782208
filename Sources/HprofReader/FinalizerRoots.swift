import DumpProgress
import HeapGraph

/// Objects waiting for finalization are live: the JVM keeps them until their `finalize()` has run. HotSpot holds
/// each through a `java.lang.ref.Finalizer` (Android: `java.lang.ref.FinalizerReference`) whose `referent` is the
/// object; hdx reads every `Reference.referent` as a weak edge, so without this such objects would look unreachable.
/// As MAT does with its "Finalizer" root kind, the referent of a Finalizer becomes a GC root (kind `.finalizing`,
/// shown as "Finalizer") when nothing else keeps it alive: objects that are finalizable but still strongly held keep
/// their real paths and retained sizes, and only the ones pending finalization are counted reachable through this.
enum FinalizerRoots {
    /// Per class index: whether the class is `java.lang.ref.Finalizer`, Android's `FinalizerReference`, or a subclass.
    static func finalizerClasses(names: [String], superIndex: [Int32]) -> [Bool] {
        let targets: Set<String> = ["java.lang.ref.Finalizer", "java.lang.ref.FinalizerReference"]
        // Memoized walk up each superclass chain (0 unknown, 1 yes, 2 no, 3 on the current walk): every class is
        // decided once, so a hierarchy 50,000 levels deep costs 50,000 steps, not 50,000² / 2. A cycle in a damaged
        // dump ends where it closes.
        var state = [UInt8](repeating: 0, count: names.count)
        var walk: [Int] = []
        for k in 0..<names.count where state[k] == 0 {
            var c = k
            var answer: UInt8 = 2
            while c >= 0 && c < names.count {
                if state[c] == 1 || state[c] == 2 { answer = state[c]; break }
                if state[c] == 3 { break }
                if targets.contains(names[c]) { answer = 1; walk.append(c); break }
                state[c] = 3
                walk.append(c)
                c = Int(superIndex[c])
            }
            for w in walk { state[w] = answer }
            walk.removeAll(keepingCapacity: true)
        }
        let result = state.map { $0 == 1 }
        return result
    }

    /// The referents of Finalizer objects (the weak edges of instances of `isFinalizer` classes) that no GC root
    /// reaches over strong references: the objects pending finalization. Sorted, distinct.
    static func pending(classOf: Column<UInt32>, outStart: Column<UInt32>,
                        outEdges: Column<UInt32>, roots: [GCRoot], isFinalizer: [Bool]) -> [UInt32] {
        let n = classOf.count
        let candidates = referents(classOf: classOf, outStart: outStart, outEdges: outEdges, isFinalizer: isFinalizer)
        guard !candidates.isEmpty else { return [] }
        // Strong reachability from the dump's roots (iterative; weak edges skipped), one bit per node.
        var seen = [UInt64](repeating: 0, count: (n + 63) / 64)
        var stack: [UInt32] = []
        outStart.withUnsafeBufferPointer { starts in
        outEdges.withUnsafeBufferPointer { edges in
        seen.withUnsafeMutableBufferPointer { bits in
            func mark(_ t: Int) -> Bool {
                let (w, b) = (t >> 6, UInt64(1) << UInt64(t & 63))
                if bits[w] & b != 0 { return false }
                bits[w] |= b
                return true
            }
            for r in roots where Int(r.node) < n && mark(Int(r.node)) { stack.append(r.node) }
            while let v = stack.popLast() {
                for e in Int(starts[Int(v)])..<Int(starts[Int(v) + 1]) {
                    let raw = edges[e]
                    if Edge.isWeak(raw) { continue }
                    let t = Int(Edge.target(raw))
                    if t < n && mark(t) { stack.append(UInt32(t)) }
                }
            }
        }}}
        return Array(Set(candidates.filter { seen[Int($0) >> 6] & (UInt64(1) << UInt64($0 & 63)) == 0 })).sorted()
    }

    /// The weak edges' targets of instances of `isFinalizer` classes, the nodes cut into one part per core.
    static func referents(classOf: Column<UInt32>, outStart: Column<UInt32>, outEdges: Column<UInt32>,
                          isFinalizer: [Bool]) -> [UInt32] {
        let nodes = 1..<max(classOf.count, 1)
        guard isFinalizer.contains(true), !nodes.isEmpty else { return [] }
        let parts = max(1, min(ParallelSlices.workerCount, nodes.count / (1 << 16)))
        var found = [[UInt32]](repeating: [], count: parts)
        found.withUnsafeMutableBufferPointer { fp in
            let out = SharedBuffer(pointer: fp)
            ParallelSlices.run(parts) { k in
                let range = (nodes.lowerBound + nodes.count * k / parts)..<(nodes.lowerBound + nodes.count * (k + 1) / parts)
                var local: [UInt32] = []
                classOf.withUnsafeBufferPointer(range) { cp in
                isFinalizer.withUnsafeBufferPointer { fin in
                    for (i, c) in cp.enumerated() where Int(c) < fin.count && fin[Int(c)] {
                        let v = range.lowerBound + i
                        for e in Int(outStart[v])..<Int(outStart[v + 1]) where Edge.isWeak(outEdges[e]) {
                            local.append(Edge.target(outEdges[e]))
                        }
                    }
                }}
                out.pointer[k] = local
            }
        }
        return found.flatMap { $0 }
    }
}
