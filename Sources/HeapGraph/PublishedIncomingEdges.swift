import DumpProgress
import Synchronization

/// A graph's built incoming edges, published once so that every read after the build costs one acquire load of a
/// flag instead of `PendingIncomingEdges`' lock (`predecessors` runs once per node in root paths, merged and
/// accumulation paths, retainers: millions of calls).
///
/// Publication: the first reader that finds `ready` false asks `PendingIncomingEdges.value` (which builds, waits for
/// the build, or finds it done, under its own lock), then, under `publishing`, writes `columns` once and stores
/// `ready` true with release ordering. A reader that loads `ready` true with acquire ordering therefore sees
/// `columns` written, and `columns` is never written again; a reader that loads false never reads `columns`. The
/// columns are read-only (the spill replaces their pages in place, at the same addresses).
final class PublishedIncomingEdges: @unchecked Sendable {
    // @unchecked: `columns` is written once, under `publishing`, before `ready` is stored true (releasing), and read
    // only after `ready` is loaded true (acquiring).
    private var columns: PendingIncomingEdges.Built?
    private let ready = Atomic<Bool>(false)
    /// Whether `columns` is written (a `Bool`, not `Void`: the thread sanitizer takes an inout access to a zero-size
    /// value for one to the lock's next field).
    private let publishing = Locked(false)
    private let pending: PendingIncomingEdges

    init(_ pending: PendingIncomingEdges) { self.pending = pending }

    /// The columns, built (or waited for) and published by this call if nobody did yet.
    @inline(__always)
    var value: PendingIncomingEdges.Built {
        if ready.load(ordering: .acquiring) { return columns.unsafelyUnwrapped }
        return publish()
    }

    private func publish() -> PendingIncomingEdges.Built {
        let built = pending.value
        publishing.withLock { written in
            guard !written else { return }
            columns = built
            written = true
            ready.store(true, ordering: .releasing)
        }
        return built
    }
}
