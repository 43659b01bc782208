import DumpInput
import HeapGraph

/// The culprit search's state while the threads stream past in file order (`HanaCulprit.find`): the best callstack
/// match so far (how many threads share it, the first four, the ones whose pending exception is for the failed
/// size), the first failing threads, and the indices and ids of all threads with an allocation-failure exception
/// (in `ArrayStorage`, like the thread table). The rules are those of the one-list search it replaces: a match must
/// reach the callstack's inner half; a tie is broken by a single exception for the failed size; else the pending
/// exceptions decide (the failed size first).
struct HanaCulpritSearch {
    struct Failure: BitwiseCopyable {
        var index: Int
        var tid: UInt64
    }

    let callstack: [String]
    let request: UInt64?
    /// Frames the match must share with the callstack (its inner half).
    let enough: Int
    var best = 0
    var bestCount = 0
    var bestFirst: [Int] = []
    var sizedCount = 0
    var firstSized: Int?
    var failures: GrowableArray<Failure>
    var firstFailure: Int?
    var firstSizedFailure: Int?

    init(callstack: [String], request: UInt64?, storage: ArrayStorage) {
        self.callstack = callstack
        self.request = request
        enough = max(1, (callstack.count + 1) / 2)
        failures = storage.growable(Failure.self, capacity: 64)
    }

    /// Takes thread `index` (parsed) into account.
    mutating func weigh(_ t: HanaThread, index i: Int) {
        if let ex = t.exceptions.first(where: \.isAllocationFailure) {
            failures.append(Failure(index: i, tid: t.entry.tid))
            if firstFailure == nil { firstFailure = i }
            if firstSizedFailure == nil, let request, ex.allocationSize == request { firstSizedFailure = i }
        }
        guard !callstack.isEmpty, !t.frames.isEmpty else { return }
        let m = HanaCulprit.commonOuterFrames(callstack, t.frames.map(HanaCulprit.key))
        let sized = t.exceptions.contains { $0.isAllocationFailure && request != nil && $0.allocationSize == request }
        if m > best {
            best = m
            bestCount = 0
            bestFirst = []
            sizedCount = 0
            firstSized = nil
        }
        guard m == best, m > 0 else { return }
        bestCount += 1
        if bestFirst.count < 4 { bestFirst.append(i) }
        if sized {
            sizedCount += 1
            if firstSized == nil { firstSized = i }
        }
    }

    /// The culprit once every thread was weighed.
    func verdict(threads: HanaThreadTable, file: MappedFile) -> HanaCulprit? {
        func culprit(_ i: Int, _ evidence: HanaCulprit.Evidence, _ problem: String?) -> HanaCulprit {
            let t = HanaDump.parseThread(threads[i], file: file)
            var others: [(thread: HanaThread, exception: HanaException)] = []
            var count = 0
            for f in failures.elements where f.tid != t.entry.tid {
                count += 1
                guard others.count < 5 else { continue }
                let o = HanaDump.parseThread(threads[f.index], file: file)
                if let ex = o.exceptions.first(where: \.isAllocationFailure) { others.append((o, ex)) }
            }
            return HanaCulprit(thread: t, evidence: evidence, callstackProblem: problem, otherFailures: others,
                               otherFailureCount: count)
        }
        var problem: String?
        if callstack.isEmpty {
            problem = "the OOM block has no callstack"
        } else if best < enough {
            problem = "no thread's stack matches the OOM callstack in its inner half"
        } else if bestCount > 1 {
            // A tie (identical stacks): a pending exception for the failed size breaks it.
            if sizedCount == 1, let s = firstSized {
                return culprit(s, .callstack(matched: best, of: callstack.count),
                               "\(bestCount) threads have this stack; its pending exception for the failed size "
                                   + "singles it out")
            }
            problem = "\(bestCount) threads have stacks matching the OOM callstack equally ("
                + bestFirst.map { "thr=\(threads.tid($0))" }.joined(separator: ", ") + ")"
        } else {
            return culprit(bestFirst[0], .callstack(matched: best, of: callstack.count), nil)
        }
        // Fall back to the pending exceptions.
        if let s = firstSizedFailure { return culprit(s, .exception(sizeMatches: true), problem) }
        if let f = firstFailure { return culprit(f, .exception(sizeMatches: false), problem) }
        return nil
    }
}
