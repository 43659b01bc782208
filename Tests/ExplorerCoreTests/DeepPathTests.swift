import Testing
import HeapGraph
@testable import ExplorerCore

/// The Paths screen on a chain of 20,000 objects: every step is a row, tree lines stop moving right after
/// `PathsPage.maxDepth` levels (the prefixes used to grow to 20,000 levels: quadratic memory).
@Suite struct DeepPathTests {
    @Test func aLongChainKeepsEveryStepWithBoundedTreeLines() {
        let n = 20_000
        var b = HeapBuilder()
        var prev = b.node("Node", 16)
        b.roots = [GCRoot(node: prev, kind: .jniGlobal)]
        for _ in 1..<n {
            let v = b.node("Node", 16)
            b.edge(prev, v, "next")
            prev = v
        }
        let model = ExplorerModel(index: b.build())
        let page = PathsPage(node: prev, model: model)
        #expect(page.pathCount == 1)
        let steps = page.rows.filter { $0.rootNote == nil }
        // From the object up to the root: n, n-1, …, 1.
        #expect(steps.map(\.node) == (1...UInt32(n)).reversed().map { $0 })
        #expect(steps.allSatisfy { $0.prefix.count <= 3 * (PathsPage.maxDepth + 1) })
        #expect(steps[1].prefix == "└─ " && steps[2].prefix == "   └─ ")
        #expect(steps.last?.prefix.hasSuffix("└─ ") == true)
    }
}
