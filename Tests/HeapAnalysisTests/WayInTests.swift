import Testing
@testable import HeapAnalysis
@testable import HeapGraph

@Suite struct WayInTests {
    /// A class loader (GC root) → its class list → the class OrderDesk → static ORDER_CACHE → a map → its table →
    /// 20 entries of 1,000 bytes each; the class Other holds 12,000 bytes. The loader is the suspect and its class list the accumulation point (the
    /// class objects below it split the memory); the way in goes on through the static field to the table, where
    /// the memory spreads out over the entries.
    static func orderDesk() -> (NamedGraph, desk: UInt32, map: UInt32, table: UInt32) {
        var g = NamedGraph()
        let loader = g.node("AppClassLoader", 40)
        let list = g.node("ArrayList", 24), array = g.node("Object[]", 32)
        let desk = g.node("java.lang.Class", 100), other = g.node("java.lang.Class", 100)
        let map = g.node("ConcurrentHashMap", 64), table = g.node("ConcurrentHashMap$Node[]", 144)
        g.classes.append("OrderDesk")
        g.classes.append("Other")
        g.classObjects = [desk: "OrderDesk", other: "Other"]
        g.previews[table] = "length 32"
        g.roots = [loader]
        g.edge(loader, list, "classes")
        g.edge(list, array, "elementData")
        g.edge(array, desk, "[0]")
        g.edge(array, other, "[1]")
        g.edge(desk, loader, "<classloader>")
        g.edge(desk, map, "ORDER_CACHE")
        g.edge(map, table, "table")
        for k in 0..<20 {
            let node = g.node("ConcurrentHashMap$Node", 32), value = g.node("byte[]", 968)
            g.edge(table, node, "[\(k)]")
            g.edge(node, value, "val")
        }
        let small = g.node("byte[]", 12000)
        g.edge(other, small, "BUFFER")
        return (g, desk, map, table)
    }

    @Test func throughTheStaticFieldToWhereTheMemorySpreads() throws {
        let (g, desk, map, table) = WayInTests.orderDesk()
        let index = try g.index()
        let suspects = LeakSuspects.find(in: index)
        let top = try #require(suspects.first)
        #expect(top.kind == .object(1))
        #expect(top.accumulationPoint == 3, "the class list: the class objects split it 20,408 : 12,100")
        #expect(top.statics.first?.field == "ORDER_CACHE")
        #expect(top.wayIn == [desk, map, table])
    }

    @Test func trimStartsAtTheLastHoldPoint() throws {
        let (g, desk, map, table) = WayInTests.orderDesk()
        let index = try g.index()
        let classObjects: Set<UInt32> = [desk]
        // A VM link out of a class object (`<classloader>`) is no hold point; a static field is.
        #expect(WayIn.trim([1, 2, 3, desk, map, table], in: index, classObjects: classObjects) == [desk, map, table])
        #expect(WayIn.trim([desk, 1, 2], in: index, classObjects: classObjects) == [desk, 1, 2])
        #expect(WayIn.trim([1, 2, 3], in: index, classObjects: classObjects) == [1, 2, 3])
    }
}
