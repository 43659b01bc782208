import HeapAnalysis
import HeapGraph
import Testing
@testable import ExplorerCore

/// The orders built after the first screen (presorted huge child lists, per-class instances) change no row: the
/// dominator tree's huge level, its "more" batches, `i` and `M` show the same before and after they are built, and
/// the level's rows equal a plain sort of the sizes the builder gave.
@Suite struct BackgroundOrdersTests {
    /// A holder of 53,334 children: byte[]s, and Items each holding one String of its own. Sizes come from a small
    /// range, so equal retained sizes (ties broken by node) are common.
    static func wide() -> (index: HeapIndex, holder: UInt32, sizes: [UInt32: UInt64]) {
        var b = HeapBuilder()
        let holder = b.node("com.example.Holder", 64)
        var sizes: [UInt32: UInt64] = [:]
        var x: UInt64 = 12345
        func size() -> UInt32 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            return UInt32(16 + (x >> 33) % 40)
        }
        for k in 0..<80_000 {
            if k % 3 == 0 {
                let s = size()
                let a = b.node("byte[]", s)
                b.edge(holder, a, "[\(k)]")
                sizes[a] = UInt64(s)
            } else if k % 3 == 1 {
                let s = size(), t = size()
                let item = b.node("com.example.Item", s)
                let str = b.node("java.lang.String", t)
                b.edge(holder, item, "[\(k)]")
                b.edge(item, str, "name")
                sizes[item] = UInt64(s) + UInt64(t)
            }
        }
        b.roots = [GCRoot(node: holder, kind: .jniGlobal)]
        return (b.build(), holder, sizes)
    }

    /// The level's rows after Enter and two "more" batches.
    static func levelRows(_ model: ExplorerModel, _ holder: UInt32) -> [[UInt32]] {
        let page = DominatorPage(model: model)
        page.enter(holder)
        var batches = [page.current.children]
        page.showMore()
        batches.append(page.current.children)
        page.showMore()
        batches.append(page.current.children)
        return batches
    }

    @Test func theHugeLevelShowsTheSameRowsBeforeAndAfterThePresort() throws {
        let (index, holder, sizes) = Self.wide()
        #expect(sizes.count >= PresortedChildren.minimumChildren)
        let before = ExplorerModel(index: index)
        #expect(before.orders == nil)
        let rowsBefore = Self.levelRows(before, holder)
        let after = ExplorerModel(index: index)
        after.waitForBackgroundOrders()
        #expect(after.orders?.presorted?.has(holder) == true)
        let rowsAfter = Self.levelRows(after, holder)
        #expect(rowsBefore == rowsAfter)
        let expected = sizes.keys.sorted { a, b in sizes[a]! != sizes[b]! ? sizes[a]! > sizes[b]! : a < b }
        #expect(rowsAfter.map(\.count) == [1000, 2000, 3000])
        #expect(rowsAfter[2] == Array(expected.prefix(3000)))
    }

    @Test func iAndMAndInstanceListsAreTheSameBeforeAndAfterTheInstanceLists() throws {
        let (index, _, _) = Self.wide()
        let string = try #require(index.graph.classes.names.firstIndex(of: "java.lang.String")).asUInt32
        let before = ExplorerModel(index: index)
        let after = ExplorerModel(index: index)
        after.waitForBackgroundOrders()
        #expect(after.orders?.classInstances != nil)
        let brute = (1..<index.graph.nodeCount).filter { index.graph.classOf[$0] == string }.map { UInt32($0) }
        #expect(Array(before.instances(of: string)) == brute)
        #expect(Array(after.instances(of: string)) == brute)

        func rows(_ r: ImmediateDominators) -> [String] {
            r.rows.map { "\($0.classIndex ?? 99) \($0.dominated) \($0.retained) \($0.dominators.sorted())" }
        }
        let i1 = ImmediateDominatorsPage(classIndex: string, model: before).waitUntilReady()
        let i2 = ImmediateDominatorsPage(classIndex: string, model: after).waitUntilReady()
        #expect(rows(i1) == rows(i2))
        #expect(i2.instances == brute.count)
        // Each String is held by its own Item: one row, every instance, all 26,667 Items.
        #expect(i2.rows.count == 1 && i2.rows.first?.dominated == brute.count)
        #expect(i2.rows.first?.dominators.count == brute.count)
        let m1 = MergedPathsPage(classIndex: string, model: before).merged
        let m2 = MergedPathsPage(classIndex: string, model: after).merged
        #expect(m1.nodes == m2.nodes)
        #expect(m2.total == brute.count)
    }
}

extension Int {
    fileprivate var asUInt32: UInt32 { UInt32(self) }
}
