import Dispatch
import DumpProgress

/// A search over many objects that may take seconds (`/` beyond the loaded rows of a huge level, `:"text"` over
/// every string): it scans items `0..<total` in chunks on a background thread, so no key waits for it. The explorer
/// polls it between keys for its progress and the matches found so far; Esc or a new search cancels it. A search of
/// fewer than `inlineLimit` items runs at once on the calling thread (it takes milliseconds, and the screen shows its
/// result without a poll).
package final class SearchJob: Sendable {
    /// What the job keeps of its matches.
    package enum Keep: Sendable {
        /// The first `n` matches in item order; the scan stops at match `n + 1` and says it was cut.
        case first(Int)
        /// The one match that comes first by `before`, and the number of matches.
        case best(@Sendable (UInt32, UInt32) -> Bool)
    }

    package struct Snapshot: Sendable {
        package var done = 0
        package var total: Int
        package var matches = 0
        /// The matches kept (`Keep.first`: in item order; `Keep.best`: the best one).
        package var kept: [UInt32] = []
        /// The scan stopped at the `Keep.first` bound: more items may match.
        package var truncated = false
        package var finished = false
        package var cancelled = false

        /// `37%` of the items scanned.
        package var percent: Int { total == 0 ? 100 : min(100, done * 100 / total) }
    }

    /// Searches of fewer items run inline unless told otherwise (tests force the background).
    package static let inlineLimit = 5_000
    /// Items per step: a cancelled search stops within one.
    package static let chunk = 2_048

    private let state: Locked<Snapshot>
    private let keep: Keep
    /// Items per step (`chunk` unless the caller's items are bigger, e.g. slices of a file).
    private let step: Int

    /// `inline`: true runs the scan now, false on a background thread, nil by its size.
    /// `match(range)` returns the matching items of `range` as nodes, in item order; it runs off the main thread.
    package init(total: Int, keep: Keep, inline: Bool? = nil, step: Int = SearchJob.chunk,
                 match: @escaping @Sendable (Range<Int>) -> [UInt32]) {
        state = Locked(Snapshot(total: max(total, 0)))
        self.keep = keep
        self.step = max(step, 1)
        if inline ?? (total < SearchJob.inlineLimit) {
            run(match)
        } else {
            DispatchQueue.global(qos: .userInitiated).async { [self] in run(match) }
        }
    }

    package var snapshot: Snapshot { state.withLock { $0 } }
    package var isRunning: Bool { state.withLock { !$0.finished } }

    /// Stops the scan at its next chunk; what it found so far stays.
    package func cancel() {
        state.withLock {
            if !$0.finished { $0.cancelled = true; $0.finished = true }
        }
    }

    /// Blocks until the scan ends (tests).
    package func wait() {
        while isRunning { usleepMillis(1) }
    }

    private func run(_ match: @Sendable (Range<Int>) -> [UInt32]) {
        let total = state.withLock { $0.total }
        var at = 0
        while at < total {
            if state.withLock({ $0.finished }) { return }
            let range = at..<min(total, at + step)
            let found = match(range)
            let stop = state.withLock { s -> Bool in
                guard !s.finished else { return true }
                s.done = range.upperBound
                return add(found, to: &s)
            }
            if stop { return }
            at = range.upperBound
        }
        state.withLock { $0.done = total; $0.finished = true }
    }

    /// Adds a chunk's matches; true when the scan has found enough (and is finished).
    private func add(_ found: [UInt32], to s: inout Snapshot) -> Bool {
        switch keep {
        case .first(let n):
            for v in found {
                if s.kept.count == n { s.truncated = true; s.finished = true; return true }
                s.kept.append(v)
                s.matches += 1
            }
        case .best(let before):
            s.matches += found.count
            for v in found where s.kept.isEmpty || before(v, s.kept[0]) { s.kept = [v] }
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#endif

private func usleepMillis(_ ms: UInt32) { usleep(ms * 1000) }
