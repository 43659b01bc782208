import DumpKit
import HeapGraph
import Testing
@testable import V8Reader

/// `comparisonCounted` (every node's DevTools counting flag in one pass, what `hdx diff` matches) equals the rule
/// asked node by node (`countsInComparison`: self size above 0, or a native node) on both committed snapshots, and
/// counts the native nodes of size 0 too.
@Suite struct ComparisonCountedTests {
    @Test(arguments: ["leak-1", "leak-2"]) func onePassEqualsTheRulePerNode(name: String) throws {
        let dump = try DumpLoader.load(path: Fixture.repoRoot + "/SampleDumps/v8/\(name).heapsnapshot")
        let s = try #require(dump.extras(V8Snapshot.self))
        let flags = s.comparisonCounted()
        let g = s.index.graph
        #expect(flags.count == g.nodeCount)
        #expect(flags[0] == false)
        var mismatches = 0, nativeEmpty = 0
        for v in 1..<g.nodeCount {
            let node = UInt32(v)
            if flags[v] != s.countsInComparison(node) { mismatches += 1 }
            if flags[v] && g.shallowSize(node) == 0 { nativeEmpty += 1 }
        }
        #expect(mismatches == 0)
        // Zero-size nodes counted only through the native rule: each is native.
        #expect(nativeEmpty == (1..<g.nodeCount).count {
            g.shallowSize(UInt32($0)) == 0 && s.typeName(UInt32($0)) == "native"
        })
    }
}
