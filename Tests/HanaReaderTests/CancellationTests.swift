import DumpInput
import DumpProgress
import Testing
@testable import HanaReader

/// Cancelling a HANA load after any number of progress callbacks ends it with `DumpError.cancelled`.
@Suite struct HanaCancellationTests {
    static func sink(cancellingAfter limit: Int, seen: Locked<Int>) -> ProgressSink {
        ProgressSink(report: { _, _ in seen.withLock { $0 += 1 } },
                     cancelled: { seen.withLock { $0 } >= limit })
    }

    @Test func cancelAfterEachProgressCallbackGivesTheCancelledError() throws {
        let seen = Locked(0)
        let full = try HanaDump.load(MappedFile(path: Samples.oom1), progress: Self.sink(cancellingAfter: .max, seen: seen))
        let total = seen.withLock { $0 }
        #expect(full.index.objectCount > 0)
        #expect(total >= 4, "reading, dominators, retained, histogram report progress")
        for limit in 1...total {
            do throws(DumpError) {
                let d = try HanaDump.load(MappedFile(path: Samples.oom1),
                                          progress: Self.sink(cancellingAfter: limit, seen: Locked(0)))
                Issue.record(Comment(rawValue: "cancelled after \(limit) of \(total) callbacks, the load still returned \(d.index.objectCount) allocators"))
            } catch {
                #expect(error.isCancelled, "after \(limit) callbacks: \(error)")
            }
        }
    }
}
