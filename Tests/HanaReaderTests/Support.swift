import DumpInput
import Foundation
import HanaReader

/// Paths and loaders shared by the HANA reader tests.
enum Samples {
    static let dir: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("SampleDumps/hana").path
    }()
    static let oom1 = dir + "/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc"
    static let oom2 = dir + "/indexserver_hanaprd01.30003.rtedump.20250312-141905.021734.oom.trc"
    static let crash = dir + "/indexserver_hanaprd01.30003.crashdump.20250313-031544.021734.trc"
    /// Another thread carries an earlier allocation-failure exception; the failing thread has none.
    static let staleException = dir + "/indexserver_hanaprd01.30003.rtedump.20250314-093012.021734.oom.trc"
    /// An older-form PAL dump in which no thread has a pending exception.
    static let oldNoException = dir + "/indexserver_hanaprd01.30003.rtedump.20240611-221503.021734.oom.trc"

    static func load(_ path: String) throws -> HanaDump {
        try HanaDump.load(MappedFile(path: path))
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temp(_ text: String, name: String = "test.rtedump.trc") -> String {
        let dir = NSTemporaryDirectory() + "hdx-hana-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static func json<T: Encodable>(_ value: T) -> [String: Any] {
        let data = try! JSONEncoder().encode(value)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
