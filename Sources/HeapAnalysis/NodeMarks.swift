/// A value per graph node for one computation: a flat array when many nodes will be marked (no hashing), an
/// open-addressing table when few (no 15 M-entry allocation for a class of 800 instances, and no `Dictionary`
/// hashing: with it the table was about 40 % of `i` on a class of 163,640 instances).
struct NodeMarks<Value: Equatable> {
    private var dense: [Value]
    private let isDense: Bool
    let empty: Value
    // The sparse side: keys are node ids + 1 (0 marks a free slot), linear probing, at most half full.
    private var keys: [UInt32] = []
    private var values: [Value] = []
    private var used = 0

    /// `dense`: allocate one entry per node.
    init(nodeCount: Int, empty: Value, dense: Bool) {
        isDense = dense
        self.empty = empty
        self.dense = dense ? [Value](repeating: empty, count: nodeCount) : []
        if !dense {
            keys = [UInt32](repeating: 0, count: 1024)
            values = [Value](repeating: empty, count: 1024)
        }
    }

    @inline(__always)
    private func slot(_ node: UInt32, in keys: [UInt32]) -> Int {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (UInt64(node) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        let key = node &+ 1
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt32](repeating: 0, count: oldKeys.count * 2)
        values = [Value](repeating: empty, count: oldKeys.count * 2)
        for i in oldKeys.indices where oldKeys[i] != 0 {
            let j = slot(oldKeys[i] &- 1, in: keys)
            keys[j] = oldKeys[i]
            values[j] = oldValues[i]
        }
    }

    subscript(_ node: UInt32) -> Value {
        get {
            if isDense { return dense[Int(node)] }
            let i = slot(node, in: keys)
            return keys[i] == 0 ? empty : values[i]
        }
        set {
            if isDense { dense[Int(node)] = newValue; return }
            var i = slot(node, in: keys)
            if keys[i] == 0 {
                // A free slot: nothing to store for the empty value (a removed key keeps its slot, holding `empty`).
                if newValue == empty { return }
                if (used + 1) * 2 > keys.count {
                    grow()
                    i = slot(node, in: keys)
                }
                keys[i] = node &+ 1
                used += 1
            }
            values[i] = newValue
        }
    }

    /// Whether a computation over `count` nodes should use the flat array.
    static func denseFor(_ count: Int) -> Bool { count >= 20_000 }
}
