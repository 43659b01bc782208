import HeapGraph

extension HprofDump {
    /// Per class index: the node of the class loader that defined it (CLASS_DUMP's loader id), nil for the bootstrap
    /// loader, for a loader id that names no object, and for classes without a CLASS_DUMP (primitive arrays).
    public func definingLoaders() -> [UInt32?] {
        let ids = model.loaderIDs
        var out = [UInt32?](repeating: nil, count: index.graph.classes.count)
        for k in 0..<min(ids.count, out.count) where ids[k] != 0 {
            out[k] = index.graph.node(forID: ids[k])
        }
        return out
    }
}
