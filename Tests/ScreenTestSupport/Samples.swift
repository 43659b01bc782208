import DumpKit
import DumpProgress
import HeapGraph
import Foundation

/// The committed samples in `SampleDumps/`, loaded once per test process through `DumpLoader` (as `hdx FILE` does).
package enum Samples {
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleDumps")

    package static let hanaOOM = "hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc"
    package static let hanaOOM2 = "hana/indexserver_hanaprd01.30003.rtedump.20250312-141905.021734.oom.trc"
    package static let hanaCrash = "hana/indexserver_hanaprd01.30003.crashdump.20250313-031544.021734.trc"
    package static let javaBefore = "java/leakdemo-before.hprof.gz"
    package static let javaAfter = "java/leakdemo-after.hprof.gz"

    package static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// A loaded sample; the dump's path is written relative to the repository so goldens do not depend on it.
    package static func load(_ name: String) throws -> LoadedDump {
        let cwd = FileManager.default.currentDirectoryPath
        let full = path(name)
        let shown = full.hasPrefix(cwd + "/") ? String(full.dropFirst(cwd.count + 1)) : full
        return try DumpLoader.load(path: FileManager.default.fileExists(atPath: shown) ? shown : full)
    }

    package static let cache = Locked<[String: LoadedDump]>([:])

    package static func dump(_ name: String) throws -> LoadedDump {
        try cache.withLock { cache in
            if let d = cache[name] { return d }
            let d = try load(name)
            cache[name] = d
            return d
        }
    }
}
