import HeapGraph

/// DevTools' Containment filter (HeapSnapshot.ts, `JSHeapSnapshot.containmentEdgesFilter`): a reference of type
/// `invisible` is never listed; unless "hidden data" is shown (DevTools' `showHiddenData` setting, off by default), a
/// reference of type `hidden` or one to a node of type `hidden` (V8 internals such as `system / Context`) is left
/// out too. Current DevTools builds dropped the setting; hdx keeps its default and lets `H` show the hidden data.
extension V8Snapshot {
    public func containmentFields(of node: UInt32, showHidden: Bool) -> (fields: [FieldValue], hidden: Int)? {
        var out: [FieldValue] = []
        var hidden = 0
        for k in details.edgeRange(node) {
            guard let e = details.edge(k) else { break }
            if e.type == meta.invisible { continue }
            if e.type == meta.hiddenEdge || details.typeIndex(e.target) == meta.hidden {
                hidden += 1
                if !showHidden { continue }
            }
            out.append(FieldValue(name: details.edgeName(e), type: details.edgeTypeName(e.type),
                                  value: "\(index.graph.className(e.target)) \(details.idString(e.target))",
                                  target: e.target))
        }
        return (out, hidden)
    }
}
