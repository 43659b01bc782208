/// A value per graph node for one computation: a flat array when many nodes will be marked (no hashing), a
/// dictionary when few (no 15 M-entry allocation for a class of 800 instances).
struct NodeMarks<Value: Equatable> {
    private var dense: [Value]
    private var sparse: [UInt32: Value] = [:]
    private let isDense: Bool
    let empty: Value

    /// `dense`: allocate one entry per node.
    init(nodeCount: Int, empty: Value, dense: Bool) {
        isDense = dense
        self.empty = empty
        self.dense = dense ? [Value](repeating: empty, count: nodeCount) : []
    }

    subscript(_ node: UInt32) -> Value {
        get { isDense ? dense[Int(node)] : sparse[node] ?? empty }
        set {
            if isDense { dense[Int(node)] = newValue } else if newValue == empty { sparse[node] = nil } else {
                sparse[node] = newValue
            }
        }
    }

    /// Whether a computation over `count` nodes should use the flat array.
    static func denseFor(_ count: Int) -> Bool { count >= 20_000 }
}
