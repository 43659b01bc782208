import Foundation
import Testing
import DumpKit
import HeapAnalysis
import HeapGraph
@testable import DumpReports

/// Paths to the accumulation point count each static field as a way in of its own, named by its field (MAT lists each
/// static reference as its own path): a class holding the object through two statics gives two ways in.
///
/// Checked against a brute force written from the rule and from what the test wrote into the dump (which fields are
/// statics, which objects are GC roots), not from hdx's code: a way in is a static field (class, field) or a GC root
/// whose reference reaches the point by a forward breadth-first walk that never leaves an object through a holding
/// reference (a class's static, any reference of a GC root); a GC root's own references hold only where it has no
/// static to the same object. Each way's path must be as short as that walk.
@Suite struct StaticWaysInTests {
    /// A heap the test knows: ids, statics by class, roots, and the dump written from them.
    struct Heap {
        var statics: [UInt64: [(name: String, target: UInt64)]] = [:]
        var roots: Set<UInt64> = []
        var objects: [UInt64] = []
        var writer = HprofWriter()

        func load(_ name: String) throws -> LoadedDump { try DumpLoader.load(path: try writer.write(name)) }
    }

    static let object: UInt64 = 0x100, klass: UInt64 = 0x110, objArray: UInt64 = 0x120

    /// Classes `C0…` (0x200, 0x210, …) with `statics[i]` (name, target id) and a loader, Object[] objects with the
    /// given elements, instances of the classes (no fields: a `<class>` reference only), JNI-global roots and
    /// sticky-class roots.
    static func heap(classes: [(statics: [(String, UInt64)], loader: UInt64, sticky: Bool)],
                     arrays: [(id: UInt64, elements: [UInt64])], instances: [(id: UInt64, of: Int)],
                     roots: [UInt64]) -> Heap {
        var h = Heap()
        var w = HprofWriter()
        var names: [String: UInt64] = [:]
        func nameID(_ s: String) -> UInt64 {
            if let id = names[s] { return id }
            let id = UInt64(1000 + names.count)
            names[s] = id
            w.utf8(id, s)
            return id
        }
        let classIDs = classes.indices.map { UInt64(0x200 + 0x10 * $0) }
        let all: [(UInt64, String)] = [(object, "java/lang/Object"), (klass, "java/lang/Class"),
                                       (objArray, "[Ljava/lang/Object;")] + classIDs.enumerated().map { ($1, "C\($0)") }
        for (k, (cid, name)) in all.enumerated() {
            w.loadClass(serial: UInt32(k + 1), classID: cid, nameID: nameID(name))
        }
        let staticIDs = classes.map { c in c.statics.map { (nameID($0.0), $0.1) } }
        w.record(0x1C) { r in
            r.classDump(object, super: 0)
            r.classDump(klass, super: object)
            r.classDump(objArray, super: object)
            for (i, c) in classes.enumerated() {
                r.classDump(classIDs[i], super: object, loader: c.loader,
                            statics: staticIDs[i].map { ($0.0, 2, $0.1) })
            }
            for a in arrays { r.objectArray(a.id, classID: objArray, elements: a.elements) }
            for i in instances { r.instance(i.id, classID: classIDs[i.of], data: []) }
            for c in [object, klass, objArray] { r.root(0x05, c) }
            for (i, c) in classes.enumerated() where c.sticky { r.root(0x05, classIDs[i]) }
            for id in roots { r.root(0x01, id) }
        }
        w.record(0x2C) { _ in }
        h.writer = w
        for (i, c) in classes.enumerated() { h.statics[classIDs[i]] = c.statics.map { (name: $0.0, target: $0.1) } }
        h.roots = Set(roots).union([object, klass, objArray])
            .union(classes.indices.filter { classes[$0].sticky }.map { classIDs[$0] })
        h.objects = arrays.map(\.id) + instances.map(\.id)
        return h
    }

    /// The brute force: every way in to `acc` with its path length (objects, both ends included), keyed
    /// `holder id` + `.field` (a static) or `holder id` (a GC root).
    static func waysIn(_ h: Heap, _ dump: LoadedDump, to acc: UInt32) -> [String: Int] {
        let g = dump.index.graph
        var idOf: [UInt32: UInt64] = [:]
        for v in 1..<g.nodeCount { idOf[UInt32(v)] = g.objectIDs[v] }
        func node(_ id: UInt64) -> UInt32? { g.node(forID: id) }
        func staticsTo(_ x: UInt32, _ y: UInt32) -> [String] {
            guard let id = idOf[x], let s = h.statics[id] else { return [] }
            return s.filter { node($0.target) == y }.map(\.name)
        }
        func holds(_ x: UInt32, _ y: UInt32) -> Bool {
            !staticsTo(x, y).isEmpty || idOf[x].map { h.roots.contains($0) } == true
        }
        // Forward distance from `w` to `acc` over references that do not hold.
        func distance(from w: UInt32) -> Int? {
            var dist: [UInt32: Int] = [w: 0]
            var queue = [w], head = 0
            while head < queue.count {
                let x = queue[head]
                head += 1
                if x == acc { return dist[x] }
                for raw in g.successors(x) where !Edge.isWeak(raw) {
                    let y = Edge.target(raw)
                    if dist[y] != nil || holds(x, y) { continue }
                    dist[y] = dist[x]! + 1
                    queue.append(y)
                }
            }
            return nil
        }
        var ways: [String: Int] = [:]
        for x in 1..<UInt32(g.nodeCount) where x != acc {
            let id = idOf[x]!
            for raw in g.successors(x) where !Edge.isWeak(raw) {
                let y = Edge.target(raw)
                guard y != HeapGraph.superRoot, let d = distance(from: y) else { continue }
                let statics = staticsTo(x, y)
                for name in statics { ways[String(id, radix: 16) + "." + name] = d + 2 }
                if statics.isEmpty, h.roots.contains(id) {
                    let key = String(id, radix: 16)
                    ways[key] = min(ways[key] ?? .max, d + 2)
                }
            }
        }
        return ways
    }

    /// hdx's ways in, keyed as `waysIn` keys them.
    static func found(_ dump: LoadedDump, to acc: UInt32) -> (ways: [String: Int], found: Int, complete: Bool) {
        let g = dump.index.graph
        let paths = AccumulationPaths.find(in: dump.index, to: acc, limit: 100_000,
                                           classObjects: StaticHoldings.classObjects(g))
        var ways: [String: Int] = [:]
        for (k, p) in paths.paths.enumerated() {
            let key = String(g.objectIDs[Int(p[0])], radix: 16) + (paths.fields[k].map { "." + $0 } ?? "")
            ways[key] = p.count
        }
        return (ways, paths.found, paths.complete)
    }

    @Test func twoStaticsOfOneClassAreTwoWaysIn() throws {
        // C0.A and C0.B → list 0x1000; C1.S → 0x1010 → list; C2.M1 → 0x1020 → 0x1010, C2.M2 → list; root 0x1030 →
        // list; C3 (not a root) reaches the list only through its loader 0x1010, and its instance 0x5000 is a root.
        let h = Self.heap(
            classes: [([("A", 0x1000), ("B", 0x1000)], 0, true), ([("S", 0x1010)], 0, true),
                      ([("M1", 0x1020), ("M2", 0x1000)], 0, false), ([], 0x1010, false)],
            arrays: [(0x1000, [0x1040]), (0x1010, [0x1000]), (0x1020, [0x1010]), (0x1030, [0x1000]), (0x1040, [])],
            instances: [(0x5000, 3)], roots: [0x1030, 0x5000])
        let dump = try h.load("twin-statics.hprof")
        let acc = try #require(dump.index.graph.node(forID: 0x1000))
        let got = Self.found(dump, to: acc)
        let expected = Self.waysIn(h, dump, to: acc)
        #expect(expected == ["200.A": 2, "200.B": 2, "210.S": 3, "220.M1": 4, "220.M2": 2, "1030": 2, "5000": 4])
        #expect(got.ways == expected && got.found == 7 && got.complete)

        // The report's tree: two leaves for class C0, each named by its static.
        let classObjects = StaticHoldings.classObjects(dump.index.graph)
        let found = AccumulationPaths.find(in: dump.index, to: acc, classObjects: classObjects)
        let tree = DumpReport.AccumulationPathsTree.make(found, index: dump.index, classObjects: classObjects)
        let twins = tree.tree.filter { $0.id == "0x200" }
        #expect(twins.map(\.field) == ["A", "B"] && twins.map(\.parent) == [0, 0])
        #expect(twins.map(\.holder) == ["static field C0.A", "static field C0.B"])
        #expect(tree.found == 7 && tree.tree[0].paths == 7)
        let text = tree.lines().joined(separator: "\n")
        #expect(text.contains("held by static field C0.A") && text.contains("held by static field C0.B"), "\(text)")
    }

    /// Random heaps: every object that is no GC root as the accumulation point, against the brute force.
    @Test(arguments: 1...12) func randomHeaps(seed: UInt64) throws {
        var rng = SplitMix(seed)
        let objectCount = 24, classCount = 5
        let ids = (0..<objectCount).map { UInt64(0x1000 + 0x10 * $0) }
        func anyObject() -> UInt64 { ids[Int(rng.next() % UInt64(objectCount))] }
        var classes: [(statics: [(String, UInt64)], loader: UInt64, sticky: Bool)] = []
        for _ in 0..<classCount {
            var statics: [(String, UInt64)] = []
            for f in 0..<Int(rng.next() % 4) {
                // Often the same object as the field before: two statics of one class to one object.
                let target = f > 0 && rng.next() % 2 == 0 ? statics[f - 1].1 : anyObject()
                statics.append(("F\(f)", target))
            }
            classes.append((statics, rng.next() % 3 == 0 ? anyObject() : 0, rng.next() % 2 == 0))
        }
        let arrays = ids.map { id in (id: id, elements: (0..<Int(rng.next() % 3)).map { _ in anyObject() }) }
        let instances = (0..<classCount).map { (id: UInt64(0x5000 + 0x10 * $0), of: $0) }
        let roots = (0..<3).map { _ in anyObject() } + [instances[Int(rng.next() % UInt64(classCount))].id]
        let h = Self.heap(classes: classes, arrays: arrays, instances: instances, roots: roots)
        let dump = try h.load("random-statics-\(seed).hprof")
        var checked = 0, twins = 0
        for id in h.objects where !h.roots.contains(id) {
            let acc = try #require(dump.index.graph.node(forID: id))
            let expected = Self.waysIn(h, dump, to: acc)
            let got = Self.found(dump, to: acc)
            #expect(got.ways == expected && got.found == expected.count && got.complete, "seed \(seed), 0x\(String(id, radix: 16))")
            checked += 1
            let byHolder = Dictionary(grouping: expected.keys.filter { $0.contains(".") }) { $0.split(separator: ".")[0] }
            if byHolder.values.contains(where: { $0.count > 1 }) { twins += 1 }
        }
        #expect(checked > 0)
        if seed == 1 { #expect(twins > 0, "seed 1 should have a class holding one point through two statics") }
    }
}
