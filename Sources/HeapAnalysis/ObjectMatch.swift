import HeapGraph

/// Two dumps whose object ids survive (V8 snapshots of one process) matched by id: per class, the objects only in
/// NEW (added) and only in OLD (removed), with their shallow bytes.
public enum ObjectMatch {
    public struct Delta: Sendable, Equatable {
        public var added = 0
        public var removed = 0
        public var addedBytes: UInt64 = 0
        public var removedBytes: UInt64 = 0
    }

    /// `common`: how many ids both dumps have (0: probably different processes).
    public static func byID(old: HeapIndex, new: HeapIndex) -> (common: Int, perClass: [String: Delta]) {
        var table: [String: Delta] = [:]
        var common = 0
        let og = old.graph, ng = new.graph
        for v in 1..<ng.nodeCount {
            if og.node(forID: ng.objectIDs[v]) == nil {
                let name = ng.classes[ng.classOf[v]]
                table[name, default: Delta()].added += 1
                table[name, default: Delta()].addedBytes += ng.shallowSize(UInt32(v))
            } else {
                common += 1
            }
        }
        for v in 1..<og.nodeCount where ng.node(forID: og.objectIDs[v]) == nil {
            let name = og.classes[og.classOf[v]]
            table[name, default: Delta()].removed += 1
            table[name, default: Delta()].removedBytes += og.shallowSize(UInt32(v))
        }
        return (common, table)
    }
}
