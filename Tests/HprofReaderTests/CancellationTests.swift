import DumpInput
import DumpProgress
import Foundation
import Testing
@testable import HprofReader

/// Cancelling a load after any number of progress callbacks ends it with `DumpError.cancelled` (not a crash, not bad
/// input, no result); a load that is never cancelled finishes.
@Suite struct HprofCancellationTests {
    static let sample: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("SampleDumps/java/leakdemo.hprof").path
    }()

    /// A sink that counts its callbacks and reports cancelled once it has seen `limit` of them.
    static func sink(cancellingAfter limit: Int, seen: Locked<Int>) -> ProgressSink {
        ProgressSink(report: { _, _ in seen.withLock { $0 += 1 } },
                     cancelled: { seen.withLock { $0 } >= limit })
    }

    @Test func cancelAfterEachProgressCallbackGivesTheCancelledError() throws {
        let seen = Locked(0)
        let full = try HprofDump.load(MappedFile(path: Self.sample), progress: Self.sink(cancellingAfter: .max, seen: seen))
        let total = seen.withLock { $0 }
        #expect(full.index.objectCount > 0)
        #expect(total >= 4, "reading, resolving, dominators, retained, histogram report progress")
        for limit in 1...total {
            do throws(DumpError) {
                let d = try HprofDump.load(MappedFile(path: Self.sample),
                                           progress: Self.sink(cancellingAfter: limit, seen: Locked(0)))
                Issue.record(Comment(rawValue: "cancelled after \(limit) of \(total) callbacks, the load still returned \(d.index.objectCount) objects"))
            } catch {
                #expect(error.isCancelled, "after \(limit) callbacks: \(error)")
                #expect(error.description.hasSuffix("loading cancelled"))
            }
        }
    }

    @Test func badInputIsNotCancellation() throws {
        let path = NSTemporaryDirectory() + "hdx-cancel-\(UUID().uuidString).hprof"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("JAVA PROFILE 1.0.2\0".utf8)))
        defer { unlink(path) }
        do throws(DumpError) {
            _ = try HprofDump.load(MappedFile(path: path))
            Issue.record("a truncated header loaded")
        } catch {
            #expect(!error.isCancelled)
        }
    }
}
