import Testing
import DumpKit
import HeapGraph
@testable import HprofReader

/// The committed JDK 17 sample (SampleDumps/generators/java/LeakDemo.java): each planted leak must show up where
/// it belongs, with retained sizes equal to an independent computation on the same graph.
@Suite struct SampleDumpTests {
    static let samples = String(#filePath).components(separatedBy: "/Tests/")[0] + "/SampleDumps/java/"
    static let dump: LoadedDump = try! DumpLoader.load(path: samples + "leakdemo.hprof")

    var index: HeapIndex { Self.dump.index }

    func classObject(_ name: String) -> UInt32 {
        let k = index.graph.classes.names.firstIndex(of: name)!
        return index.graph.classes.classObjects[k]!
    }

    func field(_ node: UInt32, _ name: String) -> FieldValue? {
        index.details.fields(of: node).first { $0.name == name }
    }

    /// Bytes freed when `node` goes: the shallow sizes of everything no longer reachable without it (plus itself).
    func retainedByRemoval(_ node: UInt32) -> UInt64 {
        let g = index.graph
        var seen = [Bool](repeating: false, count: g.nodeCount)
        seen[0] = true
        seen[Int(node)] = true
        var stack: [UInt32] = [0]
        while let v = stack.popLast() {
            for raw in g.successors(v) where !Edge.isWeak(raw) {
                let w = Int(Edge.target(raw))
                if !seen[w] { seen[w] = true; stack.append(UInt32(w)) }
            }
        }
        var total = g.shallowSize(node)
        for v in 1..<g.nodeCount where !seen[v] && index.tree.isReachable(UInt32(v)) { total += g.shallowSize(UInt32(v)) }
        return total
    }

    @Test func headerFacts() {
        #expect(index.info.version == "JAVA PROFILE 1.0.2")
        #expect(index.info.facts.contains { $0.key == "compressedOops" && $0.value == "true" })
        #expect(index.info.warnings.isEmpty, "\(index.info.warnings)")
        #expect(index.objectCount > 20_000)
    }

    @Test func neverEvictedCacheIsTheBiggestAppRetainer() throws {
        let cache = try #require(field(classObject("LeakDemo$SessionCache"), "CACHE")?.target)
        #expect(index.graph.className(cache) == "java.util.HashMap")
        let size = try #require(field(cache, "size").flatMap { Int($0.value) })
        let sessions = index.histogram.rows.first { index.graph.classes[$0.classIndex] == "LeakDemo$Session" }
        #expect(sessions?.count == size, "every Session sits in the cache")
        #expect(index.tree.retained[Int(cache)] == retainedByRemoval(cache))
        #expect(index.tree.retained[Int(cache)] > 512 * 1024 / 2, "about half of the 1 MiB planted")
        // Class retained of Session is the sum over all sessions (none dominates another).
        let g = index.graph
        let sum = (1..<g.nodeCount).filter { g.classOf[$0] == sessions?.classIndex }
            .reduce(UInt64(0)) { $0 + index.tree.retained[$1] }
        #expect(sessions?.retained == sum)
    }

    @Test func parkedThreadKeepsItsThreadLocal() throws {
        let worker = try #require(Self.dump.extras(HprofDump.self)?.threads.first { $0.name == "leaky-worker" })
        let thread = try #require(worker.object)
        #expect(worker.frames.contains { $0.method == "sleep" }, "\(worker.frames.map(\.description))")
        #expect(index.tree.retained[Int(thread)] >= 102_400)
        #expect(index.tree.retained[Int(thread)] == retainedByRemoval(thread))
        // The biggest thing the thread dominates is reached through threadLocals.
        let top = try #require(index.tree.children(of: thread, limit: 1).first)
        #expect(index.details.referenceName(from: thread, to: top) == "threadLocals")
    }

    @Test func chainRetainsEveryNode() throws {
        let chainClass = classObject("LeakDemo$Chain")
        let head = try #require(field(chainClass, "HEAD")?.target)
        let length = try #require(field(chainClass, "LENGTH").flatMap { UInt64($0.value) })
        // Node{next,data}: 12 + 4 + 4 → 24; int[16]: 16 + 64 = 80. The last node is also held by main's local
        // variable `tail` (a Java-frame root while main dumps), so the head retains all but that one.
        var last = head
        while let next = field(last, "next")?.target { last = next }
        #expect(index.graph.rootRecords(of: last).contains { $0.kind == .javaFrame })
        #expect(index.tree.retained[Int(head)] == (length - 1) * (24 + 80))
        #expect(index.tree.retained[Int(head)] == retainedByRemoval(head))
    }

    @Test func softAndWeakReferentsAreNotRetained() {
        let g = index.graph
        let byteArray = UInt32(g.classes.names.firstIndex(of: "byte[]")!)
        let unreachable512 = (1..<g.nodeCount).filter {
            g.classOf[$0] == byteArray && g.shallowSize(UInt32($0)) == 528 && !index.tree.isReachable(UInt32($0))
        }
        #expect(unreachable512.count == 200, "the 200 byte[512] behind SoftReferences")
    }

    @Test func pathToASessionPayloadGoesThroughTheCache() throws {
        let g = index.graph
        let session = UInt32(g.classes.names.firstIndex(of: "LeakDemo$Session")!)
        let s = try #require((1..<g.nodeCount).first { g.classOf[$0] == session })
        let payload = try #require(field(UInt32(s), "payload")?.target)
        let path = try #require(RootPaths.shortest(in: g, to: payload, max: 3).first)
        let names = zip(path, path.dropFirst()).map { index.details.referenceName(from: $0, to: $1) ?? "?" }
        #expect(names.contains("CACHE") && names.contains("table") && names.last == "payload", "\(names)")
        #expect(g.isRoot(path[0]))
    }

    @Test func duplicateStringsDecode() {
        let g = index.graph
        let string = UInt32(g.classes.names.firstIndex(of: "java.lang.String")!)
        var copies = 0
        for v in 1..<g.nodeCount where g.classOf[v] == string {
            if index.details.preview(UInt32(v)) == "\"duplicate-value-3\"" { copies += 1 }
        }
        #expect(copies > 10)
    }

    @Test func gzipPairGrew() throws {
        let before = try DumpLoader.load(path: Self.samples + "leakdemo-before.hprof.gz")
        let after = try DumpLoader.load(path: Self.samples + "leakdemo-after.hprof.gz")
        func sessions(_ d: LoadedDump) -> Int {
            d.index.histogram.rows.first { d.index.graph.classes[$0.classIndex] == "LeakDemo$Session" }?.count ?? 0
        }
        #expect(sessions(before) > 100)
        #expect(sessions(after) > sessions(before))
    }
}
