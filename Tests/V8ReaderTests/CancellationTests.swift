import DumpInput
import DumpProgress
import Testing
@testable import V8Reader

/// Cancelling a V8 load after any number of progress callbacks ends it with `DumpError.cancelled`.
@Suite struct V8CancellationTests {
    static func sink(cancellingAfter limit: Int, seen: Locked<Int>) -> ProgressSink {
        ProgressSink(report: { _, _ in seen.withLock { $0 += 1 } },
                     cancelled: { seen.withLock { $0 } >= limit })
    }

    @Test func cancelAfterEachProgressCallbackGivesTheCancelledError() throws {
        let path = Fixture.repoRoot + "/SampleDumps/v8/leak-1.heapsnapshot"
        let seen = Locked(0)
        let full = try V8Snapshot.load(MappedFile(path: path), progress: Self.sink(cancellingAfter: .max, seen: seen))
        let total = seen.withLock { $0 }
        #expect(full.index.objectCount > 0)
        #expect(total >= 4, "reading, devtools rules, dominators, retained, histogram report progress")
        for limit in 1...total {
            do throws(DumpError) {
                let s = try V8Snapshot.load(MappedFile(path: path),
                                            progress: Self.sink(cancellingAfter: limit, seen: Locked(0)))
                Issue.record(Comment(rawValue: "cancelled after \(limit) of \(total) callbacks, the load still returned \(s.index.objectCount) nodes"))
            } catch {
                #expect(error.isCancelled, "after \(limit) callbacks: \(error)")
            }
        }
    }
}
