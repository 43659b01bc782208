import Dispatch
import HeapGraph

/// Every object of two dumps looked up by id in the other (`IDLookup.joined`: a merge join over both id orders),
/// both directions at once on two threads. Slot `v` holds the node of the other dump with `v`'s id, 0 for none.
public struct IDMatches: Sendable {
    /// Per node of OLD: NEW's node with its id.
    public let newOfOld: ContiguousArray<UInt32>
    /// Per node of NEW: OLD's node with its id.
    public let oldOfNew: ContiguousArray<UInt32>

    public init(old: HeapGraph, new: HeapGraph) {
        let slots = Slots()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { slots.a = old.lookup.joined(with: new.lookup) } else { slots.b = new.lookup.joined(with: old.lookup) }
        }
        newOfOld = slots.a
        oldOfNew = slots.b
    }

    /// Each thread writes only its own slot, and both are read after the threads joined.
    private final class Slots: @unchecked Sendable {
        var a = ContiguousArray<UInt32>()
        var b = ContiguousArray<UInt32>()
    }
}
