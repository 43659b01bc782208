import DumpInput
import DumpKit
import DumpProgress
import Foundation
import Testing

/// DumpKit's own tests: the loader's one entry point for every format (format sniffing, gzip, errors, cancellation).
@Suite struct DumpLoaderTests {
    static let samples: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("SampleDumps").path
    }()

    static func temp(_ name: String) -> String {
        NSTemporaryDirectory() + "hdx-dumpkit-\(UUID().uuidString)-\(name)"
    }

    /// Compresses `source` with the system's gzip (an independent encoder) into a new temporary file.
    static func gzip(_ source: String) throws -> String {
        let out = temp(URL(fileURLWithPath: source).lastPathComponent + ".gz")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c \"$1\" > \"$2\"", "sh", source, out]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return out
    }

    @Test(arguments: ["java/leakdemo.hprof", "v8/leak-1.heapsnapshot",
                      "hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc"])
    func gzipOfADumpLoadsTheSameIndex(sample: String) throws {
        let plainPath = Self.samples + "/" + sample
        let zipped = try Self.gzip(plainPath)
        defer { unlink(zipped) }
        let plain = try DumpLoader.load(path: plainPath)
        let inflated = try DumpLoader.load(path: zipped)
        #expect(inflated.format == plain.format)
        #expect(inflated.index.objectCount == plain.index.objectCount)
        #expect(inflated.index.graph.edgeCount == plain.index.graph.edgeCount)
        #expect(inflated.index.reachableBytes == plain.index.reachableBytes)
        #expect(inflated.index.info.warnings.count >= plain.index.info.warnings.count)
    }

    @Test func notADumpIsOneLineNamingTheFileAndOffset() throws {
        let path = Self.temp("notes.txt")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("just some notes\n".utf8)))
        defer { unlink(path) }
        let error = try #require(throws: DumpError.self) { _ = try DumpLoader.load(path: path) }
        #expect(error.description.hasPrefix(path + ": at byte 0: not a heap dump"))
        #expect(!error.description.contains("\n"))
        #expect(!error.isCancelled)
    }

    @Test func cancelledWhileInflatingIsCancellationNotBadInput() throws {
        let zipped = try Self.gzip(Self.samples + "/java/leakdemo.hprof")
        defer { unlink(zipped) }
        let sink = ProgressSink(report: { _, _ in }, cancelled: { true })
        let error = try #require(throws: DumpError.self) { _ = try DumpLoader.load(path: zipped, progress: sink) }
        #expect(error.isCancelled)
    }

    @Test func otherFormatsHoldOneDump() throws {
        let error = try #require(throws: DumpError.self) {
            _ = try DumpLoader.load(path: Self.samples + "/v8/leak-1.heapsnapshot", dump: 2)
        }
        #expect(!error.isCancelled)
        #expect(error.description.contains("leak-1.heapsnapshot"))
    }
}
