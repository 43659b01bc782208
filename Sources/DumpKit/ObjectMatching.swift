import HeapAnalysis
import HeapGraph
import V8Reader

extension DumpComparison {
    /// DevTools' counting rule, as the heading and help name it.
    public static let devToolsRule = "objects with a self size or native (DevTools' rule)"
    public static let reachableRule = "reachable objects"

    /// Objects matched by id where ids survive: V8 node ids of one process; HPROF addresses when the heap did not
    /// move (most objects of classes whose count did not change are still at their address). Returns the match, what
    /// it matched by, the counting rule, notes for the user and the id join (when one was made).
    static func matchObjects(old: LoadedDump, new: LoadedDump)
        -> (ObjectMatch?, String?, String, [String], IDMatches?) {
        let a = old.index, b = new.index
        if old.format.stableIDs {
            let rule: String
            let match: ObjectMatch
            let ids = IDMatches(old: a.graph, new: b.graph)
            if let x = old.extras(V8Snapshot.self), let y = new.extras(V8Snapshot.self) {
                rule = devToolsRule
                match = ObjectMatch.byID(old: a, new: b, ids: ids, countedOld: NodeFlags(x.comparisonCounted()),
                                         countedNew: NodeFlags(y.comparisonCounted()))
            } else {
                rule = "objects with a self size"
                match = ObjectMatch.byID(old: a, new: b, ids: ids, countedOld: .nonEmpty(a.graph),
                                         countedNew: .nonEmpty(b.graph))
            }
            if match.common == 0 {
                return (nil, nil, rule, ["the snapshots share no node ids (different processes?): compared by class only"],
                        nil)
            }
            return (match, "node id", rule, [], ids)
        }
        guard a.graph.nodeCount > 1, b.graph.nodeCount > 1, old.format.grouping == .class else {
            return (nil, nil, old.format.grouping == .class ? reachableRule : "", old.format.movingIDsNote.map { [$0 + ": compared by class"] } ?? [], nil)
        }
        let ids = IDMatches(old: a.graph, new: b.graph)
        let reachableOld = NodeFlags.reachable(a.tree)
        let stability = AddressStability(old: a, new: b, newOfOld: ids.newOfOld, reachableOld: reachableOld)
        guard stability.stable else {
            let why = stability.checked < AddressStability.minimumChecked
                ? "too few objects to tell whether the heap moved"
                : "the heap moved between the dumps (\(stability.percent)% of the objects of classes with unchanged "
                    + "counts are still at their address)"
            return (nil, nil, reachableRule, ["objects cannot be matched: " + why + "; compared by class counts"], nil)
        }
        let match = ObjectMatch.byID(old: a, new: b, ids: ids, countedOld: reachableOld,
                                     countedNew: .reachable(b.tree))
        return (match, "address", reachableRule,
                ["objects matched by address: the heap did not move (\(stability.percent)% of the objects of classes "
                 + "with unchanged counts are still at their address)"], ids)
    }
}
