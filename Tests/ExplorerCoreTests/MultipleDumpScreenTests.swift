import DumpKit
import Foundation
import Testing
@testable import ExplorerCore

/// A file that holds two heap dumps opens on the first (or the one `--dump N` names) and says so: in the title bar
/// (the `dump` fact, always) and in the status line at start (until the first key).
@Suite struct MultipleDumpScreenTests {
    /// The Java sample with its heap-dump records (segments and END) written a second time.
    static func twoDumpFile() throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: Samples.path("java/leakdemo.hprof")))
        let bytes = [UInt8](data)
        var p = (bytes.firstIndex(of: 0) ?? 0) + 13
        var heap: [UInt8] = []
        while p + 9 <= bytes.count {
            let length = Int(bytes[p + 5]) << 24 | Int(bytes[p + 6]) << 16 | Int(bytes[p + 7]) << 8 | Int(bytes[p + 8])
            if [0x0C, 0x1C, 0x2C].contains(bytes[p]) { heap += bytes[p..<(p + 9 + length)] }
            p += 9 + length
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-explorer-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("two-dumps.hprof").path
        try Data(bytes + heap).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [Look.all[0], Look.all[2]])
    func opensTheFirstDumpAndSaysSo(_ look: Look) throws {
        let path = try Self.twoDumpFile()
        let dump = try DumpLoader.load(path: path)
        let model = ExplorerModel(dump: dump)
        #expect(model.startupMessage?.contains("file holds 2 heap dumps: showing dump 1") == true)
        let app = ExplorerApp(model: model, glyphs: look.glyphs)
        let text = goldenText(app.render(width: look.width, height: look.height), look)
            .replacingOccurrences(of: URL(fileURLWithPath: path).deletingLastPathComponent().path, with: "TMP")
        assertGolden(text, "multidump-overview-\(look)")
    }

    @Test func secondDumpShowsInTheTitle() throws {
        let dump = try DumpLoader.load(path: try Self.twoDumpFile(), dump: 2)
        let app = ExplorerApp(model: ExplorerModel(dump: dump), glyphs: Look.all[0].glyphs)
        let title = app.render(width: 132, height: 40).plainText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(title.contains("dump 2 of 2 in this file"), "\(title)")
    }
}
