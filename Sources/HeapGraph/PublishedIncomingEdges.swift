import Synchronization

/// The built incoming edges of a graph, as one immutable object that `HeapGraph` publishes once, so that every read
/// after the build costs an acquire load instead of `PendingIncomingEdges`' lock (`predecessors` runs once per node
/// in root paths, merged and accumulation paths, retainers: millions of calls).
///
/// Publication: the first reader that finds nothing published asks `PendingIncomingEdges.value` (which builds,
/// waits for the build, or finds it done, under its lock) and stores the columns with a compare-and-exchange
/// (`AtomicLazyReference.storeIfNil`, release); readers load it with acquire ordering, so the columns' contents,
/// written before the build's result was handed over, are visible to them. Two readers racing to publish store the
/// same columns; the loser takes the winner's object. Nothing is ever unpublished: the columns are read-only (the
/// spill replaces their pages in place, at the same addresses).
final class PublishedIncomingEdges: Sendable {
    let start: Column<UInt32>
    let edges: Column<UInt32>

    init(_ built: PendingIncomingEdges.Built) {
        start = built.start
        edges = built.edges
    }
}

extension AtomicLazyReference<PublishedIncomingEdges> {
    /// The published columns, published now from `pending` (building or waiting for them) if nobody did yet.
    func columns(from pending: PendingIncomingEdges) -> PublishedIncomingEdges {
        if let published = load() { return published }
        return storeIfNil(PublishedIncomingEdges(pending.value))
    }
}
