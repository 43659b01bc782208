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
        // Atomic: parallel tests map this file while another writes it again (a rewrite in place would be a SIGBUS).
        try Data(bytes + heap).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    @Test(arguments: [Look.all[0], Look.all[1], Look.all[3]])
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

    /// The question the explorer asks before its first screen (dump 1 is loaded already).
    @Test(arguments: Look.all)
    func pickerScreen(_ look: Look) {
        var picker = DumpPicker(path: "/dumps/agent.hprof", heapBytes: [3_632_000, 3_665_000, 12_000], loaded: 1)
        #expect(picker.handle(.down) == nil)
        assertGolden(goldenText(picker.render(width: look.width, height: look.height, glyphs: look.glyphs), look),
                     "dump-picker-\(look)")
    }

    @Test func pickerKeys() {
        var picker = DumpPicker(path: "agent.hprof", heapBytes: [100, 200, 300], loaded: 1)
        #expect(picker.selected == 0)
        #expect(picker.handle(.enter) == .open(1), "Enter keeps the dump already loaded")
        #expect(picker.handle(.up) == nil && picker.selected == 0)
        for _ in 0..<5 { _ = picker.handle(.down) }
        #expect(picker.selected == 2, "stops at the last dump")
        #expect(picker.handle(.enter) == .open(3))
        #expect(picker.handle(.char("2")) == .open(2))
        #expect(picker.handle(.char("4")) == nil, "no dump 4")
        #expect(picker.handle(.char("q")) == .quit)
        #expect(picker.handle(.escape) == .quit)
    }
}
