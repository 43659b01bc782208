import Foundation
import Testing
import DumpKit
import DumpReports
import HeapGraph

/// The Threads screen's totals on a dump the JDK writes now (SampleDumps/generators/java/ThreadsDemo.java): each
/// thread's total (its object and locals) and each frame's (its locals) against what removing them frees, node by
/// node (domination by its definition), and the planted frame's known arrays.
@Suite(.serialized) struct ThreadTotalsTests {
    static let generators = String(#filePath).components(separatedBy: "/Tests/")[0] + "/SampleDumps/generators/"

    static func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func run(_ tool: String, _ args: [String]) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// The reachable nodes the roots no longer reach once `removed` is gone (strong references, as the dominators).
    static func freed(_ g: HeapGraph, without removed: UInt32, reachable: [Bool]) -> [UInt32] {
        var seen = [Bool](repeating: false, count: g.nodeCount)
        seen[Int(removed)] = true
        var stack = Array(g.rootNodes)
        while let v = stack.popLast() {
            guard !seen[Int(v)] else { continue }
            seen[Int(v)] = true
            for raw in g.successors(v) where !Edge.isWeak(raw) && !seen[Int(Edge.target(raw))] {
                stack.append(Edge.target(raw))
            }
        }
        seen[Int(removed)] = false
        return (1..<g.nodeCount).filter { reachable[$0] && !seen[$0] }.map(UInt32.init)
    }

    static func union(_ g: HeapGraph, _ nodes: [UInt32], reachable: [Bool]) -> UInt64 {
        var u = Set<UInt32>()
        for n in nodes { u.formUnion(freed(g, without: n, reachable: reachable)) }
        return u.reduce(0) { $0 + g.shallowSize($1) }
    }

    @Test func threadAndFrameTotals() throws {
        guard let javac = Self.tool("javac"), let java = Self.tool("java") else {
            print("notice: no JDK on PATH, thread totals not checked")
            return
        }
        let dir = NSTemporaryDirectory() + "hdx-threads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.run(javac, ["-d", dir, Self.generators + "java/ThreadsDemo.java"]))
        #expect(try Self.run(java, ["-XX:+UseSerialGC", "-cp", dir, "ThreadsDemo", dir + "/t.hprof"]))
        let dump = try DumpLoader.load(path: dir + "/t.hprof")
        let g = dump.index.graph
        let reachable = (0..<g.nodeCount).map { dump.index.tree.isReachable(UInt32($0)) }
        let threads = try #require(ReportScreens.compute(dump).threads)
        for t in threads {
            var all = t.otherLocals + (t.object.map { [$0] } ?? [])
            for f in t.frames {
                #expect(f.retained == Self.union(g, f.locals, reachable: reachable), "\(t.name) \(f.text)")
                all += f.locals
            }
            #expect(t.total == Self.union(g, all, reachable: reachable), "\(t.name)")
        }
        // The planted frame: its locals are the 100,000-byte array, the list of ten 1,000-byte ones and the 5,000-byte
        // SHARED array (a local too, so counted as itself though a static also holds it); headers and the list's
        // array add less than 1,000 bytes.
        let holder = try #require(threads.first { $0.name == "holder-1" })
        let hold = try #require(holder.frames.first { $0.text.contains("ThreadsDemo.hold(") })
        let planted: UInt64 = 100_000 + 10 * 1_000 + 5_000
        #expect(hold.retained >= planted && hold.retained < planted + 1_000, "\(hold.retained)")
        #expect(holder.total >= hold.retained)
        #expect(threads.first?.name == "holder-1")
    }
}
