import DumpInput
import HeapGraph

/// The out-of-core V8 build (issue 13): when the index's estimate exceeds the memory budget (`--max-memory`, 3/4 of
/// what is available) or `HDX_FORCE_OUT_OF_CORE=1`, the reader's big arrays (node columns, edges, the DevTools
/// rules' per-node arrays, class numbers, retainer distances) and the shared graph's (edges both ways, id table,
/// dominators, retained sizes) live in mapped private temporary files (`ArrayStorage`, `FileBackedArrays.swift`).
/// The snapshot itself is read from its mapping (file pages the kernel can drop). Answers are the same as in memory.
extension SnapshotLoad {
    /// Chooses `storage` for an index of `nodes` nodes and `edges` references; out of core, adds the warning (the
    /// same words as HPROF's) and shows the reason on the loading screen. Throws only when the address space
    /// (`ulimit -v`) cannot hold the index, mapped or not.
    mutating func chooseStorage(nodes: Int, edges: Int) throws(DumpError) {
        let needed = nodes * V8Snapshot.bytesPerNode + edges * V8Snapshot.bytesPerEdge
        let plan = try MemoryBudget.plan(needed: needed, file: path,
                                         what: "the index of \(nodes) nodes and \(edges) references")
        guard plan.outOfCore, let reason = plan.reason else { return }
        let (chosen, caveat) = ArrayStorage.probeOutOfCore()
        storage = chosen
        progress?.phase(plan.shortReason ?? "out of core", 0)
        let place = chosen.directory.map {
            "its arrays in mapped temporary files in \($0), pages the kernel can write back and drop"
        }
        warnings.append("index built out of core (" + [place, caveat].compactMap { $0 }.joined(separator: "; ")
                            + "): " + reason)
    }
}
