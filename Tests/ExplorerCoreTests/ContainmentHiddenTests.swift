import DumpKit
import Foundation
import HeapGraph
import Testing
@testable import ExplorerCore

/// The Containment view (`O`) leaves out DevTools' hidden data until `H`: checked against
/// SampleDumps/generators/v8_containment.js, a port of DevTools' filter run over the snapshot JSON, on the root, its
/// children and the first 300 nodes that have hidden data, with `H` off and on (references in snapshot order).
@Suite(.serialized) struct ContainmentHiddenTests {
    static func node(_ args: [String]) throws -> Data? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/node" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? data : nil
    }

    @Test(arguments: ["v8/leak-1.heapsnapshot", "v8/leak-2.heapsnapshot"])
    func hiddenDataAsDevTools(_ sample: String) throws {
        let script = Samples.root.appendingPathComponent("generators/v8_containment.js").path
        guard let out = try Self.node([script, Samples.path(sample), "300"]) else {
            print("ContainmentHiddenTests: skipped, node is not installed")
            return
        }
        let ref = try #require(try JSONSerialization.jsonObject(with: out) as? [[String: Any]])
        #expect(ref.count > 300)
        let model = ExplorerModel(dump: try Samples.dump(sample))
        guard case .push(let first)? = Optional(ContainmentPage.open(model)),
              let root = first as? ContainmentPage else {
            Issue.record("O opens no Containment page")
            return
        }
        var leftOut = 0
        for (k, r) in ref.enumerated() {
            let id = try #require(r["id"] as? Int)
            let page = k == 0 ? root
                : ContainmentPage(node: try #require(model.details.node(forIDString: "@\(id)")), model: model,
                                  options: ContainmentPage.Options())
            func listed() -> [String] {
                page.rows.map { f in f.name + ">" + String(model.idString(f.target ?? 0).dropFirst()) }
            }
            let shown = try #require(r["shown"] as? [String]), all = try #require(r["all"] as? [String])
            #expect(listed() == Array(shown.prefix(page.limit)), "\(sample) @\(id) hidden data off")
            #expect(page.total == shown.count, "\(sample) @\(id)")
            #expect(page.hiddenCount == r["hidden"] as? Int, "\(sample) @\(id)")
            leftOut += all.count - shown.count
            _ = page.toggleHidden()
            #expect(listed() == Array(all.prefix(page.limit)), "\(sample) @\(id) hidden data on")
            #expect(page.total == all.count, "\(sample) @\(id)")
        }
        #expect(leftOut > 500)
    }
}
