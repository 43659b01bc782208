import HeapGraph

/// Whether the objects of two dumps of one process kept their addresses (HPROF ids are addresses; a compacting GC
/// moves them). Checked on the classes whose reachable object count did not change between the dumps: those objects
/// are most likely the same ones, so if the heap did not move, nearly all of them are found at the same address in
/// NEW, in a class of the same name.
public struct AddressStability: Sendable, Equatable {
    /// Objects of OLD looked up (reachable instances of classes with unchanged counts).
    public var checked = 0
    /// How many of them NEW has at the same address, in a class of the same name.
    public var matched = 0

    /// The fraction that must match, and the fewest objects worth a verdict.
    public static let threshold = 0.9
    public static let minimumChecked = 50

    /// Objects can be matched by address.
    public var stable: Bool {
        checked >= AddressStability.minimumChecked && Double(matched) >= AddressStability.threshold * Double(checked)
    }

    public var percent: Int { checked == 0 ? 0 : Int((100 * Double(matched) / Double(checked)).rounded(.down)) }

    public init(checked: Int, matched: Int) {
        self.checked = checked
        self.matched = matched
    }

    /// `newOfOld`: OLD's objects looked up by id in NEW (`IDMatches`); looked up one by one when not given.
    /// `reachableOld`: OLD's reachable nodes (`NodeFlags.reachable`), computed here when not given.
    public init(old: HeapIndex, new: HeapIndex, newOfOld: ContiguousArray<UInt32>? = nil,
                reachableOld: NodeFlags? = nil) {
        let og = old.graph, ng = new.graph
        // One number per class name, shared by both dumps.
        var names: [String: Int] = [:]
        func canonical(_ g: HeapGraph) -> [Int] {
            (0..<g.classes.count).map { c in
                let n = g.classes[UInt32(c)]
                if let k = names[n] { return k }
                names[n] = names.count
                return names.count - 1
            }
        }
        let oldClass = canonical(og), newClass = canonical(ng)
        var oldCount = [Int](repeating: 0, count: names.count), newCount = oldCount
        for r in old.histogram.rows { oldCount[oldClass[Int(r.classIndex)]] += r.count }
        for r in new.histogram.rows { newCount[newClass[Int(r.classIndex)]] += r.count }
        // Per class of OLD (by its own index): whether its name's count did not change.
        let unchanged = oldClass.map { oldCount[$0] == newCount[$0] }
        let reachable = reachableOld ?? NodeFlags.reachable(old.tree)
        var checked = 0, matched = 0
        og.classOf.withUnsafeBufferPointer { classOf in
            reachable.flags.withUnsafeBufferPointer { reachable in
                for v in 1..<max(og.nodeCount, 1) where reachable[v] {
                    let c = Int(classOf[v])
                    guard unchanged[c] else { continue }
                    checked += 1
                    let w = newOfOld.map { $0[v] } ?? ng.node(forID: og.objectIDs[v]) ?? 0
                    if w != 0, newClass[Int(ng.classOf[Int(w)])] == oldClass[c] { matched += 1 }
                }
            }
        }
        self.checked = checked
        self.matched = matched
    }
}
