import Foundation
import Testing
import DumpInput
import DumpKit
import HeapGraph
@testable import V8Reader

/// The Summary's Distance column (per constructor: the smallest distance of an object the Summary counts, i.e. one
/// with a non-zero self size) and the per-object distances the explorer shows, against the JavaScript port of
/// DevTools' HeapSnapshot.ts (`SampleDumps/generators/v8_devtools_reference.js`, its BFS from the user roots).
@Suite(.serialized) struct DevToolsDistanceTests {
    @Test(arguments: ["leak-1.heapsnapshot", "leak-2.heapsnapshot"])
    func summaryDistancesMatchDevTools(_ name: String) throws {
        guard DevToolsReferenceTests.nodeBinary() != nil else {
            print("DevToolsDistanceTests: skipped, node is not installed")
            return
        }
        let path = Fixture.repoRoot + "/SampleDumps/v8/" + name
        guard let ref = try DevToolsReferenceTests.reference(path) else { return }
        // The reference's per-constructor minimum over non-zero-size nodes.
        var expected: [String: Int] = [:]
        var withDistance = 0
        for node in ref.nodes.values where node.selfSize != 0 {
            guard let d = node.distance else { continue }
            withDistance += 1
            expected[node.className] = min(expected[node.className] ?? Int.max, d)
        }
        #expect(withDistance > 1000)
        // Through the format-neutral seam the explorer uses.
        let dump = try DumpLoader.loadWithoutIndex(path: path)
        let extras = dump.extras
        let perClass = try #require(extras.classDistances())
        let g = dump.index.graph
        var got: [String: Int] = [:]
        for c in 0..<g.classes.count where perClass[c] >= 0 {
            got[g.classes[UInt32(c)]] = min(got[g.classes[UInt32(c)]] ?? Int.max, Int(perClass[c]))
        }
        #expect(got.count == expected.count)
        var differences = 0
        for (cls, d) in expected where got[cls] != d {
            differences += 1
            if differences <= 10 { Issue.record("\(name): \(cls) distance \(String(describing: got[cls])) vs \(d)") }
        }
        #expect(differences == 0)
        // Some constructors are only reached by the system (DevTools shows `−` for them) and the user roots are at 1.
        #expect(expected.values.contains { $0 >= 100_000_000 })
        #expect(got["global"] == 1 || got["Window"] == 1)
        // Per object, through the same seam.
        var checked = 0
        for v in 1..<g.nodeCount {
            guard let r = ref.nodes[g.objectIDs[v]] else { continue }
            if extras.distance(UInt32(v)) != r.distance { differences += 1 }
            checked += 1
        }
        #expect(checked == g.nodeCount - 1)
        #expect(differences == 0)
    }
}
