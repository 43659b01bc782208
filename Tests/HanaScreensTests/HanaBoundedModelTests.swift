import DumpInput
import DumpKit
import Foundation
import HanaReader
import HeapGraph
import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// A trace read with its per-thread tables in mapped temporary files (the path above `--max-memory`, issue 13) shows
/// exactly the screens of the in-memory model: every HANA tab, a thread's stack, the flame graph zoomed, a search,
/// on every committed HANA sample at 120x40 (the CLI outputs are compared by e2e `out-of-core-hana-model.sh`).
@Suite struct HanaBoundedModelTests {
    static let samples: [String] = {
        let dir = Samples.root.appendingPathComponent("hana").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".trc") }.sorted().map { "hana/" + $0 }
    }()

    static let scripts = ["", "2", "3", "3 Enter", "4", "5", "5 Enter", "5 Down Down Enter", "5 End Enter",
                          "5 / S q l Enter", "5 / C o n n Enter n", "6", "6 Down Down Down Right Enter Down",
                          "4 Enter", "4 End Enter"]

    static func load(_ name: String, storage: ArrayStorage) throws -> HanaDump {
        let file = try MappedFile(path: Samples.path(name))
        return try HanaDump.load(file, storage: storage)
    }

    static func screen(_ hana: HanaDump, _ keys: String) -> String {
        HanaScreens.register()
        let app = ExplorerApp(model: ExplorerModel(dump: LoadedDump(index: hana.index, extras: hana)),
                              glyphs: Glyphs(ascii: false))
        for k in Key.script(keys) { app.handle(k) }
        return app.render(width: 120, height: 40).plainText
    }

    @Test func samplesAreThere() {
        #expect(Self.samples.count >= 5)
    }

    @Test(arguments: samples)
    func sameScreensWithTheTablesInTemporaryFiles(_ name: String) throws {
        let memory = try Self.load(name, storage: .memory)
        let mapped = try Self.load(name, storage: .outOfCore())
        #expect(!memory.threads.isMapped)
        #expect(mapped.threads.isMapped)
        #expect(memory.threads.count == mapped.threads.count)
        #expect(Array(memory.threads) == Array(mapped.threads))
        #expect(memory.verdict == mapped.verdict)
        #expect(memory.warnings == mapped.warnings)
        for keys in Self.scripts {
            let a = Self.screen(memory, keys)
            let b = Self.screen(mapped, keys)
            #expect(a == b, "\(name) keys \"\(keys)\"")
        }
    }

    /// The table's thread-id index finds the first thread of each id, as a brute-force scan does.
    @Test(arguments: samples)
    func threadIndexFindsTheFirstThreadOfAnID(_ name: String) throws {
        let hana = try Self.load(name, storage: .outOfCore())
        var first: [UInt64: Int] = [:]
        for (i, t) in hana.threads.enumerated() where first[t.tid] == nil { first[t.tid] = i }
        for (tid, i) in first { #expect(hana.threadIndex(tid: tid) == i) }
        for absent in [0, 1, UInt64.max] where first[absent] == nil { #expect(hana.threadIndex(tid: absent) == nil) }
    }
}
