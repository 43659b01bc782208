import Foundation
import Testing
import DumpInput
import HeapGraph
@testable import V8Reader

/// Snapshots of real node programs (not written for hdx), node by node against the DevTools port
/// (`SampleDumps/generators/v8_devtools_reference.js`): a node http server holding sessions and a page cache,
/// generated here by `SampleDumps/generators/v8_http_server.js` (about 5 MB, a few seconds). Every path in
/// `HDX_REAL_V8_SNAPSHOTS` (colon-separated; e.g. a `tsc` run or a `--heapsnapshot-near-heap-limit` snapshot) is
/// checked the same way. Needs `node`; without it the test prints a notice and checks nothing.
@Suite(.serialized) struct RealProgramSnapshotTests {
    @Test func httpServerMatchesDevToolsNodeByNode() throws {
        guard DevToolsReferenceTests.nodeBinary() != nil else {
            print("RealProgramSnapshotTests: skipped, node is not installed")
            return
        }
        let dir = NSTemporaryDirectory() + "hdx-real-v8-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/server.heapsnapshot"
        guard try DevToolsReferenceTests.runNode([DevToolsReferenceTests.generators + "v8_http_server.js", file]) != nil,
              let ref = try DevToolsReferenceTests.reference(file) else { return }
        let s = try V8Snapshot.load(try MappedFile(path: file))
        #expect(DevToolsReferenceTests.compare(s, ref, label: "http server") == 0)
    }

    @Test func snapshotsNamedInTheEnvironmentMatchDevTools() throws {
        let paths = (ProcessInfo.processInfo.environment["HDX_REAL_V8_SNAPSHOTS"] ?? "")
            .split(separator: ":").map(String.init)
        guard !paths.isEmpty, DevToolsReferenceTests.nodeBinary() != nil else { return }
        for path in paths {
            guard let ref = try DevToolsReferenceTests.reference(path) else { continue }
            let s = try V8Snapshot.load(try MappedFile(path: path))
            #expect(DevToolsReferenceTests.compare(s, ref, label: path) == 0)
        }
    }
}
