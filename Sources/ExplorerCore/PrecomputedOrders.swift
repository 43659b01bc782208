import Dispatch
import DumpProgress
import HeapGraph

/// Orders built once off the UI thread after the explorer's first screen: the presorted children of the huge
/// dominator levels (Enter into such a level, Enter on its "more" row) and the instances of every class (`i`, `M`,
/// the instance lists). Until one is built the pages answer as they would without it (partial selection, a scan of
/// every node's class), so a key never waits for it and the rows are the same either way.
final class PrecomputedOrders: Sendable {
    private let children = Locked<PresortedChildren?>(nil)
    private let instances = Locked<ClassInstances?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(index: HeapIndex) {
        let children = self.children, instances = self.instances, done = self.done
        // One thread, so that the other core stays with the keys; the children first (the first keys go there).
        DispatchQueue.global(qos: .userInitiated).async {
            let sorted = PresortedChildren(tree: index.tree)
            children.withLock { $0 = sorted }
            let byClass = ClassInstances(graph: index.graph)
            instances.withLock { $0 = byClass }
            done.signal()
        }
    }

    /// The presorted children, nil while they are built.
    var presorted: PresortedChildren? { children.withLock { $0 } }
    /// The instances of every class, nil while they are built.
    var classInstances: ClassInstances? { instances.withLock { $0 } }

    /// Blocks until both are built (tests).
    func waitUntilBuilt() {
        done.wait()
        done.signal()
    }
}

extension ExplorerModel {
    /// Starts building the orders (once; the explorer calls it after drawing its first screen).
    package func startBackgroundOrders() {
        if orders == nil { orders = PrecomputedOrders(index: index) }
    }

    /// Blocks until the orders are built (tests; starts them if needed).
    package func waitForBackgroundOrders() {
        startBackgroundOrders()
        orders?.waitUntilBuilt()
    }

    /// The first `limit` children of `node` in the dominator tree's order: a prefix of the presorted list when the
    /// node's list is huge and already sorted, else a partial selection.
    package func children(of node: UInt32, limit: Int) -> [UInt32] {
        orders?.presorted?.children(of: node, limit: limit) ?? tree.children(of: node, limit: limit)
    }
}
