import Dispatch
import DumpProgress
import HeapGraph

/// The class groups (`C`) of a level with many children, built on a background thread as soon as the level opens
/// (on a big level the pass is bound by memory reads scattered over the heap's columns), so `C` finds them ready; a
/// `C` pressed before the build ends waits for it rather than starting over.
final class ClassGroupsJob: Sendable {
    /// Levels with fewer children are grouped on the key.
    static let threshold = 50_000

    let node: UInt32
    private let result = Locked<ClassGroups?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(node: UInt32, graph: HeapGraph, tree: DominatorTree) {
        self.node = node
        let result = self.result, done = self.done
        DispatchQueue.global(qos: .userInitiated).async {
            let groups = ClassGroups(node: node, graph: graph, tree: tree)
            result.withLock { $0 = groups }
            done.signal()
        }
    }

    /// The groups, once built.
    func groups() -> ClassGroups {
        while true {
            if let g = result.withLock({ $0 }) { return g }
            done.wait()
            done.signal()
        }
    }
}
