/// The class histogram accumulated by `RetainedWalk` while it sums retained sizes, so that the first open needs no
/// second walk of the dominator tree: one tally per core, each over the units (subtrees) that core claimed, added up
/// at the end (`ClassHistogram(tallies:)`).
///
/// A node is entered when the walk goes down to it and left when its retained size is final. Per class, `onPath`
/// counts the nodes of that class on the way down from the super-root; a node that leaves the count at zero has no
/// instance of its class above it, so its retained size is its class's share (the rule of `ClassHistogram`). The
/// units are independent: before a unit the spine nodes above it are put on the path (`enter`) and taken off it
/// afterwards (`exit`), so every `onPath` counter is back at zero when a core is done. With
/// `skipEmpty`, nodes of shallow size 0 are neither counted nor summed nor on the path.
final class ClassTally: @unchecked Sendable {
    // @unchecked: one core writes a tally (its own), and it is read only after both cores are done.
    let count: UnsafeMutableBufferPointer<Int>
    let shallow: UnsafeMutableBufferPointer<UInt64>
    let retained: UnsafeMutableBufferPointer<UInt64>
    private let onPath: UnsafeMutableBufferPointer<UInt32>
    private let classOf: UnsafeBufferPointer<UInt32>
    private let shallow32: UnsafeBufferPointer<UInt32>
    private let skipEmpty: Bool
    /// Keeps the columns that `classOf` and `shallow32` point into alive.
    private let graph: HeapGraph

    /// `classOf` and `shallow32` are the graph's columns, read through raw buffers.
    init(graph: HeapGraph, skipEmpty: Bool) {
        let classCount = graph.classes.count
        count = .allocate(capacity: classCount)
        count.initialize(repeating: 0)
        shallow = .allocate(capacity: classCount)
        shallow.initialize(repeating: 0)
        retained = .allocate(capacity: classCount)
        retained.initialize(repeating: 0)
        onPath = .allocate(capacity: classCount)
        onPath.initialize(repeating: 0)
        classOf = graph.classOf.withUnsafeBufferPointer { $0 }
        shallow32 = graph.shallow32.withUnsafeBufferPointer { $0 }
        self.skipEmpty = skipEmpty
        self.graph = graph
    }

    deinit {
        count.deallocate()
        shallow.deallocate()
        retained.deallocate()
        onPath.deallocate()
    }

    /// The walk goes down to `node`.
    @inline(__always)
    func enter(_ node: Int) {
        if skipEmpty && shallow32[node] == 0 { return }
        onPath[Int(classOf[node])] &+= 1
    }

    /// `node` leaves the path without being counted (the spine nodes above a unit of `RetainedWalk`, put on the
    /// path by `enter` for the unit's sake).
    @inline(__always)
    func exit(_ node: Int) {
        if skipEmpty && shallow32[node] == 0 { return }
        onPath[Int(classOf[node])] &-= 1
    }

    /// The walk leaves `node`, whose retained size `ret` and shallow size `size` are final.
    @inline(__always)
    func leave(_ node: Int, size: UInt64, retained ret: UInt64) {
        if skipEmpty && shallow32[node] == 0 { return }
        let c = Int(classOf[node])
        count[c] &+= 1
        shallow[c] &+= size
        onPath[c] &-= 1
        if onPath[c] == 0 { retained[c] &+= ret }
    }
}

extension ClassHistogram {
    /// The rows of the tallies of one `RetainedWalk` added up (wrapping sums, so the split between the cores does not
    /// change a row).
    init(tallies: [ClassTally]) {
        guard let first = tallies.first else {
            self.init(rows: [])
            return
        }
        var out: [Row] = []
        for c in 0..<first.count.count {
            var row = Row(classIndex: UInt32(c), count: 0, shallow: 0, retained: 0)
            for t in tallies {
                row.count += t.count[c]
                row.shallow &+= t.shallow[c]
                row.retained &+= t.retained[c]
            }
            if row.count > 0 { out.append(row) }
        }
        self.init(rows: out)
    }
}
