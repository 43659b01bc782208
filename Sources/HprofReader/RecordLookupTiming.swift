import HeapGraph

extension HprofDump {
    /// For the hidden benchmark `hdx lookups`: finds the records of `nodes` through the checkpoints, or with
    /// `baseline` by stepping from the start of each object's slice as before them. Returns how many were found and
    /// the sum of their offsets (the same both ways when the lookups agree).
    public func lookUpRecords(_ nodes: [UInt32], baseline: Bool) -> (found: Int, offsetSum: Int) {
        var found = 0, sum = 0
        for n in nodes {
            let r = baseline ? model.recordBySliceWalk(of: n) : model.record(of: n)
            switch r {
            case .classDump(_, let p)?, .instance(let p)?, .objectArray(let p)?, .primitiveArray(let p)?:
                found += 1
                sum &+= p
            case nil: break
            }
        }
        return (found, sum)
    }

    /// Nodes `firstObjectNode..<nodeCount` are the objects (the class objects come before them).
    public var firstObjectNode: Int { 1 + model.classes.recordCount }

    /// The record checkpoints: how many, and their bytes.
    public var recordCheckpointCount: Int { model.checkpoints.deltas.count }
}
