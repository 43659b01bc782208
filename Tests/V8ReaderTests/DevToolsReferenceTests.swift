import Foundation
import Testing
import DumpInput
import HeapGraph
@testable import V8Reader

/// Node by node against `SampleDumps/generators/v8_devtools_reference.js`, a JavaScript port of DevTools'
/// HeapSnapshot.ts (essential edges, Lengauer–Tarjan with its orphan handling, shallow-size re-attribution, distances,
/// class names): every node's immediate dominator, retained size, self size, class and distance, and the Summary's
/// class retained sizes. Runs on every committed V8 sample and on a snapshot generated here with the shape that made
/// hdx differ from DevTools (a closure context that only the stack and a cycle hold; `v8_stack_cycle.js`). Needs
/// `node`; without it the test records a notice and checks nothing else.
@Suite(.serialized) struct DevToolsReferenceTests {
    struct ReferenceNode {
        var selfSize: UInt64
        var retained: UInt64
        var className: String
        var distance: Int?
        var idom: UInt64?
    }

    struct Reference {
        var nodes: [UInt64: ReferenceNode]
        var json: [String: Any]
    }

    static let generators = Fixture.repoRoot + "/SampleDumps/generators/"

    static func nodeBinary() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":") {
            let path = "\(dir)/node"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs node with `args`; returns its stdout, or nil (with the reason recorded) when it fails.
    static func runNode(_ args: [String]) throws -> String? {
        guard let node = nodeBinary() else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: node)
        p.arguments = ["--max-old-space-size=4096"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            Issue.record("node \(args.joined(separator: " ")) exited with \(p.terminationStatus)")
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func reference(_ file: String) throws -> Reference? {
        let tsv = NSTemporaryDirectory() + "hdx-devtools-ref-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: tsv) }
        guard let out = try runNode([generators + "v8_devtools_reference.js", file, "--nodes", tsv]) else { return nil }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        var nodes: [UInt64: ReferenceNode] = [:]
        let text = try String(contentsOfFile: tsv, encoding: .utf8)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 6, let id = UInt64(f[0]) else { continue }
            let dist = Int(f[4]) ?? -5
            nodes[id] = ReferenceNode(selfSize: UInt64(Double(f[1]) ?? -1), retained: UInt64(Double(f[2]) ?? -1),
                                      className: String(f[3]), distance: dist == -5 ? nil : dist,
                                      idom: UInt64(f[5]))
        }
        return Reference(nodes: nodes, json: json)
    }

    /// Compares hdx with the reference on every node; returns the number of differences (the first few recorded).
    static func compare(_ s: V8Snapshot, _ ref: Reference, label: String) -> Int {
        let g = s.index.graph, tree = s.index.tree
        let rootID = g.objectIDs[Int(s.rootNode)]
        var differences = 0
        func note(_ text: String) {
            differences += 1
            if differences <= 10 { Issue.record("\(label): \(text)") }
        }
        #expect(ref.nodes.count == g.nodeCount - 1, "\(label): node count")
        for v in 1..<g.nodeCount {
            let node = UInt32(v)
            let id = g.objectIDs[v]
            guard let r = ref.nodes[id] else { note("@\(id) missing in the reference"); continue }
            if g.shallowSize(node) != r.selfSize { note("@\(id) self \(g.shallowSize(node)) vs \(r.selfSize)") }
            if g.className(node) != r.className { note("@\(id) class \(g.className(node)) vs \(r.className)") }
            if s.distance(node) != r.distance {
                note("@\(id) distance \(String(describing: s.distance(node))) vs \(String(describing: r.distance))")
            }
            if node == s.rootNode { continue }   // DevTools' root is its own dominator; hdx's hangs off a super-root
            // hdx's super-root stands for DevTools' root.
            let d = tree.idom[v]
            let idom: UInt64? = d == HeapGraph.superRoot ? rootID : d == HeapGraph.none ? nil : g.objectIDs[Int(d)]
            if idom != r.idom {
                note("@\(id) (\(g.className(node))) idom \(idom.map { "@\($0)" } ?? "none") vs @\(r.idom ?? 0)")
            }
            if tree.retained[v] != r.retained { note("@\(id) retained \(tree.retained[v]) vs \(r.retained)") }
        }
        // Totals and the Summary's class retained sizes (the reference lists the 30 largest classes).
        if let total = ref.json["total"] as? Double, s.index.reachableBytes != UInt64(total) {
            note("total \(s.index.reachableBytes) vs \(UInt64(total))")
        }
        let summary = Dictionary(s.devToolsSummary().map { ($0.className, $0) }, uniquingKeysWith: { a, _ in a })
        for c in ref.json["classes"] as? [[String: Any]] ?? [] {
            guard let name = c["cls"] as? String, let retained = c["retained"] as? Double,
                  let count = c["count"] as? Double else { continue }
            guard let row = summary[name] else { note("class \(name) missing"); continue }
            if row.retained != UInt64(retained) { note("class \(name) retained \(row.retained) vs \(UInt64(retained))") }
            if row.count != Int(count) { note("class \(name) count \(row.count) vs \(Int(count))") }
        }
        return differences
    }

    @Test(arguments: ["leak-1.heapsnapshot", "leak-2.heapsnapshot"])
    func committedSamplesMatchDevToolsNodeByNode(_ name: String) throws {
        let path = Fixture.repoRoot + "/SampleDumps/v8/" + name
        guard Self.nodeBinary() != nil else {
            print("DevToolsReferenceTests: skipped, node is not installed")
            return
        }
        guard let ref = try Self.reference(path) else { return }
        let s = try Fixture.sample(name)
        #expect(Self.compare(s, ref, label: name) == 0)
    }

    /// A stack-held closure context in a cycle (nothing outside the cycle retains it essentially) that references a
    /// module graph `global` also reaches: DevTools hangs the cycle under the root without letting it dominate, so
    /// `global` keeps the module. Before the fix hdx handed the module to the root.
    @Test func stackHeldCycleLeavesTheModuleUnderGlobal() throws {
        guard Self.nodeBinary() != nil else {
            print("DevToolsReferenceTests: skipped, node is not installed")
            return
        }
        let dir = NSTemporaryDirectory() + "hdx-stack-cycle-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/stack-cycle.heapsnapshot"
        guard try Self.runNode([Self.generators + "v8_stack_cycle.js", file, "synthetic"]) != nil,
              let ref = try Self.reference(file) else { return }
        let s = try V8Snapshot.load(try MappedFile(path: file))
        #expect(Self.compare(s, ref, label: "stack-cycle") == 0)
        // The shape is present: a cycle nothing reaches, with a system / Context in it.
        let cycles = try #require(ref.json["unreachableCycles"] as? Int)
        #expect(cycles > 0)
        let cycleNodes = ref.json["unreachableCycleNodes"] as? [String] ?? []
        #expect(cycleNodes.contains { $0.hasPrefix("system / Context @") })
        // `global` keeps the module: it retains the synthetic module's tables, most of the heap.
        let g = s.index.graph
        let global = try #require(g.rootNodes.first { g.className($0) == "global" })
        let userRoots = try #require(ref.json["userRoots"] as? [[String: Any]])
        let refGlobal = try #require(userRoots.first { $0["cls"] as? String == "global" })
        #expect(s.index.tree.retained[Int(global)] == UInt64(try #require(refGlobal["retained"] as? Double)))
        #expect(s.index.tree.retained[Int(global)] * 2 > s.index.reachableBytes)
        // Nodes directly under the root: DevTools' count plus hdx's own V8 root node (a child of the super-root).
        let rootChildren = try #require(ref.json["rootChildren"] as? Int)
        #expect(s.index.tree.children(of: HeapGraph.superRoot, limit: Int.max).count == rootChildren + 1)
        #expect(s.index.info.warnings.contains { $0.contains("\(cycles) objects in cycles no root reaches") })
    }
}
