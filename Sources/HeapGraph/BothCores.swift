import Dispatch

/// Runs two independent pieces of work at once, one per core (the index's sequential steps pair up: retained sizes
/// beside the dominator tree's children, per-class counts beside the per-class retained sizes). Returns when both
/// are done.
public enum BothCores {
    public static func run(_ first: @Sendable () -> Void, _ second: @Sendable () -> Void) {
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { first() } else { second() }
        }
    }
}
