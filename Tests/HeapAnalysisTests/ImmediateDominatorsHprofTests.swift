import Foundation
import Testing
import DumpKit
import GeneratedDumps
@testable import HeapAnalysis
@testable import HeapGraph

/// Immediate dominators on a dump the JDK writes now (SampleDumps/generators/java/DominatorsDemo.java): the rows
/// the program's structure implies, and every size against domination by its definition (remove the node, see
/// what the roots can no longer reach).
@Suite(.serialized) struct ImmediateDominatorsHprofTests {
    static func demoDump() throws -> LoadedDump? {
        try GeneratedDumps.java("DominatorsDemo", notChecked: "immediate dominators on an HPROF")
    }

    @Test func demoRows() throws {
        guard let dump = try Self.demoDump() else { return }
        let idx = dump.index, g = idx.graph
        let names = g.classes.names
        let item = UInt32(try #require(names.firstIndex(of: "DominatorsDemo$Item")))
        let instances = (1..<g.nodeCount).filter { g.classOf[$0] == item }.map(UInt32.init)
        #expect(instances.count == 166)
        let skip = names.map(ImmediateDominators.isJDKClass)
        let result = ImmediateDominators(class: item, instances: instances, in: idx, skip: skip)
        func row(_ name: String, statics: Bool = false) -> ImmediateDominators.Row? {
            result.rows.first { $0.statics == statics && $0.classIndex.map { names[Int($0)] } == name }
        }
        // What the program built: the list, the chain (its own class passed over) under Holder's statics; the map
        // under the Registry; one Item per Owner; the shared Item under the Owner[] array.
        #expect(result.rows.count == 4)
        #expect(row("DominatorsDemo$Holder", statics: true).map { ($0.dominators.count, $0.dominated) } ?? (0, 0) == (1, 105))
        #expect(row("DominatorsDemo$Registry").map { ($0.dominators.count, $0.dominated) } ?? (0, 0) == (1, 50))
        #expect(row("DominatorsDemo$Owner").map { ($0.dominators.count, $0.dominated) } ?? (0, 0) == (10, 10))
        #expect(row("DominatorsDemo$Owner[]").map { ($0.dominators.count, $0.dominated) } ?? (0, 0) == (1, 1))
        // Without skipping: the ArrayList's array and the map's nodes are the dominators.
        let all = ImmediateDominators(class: item, instances: instances, in: idx)
        #expect(all.rows.first { $0.classIndex.map { names[Int($0)] } == "java.lang.Object[]" }?.dominated == 100)
        #expect(all.rows.first { $0.classIndex.map { names[Int($0)] } == "java.util.HashMap$Node" }?.dominated == 50)
        // Every size by brute force.
        let reachable = (0..<g.nodeCount).map { idx.tree.isReachable(UInt32($0)) }
        for r in result.rows + all.rows {
            #expect(r.retained == RemovalBruteForce.unionRetained(g, r.dominators, reachable: reachable))
            #expect(r.shallow == r.dominators.reduce(0) { $0 + g.shallowSize($1) })
        }
        let holder = try #require(row("DominatorsDemo$Holder", statics: true))
        // The Holder row's instances: those its class object dominates, less those the Registry and the Owner[]
        // dominate (they are rows of their own).
        let registry = try #require(row("DominatorsDemo$Registry")).dominators[0]
        let owners = try #require(row("DominatorsDemo$Owner[]")).dominators[0]
        let listed = Set(RemovalBruteForce.freed(g, without: holder.dominators[0], reachable: reachable))
            .subtracting(RemovalBruteForce.freed(g, without: registry, reachable: reachable))
            .subtracting(RemovalBruteForce.freed(g, without: owners, reachable: reachable))
            .filter { g.classOf[Int($0)] == item }
        #expect(listed.count == 105)
        #expect(holder.dominatedRetained == RemovalBruteForce.unionRetained(g, Array(listed), reachable: reachable))
    }
}
