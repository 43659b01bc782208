import DumpInput
import Foundation
import Testing

/// Every input a fuzz target ever failed on (Tests/fuzz/regressions/TARGET/*) goes through that target's reader and
/// the whole pipeline (Pipeline.swift, the code the fuzzers run) in `swift test`: each must load or be refused with
/// a one-line DumpError. A crash or trap takes the test process down, so it fails the run.
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("regressions")

    static func inputs() -> [(FuzzTarget, URL)] {
        var found: [(FuzzTarget, URL)] = []
        for target in FuzzTarget.allCases {
            let dir = directory.appendingPathComponent(target.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                found.append((target, dir.appendingPathComponent(name)))
            }
        }
        return found
    }

    @Test func regressionsExist() {
        // An empty list would make the test below vacuous: the directory holds at least the first findings.
        #expect(Self.inputs().count > 0, "no inputs under \(Self.directory.path)")
    }

    @Test func everyFailedInputNowLoadsOrIsRefused() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-fuzz-regress-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for (target, url) in Self.inputs() {
            let input = try [UInt8](Data(contentsOf: url))
            let file = input.withUnsafeBytes { target.file(from: $0) }
            let path = tmp.appendingPathComponent(url.lastPathComponent).path
            try Data(file).write(to: URL(fileURLWithPath: path))
            let started = Date()
            do throws(DumpError) {
                let dump = try target.run(path: path)
                if dump.format != .hana {
                    #expect(dump.index.reachableBytes <= dump.index.shallowBytes, "\(target.rawValue)/\(url.lastPathComponent)")
                }
            } catch {
                // The message may quote dump bytes; hdx escapes them when it prints (one line on stderr).
                #expect(error.file == path, "\(target.rawValue)/\(url.lastPathComponent): \(error)")
            }
            // libFuzzer's limit was 10 s per input with sanitizers; unsanitized debug code must stay well within it.
            #expect(Date().timeIntervalSince(started) < 10, "\(target.rawValue)/\(url.lastPathComponent) is slow")
        }
    }
}
