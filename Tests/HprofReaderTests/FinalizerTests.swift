import Foundation
import Testing
import DumpInput
import DumpKit
import HeapGraph
@testable import HprofReader

/// Objects waiting for finalization are live (the JVM runs their finalize() later): held only by a
/// java.lang.ref.Finalizer's referent, they are GC roots of kind Finalizer, as in MAT.
@Suite struct FinalizerTests {
    static let object: UInt64 = 0x100, reference: UInt64 = 0x110, finalRef: UInt64 = 0x120, finalizer: UInt64 = 0x130
    static let weakRef: UInt64 = 0x140, resource: UInt64 = 0x150, bytes: UInt64 = 0x160

    /// class Resource { byte[] data; }  (a class with a finalize())
    /// Finalizer.unfinalized (static) → F1 (0x1000, referent P 0x1100, next F2 0x1010) → F2 (referent L 0x1200)
    /// P 0x1100 → byte[50] 0x1110: held by nothing else: pending finalization → a Finalizer root
    /// L 0x1200 → byte[60] 0x1210: also held by a JNI global root: finalizable but live, not a Finalizer root
    /// W 0x1300 (WeakReference, Java frame root) → X 0x1400: weakly held only → unreachable
    /// F3 0x1020: a Finalizer whose referent is null (already finalized) → adds nothing
    /// `android`: Android's layout instead (`JAVA PROFILE 1.0.3`, 4-byte ids, `java.lang.ref.FinalizerReference`).
    static func write(android: Bool = false) -> HprofWriter {
        var w = HprofWriter(version: android ? "1.0.3" : "1.0.2", idSize: android ? 4 : 8)
        let finalizerName = android ? "java/lang/ref/FinalizerReference" : "java/lang/ref/Finalizer"
        let names: [(UInt64, String)] = [(1, "java/lang/Object"), (2, "java/lang/ref/Reference"),
                                         (3, "java/lang/ref/FinalReference"), (4, finalizerName),
                                         (5, "java/lang/ref/WeakReference"), (6, "Resource"), (7, "[B"),
                                         (10, "referent"), (11, "next"), (12, "unfinalized"), (13, "data")]
        for (i, s) in names { w.utf8(i, s) }
        let classes: [(UInt64, UInt64)] = [(object, 1), (reference, 2), (finalRef, 3), (finalizer, 4), (weakRef, 5),
                                           (resource, 6), (bytes, 7)]
        for (k, (cid, nid)) in classes.enumerated() { w.loadClass(serial: UInt32(k + 1), classID: cid, nameID: nid) }
        w.record(0x1C) { h in
            h.classDump(object, super: 0)
            h.classDump(reference, super: object, fields: [(10, 2)])
            h.classDump(finalRef, super: reference)
            h.classDump(finalizer, super: finalRef, statics: [(12, 2, 0x1000)], fields: [(11, 2)])
            h.classDump(weakRef, super: reference)
            h.classDump(resource, super: object, fields: [(13, 2)])
            h.classDump(bytes, super: object)
            // Finalizer fields: own (next) first, then Reference's referent.
            h.instance(0x1000, classID: finalizer, data: h.idBytes(0x1010) + h.idBytes(0x1100))
            h.instance(0x1010, classID: finalizer, data: h.idBytes(0x1020) + h.idBytes(0x1200))
            h.instance(0x1020, classID: finalizer, data: h.idBytes(0) + h.idBytes(0))
            h.instance(0x1100, classID: resource, data: h.idBytes(0x1110))
            h.primitiveArray(0x1110, type: 8, count: 50, elementSize: 1)
            h.instance(0x1200, classID: resource, data: h.idBytes(0x1210))
            h.primitiveArray(0x1210, type: 8, count: 60, elementSize: 1)
            h.instance(0x1300, classID: weakRef, data: h.idBytes(0x1400))
            h.instance(0x1400, classID: resource, data: h.idBytes(0))
            h.root(0x05, finalizer)
            h.root(0x05, object)
            h.root(0x01, 0x1200)
            h.root(0x03, 0x1300)
        }
        w.record(0x2C) { _ in }
        return w
    }

    @Test(arguments: [false, true])
    func pendingReferentIsAFinalizerRoot(android: Bool) throws {
        let d = try DumpLoader.load(path: try Self.write(android: android).write("finalizer-\(android).hprof"))
        let g = d.index.graph, tree = d.index.tree
        func node(_ id: UInt64) throws -> UInt32 { try #require(g.node(forID: id)) }
        let p = try node(0x1100), pBytes = try node(0x1110), live = try node(0x1200), x = try node(0x1400)
        #expect(g.rootRecords(of: p).map(\.kind) == [.finalizing])
        #expect(RootKind.finalizing.label == "Finalizer")
        #expect(tree.isReachable(p) && tree.isReachable(pBytes))
        #expect(tree.idom[Int(p)] == HeapGraph.superRoot)
        #expect(tree.retained[Int(p)] == g.shallowSize(p) + g.shallowSize(pBytes), "P retains itself and its byte[50]")
        #expect(g.rootRecords(of: live).map(\.kind) == [.jniGlobal], "strongly held: no Finalizer root")
        #expect(!tree.isReachable(x), "a WeakReference referent stays unreachable")
        #expect(d.index.unreachableObjects == 1)
        #expect(d.index.info.facts.contains { $0.key == "pendingFinalization" && $0.value.hasPrefix("1 object") })
        #expect(d.index.info.facts.contains { $0.key == "gcRootRecords" && $0.value == "4" }, "the dump's own records")
        let paths = d.pathsFromRoots(to: pBytes, max: 3)
        #expect(paths == [[p, pBytes]], "the path starts at the pending object, a Finalizer root")
    }

    /// JDK 17 (G1, plain `jcmd GC.heap_dump`) of FinalizerDemo: 200 Pending objects held only by their Finalizers
    /// while the finalizer thread is blocked. `jcmd GC.class_histogram`, taken just before, counts them live.
    @Test func realDumpCountsPendingObjectsLikeTheJVM() throws {
        let dir = String(#filePath).components(separatedBy: "/Tests/")[0] + "/SampleDumps/java/"
        let d = try DumpLoader.load(path: dir + "finalizer.hprof.gz")
        let histogram = try String(contentsOfFile: dir + "finalizer.histogram.txt", encoding: .utf8)
        var jvm: [String: Int] = [:]
        for line in histogram.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count >= 4, f[0].hasSuffix(":"), let n = Int(f[1]) { jvm[String(f[3])] = n }
        }
        let g = d.index.graph, tree = d.index.tree
        for name in ["FinalizerDemo$Pending", "FinalizerDemo$Live", "FinalizerDemo$Blocker"] {
            let k = try #require(g.classes.names.firstIndex(of: name))
            let nodes = (1..<g.nodeCount).filter { g.classOf[$0] == UInt32(k) }.map { UInt32($0) }
            let expected = try #require(jvm[name])
            #expect(nodes.count == expected, "\(name) in the dump")
            #expect(nodes.filter { tree.isReachable($0) }.count == expected, "\(name) reachable, as the JVM counts them live")
            for v in nodes.prefix(3) {
                let root = try #require(d.pathsFromRoots(to: v, max: 1).first?.first)
                let kinds = g.rootRecords(of: root).map(\.kind)
                if name == "FinalizerDemo$Pending" {
                    #expect(root == v && kinds == [.finalizing], "a pending object is its own Finalizer root")
                } else {
                    #expect(!kinds.contains(.finalizing), "\(name) is held by something else: \(kinds)")
                }
            }
        }
        #expect(jvm["FinalizerDemo$Pending"] == 200)
        #expect(d.index.info.facts.contains { $0.key == "pendingFinalization" && $0.value.hasPrefix("200 objects") })
    }
}
