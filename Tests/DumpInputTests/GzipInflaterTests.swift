import Foundation
import Testing
@testable import DumpInput
#if canImport(Glibc)
import Glibc
#endif

/// Inflation: never a visible temporary file, a non-dump stops at once, bounded by the temporary directory's space.
@Suite struct GzipInflaterTests {
    static let dumpHead = Array("JAVA PROFILE 1.0.2\0".utf8)
    let acceptHprof: (UnsafeRawBufferPointer) -> String? = { head in
        head.starts(with: GzipInflaterTests.dumpHead) ? nil : "not a heap dump"
    }

    /// A gzip of a fake dump: the HPROF magic, then `count` bytes of 'A'.
    func gzipDump(_ s: Scratch, count: Int) throws -> String {
        s.write("d.raw", GzipInflaterTests.dumpHead + Array(repeating: 0x41, count: count))
        try s.shell("gzip -1 -c d.raw > d.gz && rm d.raw")
        return s.path("d.gz")
    }

    @Test func inflatesIntoAnUnlinkedFileThatNeverShowsInTheDirectory() throws {
        let s = Scratch(), tmp = Scratch()
        let gz = try gzipDump(s, count: 3 << 20)
        var seen: [String] = []
        let (file, warning) = try GzipInflater.inflate(
            try MappedFile(path: gz), accept: acceptHprof,
            progress: { _ in seen += tmp.listing(); return true }, temporaryDirectory: tmp.dir)
        #expect(warning == nil)
        #expect(file.count == GzipInflaterTests.dumpHead.count + (3 << 20))
        #expect(file.path == gz)
        #expect(file.base.u8(file.count - 1) == 0x41)
        #expect(seen.isEmpty, "temporary names seen during inflation: \(seen)")
        #expect(tmp.listing().isEmpty)
    }

    @Test func stopsAtTheFirstBytesWhenTheyAreNotADump() throws {
        let s = Scratch(), tmp = Scratch()
        // 64 MiB of newlines as 64 concatenated members: inflating all of it would take ~50 × longer than one chunk.
        s.write("nl", Array(repeating: 0x0A, count: 1 << 20))
        try s.shell("gzip -1 -c nl > one.gz && for i in $(seq 64); do cat one.gz; done > bomb.gz")
        var calls = 0
        do {
            _ = try GzipInflater.inflate(try MappedFile(path: s.path("bomb.gz")), accept: acceptHprof,
                                         progress: { _ in calls += 1; return true }, temporaryDirectory: tmp.dir)
            Issue.record("a gzip of newlines was accepted")
        } catch {
            #expect(error.description.contains("not a heap dump"))
            #expect(error.location == .byte(0))
        }
        #expect(calls <= 1, "inflated \(calls) chunks of a stream that is not a dump")
    }

    @Test func refusesWhenTheTrailerSaysItDoesNotFit() throws {
        let s = Scratch(), tmp = Scratch()
        let gz = try gzipDump(s, count: 8 << 20)
        do {
            _ = try GzipInflater.inflate(try MappedFile(path: gz), accept: acceptHprof,
                                         temporaryDirectory: tmp.dir, freeSpace: { _ in 4 << 20 })
            Issue.record("inflated 8 MiB into 4 MiB of free space")
        } catch {
            #expect(error.description.contains("inflating needs at least \((8 << 20) + 19) bytes"))
        }
        #expect(tmp.listing().isEmpty)
    }

    @Test func stopsWhenTheOutputOutgrowsTheFreeSpaceDespiteALyingTrailer() throws {
        let s = Scratch(), tmp = Scratch()
        let gz = try gzipDump(s, count: 16 << 20)
        // Overwrite ISIZE with 1: the trailer now claims a tiny output.
        var bytes = s.read("d.gz")!
        bytes.replaceSubrange((bytes.count - 4)..., with: [1, 0, 0, 0])
        s.write("d.gz", bytes)
        do {
            _ = try GzipInflater.inflate(try MappedFile(path: gz), accept: acceptHprof,
                                         temporaryDirectory: tmp.dir, freeSpace: { _ in 8 << 20 })
            Issue.record("inflated past the free space")
        } catch {
            #expect(error.description.contains("inflating needs more than the \((8 << 20) - (8 << 20) / 20) bytes"))
        }
    }

    @Test func cancelStopsInflation() throws {
        let s = Scratch(), tmp = Scratch()
        let gz = try gzipDump(s, count: 16 << 20)
        #expect(throws: DumpError(file: gz, "cancelled")) {
            _ = try GzipInflater.inflate(try MappedFile(path: gz), accept: acceptHprof, progress: { _ in false },
                                         temporaryDirectory: tmp.dir)
        }
        #expect(tmp.listing().isEmpty)
    }

    @Test func truncatedAndConcatenatedStreams() throws {
        let s = Scratch(), tmp = Scratch()
        s.write("a", GzipInflaterTests.dumpHead + Array(repeating: 0x41, count: 100_000))
        s.write("b", Array(repeating: 0x42, count: 50_000))
        try s.shell("gzip -c a > ab.gz && gzip -c b >> ab.gz && head -c $(( $(wc -c < ab.gz) - 30 )) ab.gz > cut.gz")
        let (both, w1) = try GzipInflater.inflate(try MappedFile(path: s.path("ab.gz")), accept: acceptHprof,
                                                  temporaryDirectory: tmp.dir)
        #expect(w1 == nil)
        #expect(both.count == GzipInflaterTests.dumpHead.count + 150_000)
        let (cut, w2) = try GzipInflater.inflate(try MappedFile(path: s.path("cut.gz")), accept: { _ in nil },
                                                 temporaryDirectory: tmp.dir)
        #expect(cut.count >= GzipInflaterTests.dumpHead.count + 100_000 && cut.count < GzipInflaterTests.dumpHead.count + 150_000)
        #expect(w2?.contains("truncated") == true)
    }
}
