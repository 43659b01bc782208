import Testing
@testable import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

/// The out-of-core storage (ArrayStorage): arrays in mapped temporary files behave as in memory, leave no file
/// behind, and the dominator computation over them gives the brute-force answers.
@Suite struct OutOfCoreTests {
    static func freshDirectory() throws -> String {
        var template = Array("/var/tmp/hdx-ooc-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil)
        return String(cString: made!)
    }

    static func entries(_ dir: String) -> Int {
        guard let d = opendir(dir) else { return -1 }
        defer { closedir(d) }
        var n = 0
        while readdir(d) != nil { n += 1 }
        return n - 2
    }

    @Test func storedArraysAreMappedFilesThatLeaveNothingBehind() throws {
        let dir = try Self.freshDirectory()
        defer { rmdir(dir) }
        let storage = ArrayStorage(directory: dir)
        do {
            let a = storage.allocate(3_000_000, repeating: UInt64(7))
            #expect(a.isMapped)
            #expect(a[0] == 7 && a[2_999_999] == 7)
            a[123_456] = 99
            let column = a.column
            #expect(column.count == 3_000_000 && column[123_456] == 99 && column[5] == 7)
            let zero = storage.allocate(1000, repeating: UInt32(0))
            #expect(zero.buffer.allSatisfy { $0 == 0 })
            var grow = storage.growable(UInt32.self, capacity: 16)
            for i in 0..<100_000 { grow.append(UInt32(i) &* 2_654_435_761) }
            #expect(grow.count == 100_000)
            #expect(grow.elements[99_999] == UInt32(99_999) &* 2_654_435_761 && grow.elements[17] == 17 &* 2_654_435_761)
            grow.release()
            #expect(Self.entries(dir) == 0, "the temporary files have no name")
        }
        #expect(Self.entries(dir) == 0)
    }

    @Test func aFolderThatCannotBeWrittenFallsBackToMemory() {
        let storage = ArrayStorage(directory: "/nonexistent/hdx-ooc")
        let a = storage.allocate(1000, repeating: UInt32(3))
        #expect(!a.isMapped)
        #expect(a.buffer.allSatisfy { $0 == 3 })
        var g = storage.growable(UInt64.self, capacity: 4)
        for i in 0..<1000 { g.append(UInt64(i)) }
        #expect(Array(g.elements) == (0..<1000).map { UInt64($0) })
    }

    @Test(arguments: 0..<60)
    func dominatorsOverMappedArraysMatchBruteForce(seed: Int) throws {
        let dir = try Self.freshDirectory()
        defer { rmdir(dir) }
        let n = 3 + seed % 37
        let t = DominatorTests.randomGraph(seed: UInt64(seed) &+ 1000, n: n, edgeFactor: [0.8, 1.5, 3.0][seed % 3],
                                           weakShare: seed % 4 == 0 ? 0.2 : 0)
        let plain = try t.build()
        let storage = ArrayStorage(directory: dir)
        let g = try HeapGraph(objectIDs: plain.objectIDs, classOf: plain.classOf, shallow32: plain.shallow32,
                              outStart: plain.outStart, outEdges: plain.outEdges, roots: plain.roots,
                              classes: plain.classes, storage: storage)
        let d = try Dominators(graph: g, storage: storage)
        let tree = DominatorTree(graph: g, dominators: d, storage: storage)
        let expected = BruteForce.idoms(plain)
        let reach = BruteForce.reachable(plain, removing: nil)
        for v in 1...UInt32(n) {
            #expect(d.idom[Int(v)] == (reach.contains(v) ? expected[v] : HeapGraph.none), "seed \(seed) node \(v)")
        }
        for (v, r) in BruteForce.retained(plain) { #expect(tree.retained[Int(v)] == r, "seed \(seed) retained of \(v)") }
        #expect(Array(g.inEdges) == Array(plain.inEdges) && Array(g.inStart) == Array(plain.inStart))
        #expect(d.reachableCount == reach.count)
    }
}
