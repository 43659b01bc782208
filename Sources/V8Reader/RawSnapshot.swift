import HeapGraph

/// The parsed arrays, indexed the way HeapGraph wants them: node `v` (1...N) is V8 node ordinal `v - 1`, edges are in
/// file order (grouped by source node), edge targets are graph node numbers. Lives only while the index is built.
struct RawSnapshot {
    var meta: SnapshotMeta
    /// Node type (low 6 bits) and detachedness (top 2 bits: 0 unknown, 1 attached, 2 detached).
    var types: ContiguousArray<UInt8>
    var names: ContiguousArray<UInt32>
    var ids: ContiguousArray<UInt64>
    var shallow: ContiguousArray<UInt32>
    var large: [UInt32: UInt64]
    var outStart: ContiguousArray<UInt32>
    var edgeTargets: ContiguousArray<UInt32>
    var edgeTypes: ContiguousArray<UInt8>
    var edgeNames: ContiguousArray<UInt32>
    var nodeCheckpoints: ContiguousArray<Int>
    var edgeCheckpoints: ContiguousArray<Int>
    var strings: StringTable
    var warnings: [String]
    /// The V8 root (graph node number).
    var root: UInt32
    /// Where the rules' big arrays go (out of core: mapped temporary files; see V8OutOfCore.swift).
    var storage = ArrayStorage.memory

    var nodeCount: Int { meta.nodeCount }

    @inline(__always) func type(_ v: Int) -> Int { Int(types[v] & NumberArrayParser.typeMask) }
    @inline(__always) func detachedness(_ v: Int) -> UInt8 { types[v] >> 6 }

    func selfSize(_ v: Int) -> UInt64 {
        let s = shallow[v]
        return s == .max ? (large[UInt32(v)] ?? UInt64(s)) : UInt64(s)
    }

    mutating func setSelfSize(_ v: Int, _ size: UInt64) {
        if size >= UInt64(UInt32.max) {
            shallow[v] = .max
            large[UInt32(v)] = size
        } else {
            shallow[v] = UInt32(size)
            if !large.isEmpty { large.removeValue(forKey: UInt32(v)) }
        }
    }
}
