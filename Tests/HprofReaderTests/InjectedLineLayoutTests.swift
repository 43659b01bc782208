import Foundation
import Testing
import DumpKit
import HeapGraph
@testable import HprofReader

/// The bytes HotSpot injects into `java.lang.ClassLoader` (its `loader_data` pointer) belong to every class loader,
/// also the ones that cannot be measured. Real case, JDK 17 jshell under ZGC: `ClassLoader` and `BuiltinClassLoader`
/// have no instances of their own, `ClassLoaders$AppClassLoader` is measured, and the one
/// `ClassLoaders$PlatformClassLoader` sits before a dead object, so its distance is not its size. The JVM's class
/// histogram says 184 B; sized from its declared fields alone it came out 176 B.
///
/// The heap below is written by hand, compressed oops (12-byte header, 4-byte references, 8-byte alignment):
///   java.lang.ClassLoader { Object parent } + 8 injected bytes, no instances
///   Mid extends ClassLoader { Object x }, no instances
///   AppLoader extends Mid { int a }: 12 + 4 + 4 + 4 + 8 = 32, three instances back to back
///   PlatformLoader extends Mid { Object q; int b }: 12 + 4 + 4 + 4 + 4 + 8 = 36 → 40, one instance, then a hole
///   Plain { int x; Object r }: 12 + 4 + 4 = 20 → 24, six instances (the header the classes agree on)
/// plus arrays of many lengths (int/byte from 16, long from 16, references from 16 at 4 bytes).
@Suite struct InjectedLineLayoutTests {
    static let object: UInt64 = 0x100, loader: UInt64 = 0x110, mid: UInt64 = 0x120, app: UInt64 = 0x130
    static let platform: UInt64 = 0x140, plain: UInt64 = 0x150, objArray: UInt64 = 0x160

    struct Placed { var id: UInt64; var size: Int; var what: String }

    static func write(hole: Int, name: String) throws -> (String, [Placed]) {
        var w = HprofWriter(version: "1.0.2", idSize: 8)
        let names: [(UInt64, String)] = [(1, "java/lang/Object"), (2, "java/lang/ClassLoader"), (3, "Mid"),
                                         (4, "AppLoader"), (5, "PlatformLoader"), (6, "Plain"),
                                         (7, "[Ljava/lang/Object;"), (20, "parent"), (21, "x"), (22, "a"),
                                         (23, "q"), (24, "b"), (25, "r")]
        for (i, s) in names { w.utf8(i, s) }
        let classes: [(UInt64, UInt64)] = [(object, 1), (loader, 2), (mid, 3), (app, 4), (platform, 5), (plain, 6),
                                           (objArray, 7)]
        for (k, (cid, nid)) in classes.enumerated() { w.loadClass(serial: UInt32(k + 1), classID: cid, nameID: nid) }
        var placed: [Placed] = []
        var at: UInt64 = 0x1000_0000
        let start = at
        w.record(0x1C) { h in
            h.classDump(object, super: 0)
            h.classDump(loader, super: object, fields: [(20, 2)])
            h.classDump(mid, super: loader, fields: [(21, 2)])
            h.classDump(app, super: mid, fields: [(22, 10)])
            h.classDump(platform, super: mid, fields: [(23, 2), (24, 10)])
            h.classDump(plain, super: object, fields: [(21, 10), (25, 2)])
            h.classDump(objArray, super: object)
            func put(_ size: Int, _ what: String, hole: Int = 0, _ body: (inout HprofWriter, UInt64) -> Void) {
                var r = HprofWriter(idSize: 8, raw: true)
                body(&r, at)
                h.bytes += r.bytes
                placed.append(Placed(id: at, size: size, what: what))
                at += UInt64(size + hole)
            }
            let ref = [UInt8](repeating: 0, count: 8)
            for _ in 0..<6 { put(24, "Plain") { $0.instance($1, classID: plain, data: [0, 0, 0, 1] + ref) } }
            for _ in 0..<3 { put(32, "AppLoader") { $0.instance($1, classID: app, data: [0, 0, 0, 2] + ref + ref) } }
            put(40, "PlatformLoader", hole: hole) { $0.instance($1, classID: platform, data: ref + [0, 0, 0, 3] + ref + ref) }
            for n in 0..<40 {
                put((16 + 4 * n + 7) & ~7, "int[]") { $0.primitiveArray($1, type: 10, count: n, elementSize: 4) }
                put((16 + n + 7) & ~7, "byte[]") { $0.primitiveArray($1, type: 8, count: n, elementSize: 1) }
                put(16 + 8 * (n % 10), "long[]") { $0.primitiveArray($1, type: 11, count: n % 10, elementSize: 8) }
                put((16 + 4 * (n % 20) + 7) & ~7, "Object[]") {
                    $0.objectArray($1, classID: objArray, elements: Array(repeating: 0, count: n % 20))
                }
            }
            h.root(0x01, start)
        }
        w.record(0x2C) { _ in }
        return (try w.write(name), placed)
    }

    /// With the hole (a dead object after the lone loader) and without (the lone loader measured directly).
    @Test(arguments: [48, 0])
    func aLoneLoaderGetsTheBytesInjectedIntoClassLoader(hole: Int) throws {
        let (path, placed) = try Self.write(hole: hole, name: "injected-line-\(hole).hprof")
        let g = try DumpLoader.load(path: path).index.graph
        var wrong: [String] = []
        for p in placed {
            let v = try #require(g.node(forID: p.id))
            if g.shallowSize(v) != UInt64(p.size) { wrong.append("\(p.what): \(g.shallowSize(v)) != \(p.size)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }
}
