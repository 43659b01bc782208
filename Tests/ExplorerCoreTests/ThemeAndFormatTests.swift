import Foundation
import Testing
@testable import ExplorerCore

@Suite struct ThemeTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Themes").path

    @Test(arguments: BuiltinThemes.names)
    func builtinsMatchThemeFiles(_ name: String) throws {
        let file = try String(contentsOfFile: ThemeTests.themesDir + "/\(name).toml", encoding: .utf8)
        let source = ["dark": BuiltinThemes.darkSource, "light": BuiltinThemes.lightSource,
                      "mono": BuiltinThemes.monoSource][name]!
        #expect(file == source + "\n", "Themes/\(name).toml and BuiltinThemes.swift differ; regenerate the Swift file")
        let parsed = try Theme.parse(file, file: name)
        #expect(parsed.name == name)
        // Every role is styled (directly or by inheritance).
        for role in Role.allCases where role != .normal { #expect(parsed.styles[role] != nil, "\(name): \(role)") }
    }

    @Test func monoIsReadableWithoutColour() {
        let mono = BuiltinThemes.mono
        for role in Role.allCases {
            #expect(mono.style(for: role).fg == .default && mono.style(for: role).bg == .default)
        }
        #expect(mono.style(for: .selected).reverse)
        #expect(mono.style(for: .selected) != mono.style(for: .status))
        #expect(mono.style(for: .tabActive) != mono.style(for: .tab))
    }

    @Test func lightInheritsFromDark() {
        #expect(BuiltinThemes.light.style(for: .error) == BuiltinThemes.dark.style(for: .error))
        #expect(BuiltinThemes.light.style(for: .title) != BuiltinThemes.dark.style(for: .title))
    }

    @Test func parsesStylesAndColours() throws {
        let t = try Theme.parse("""
            [meta]
            name = "x"   # comment
            [glyphs]
            bar = "half"
            [styles]
            title = "bright-white on #005f87 bold underline"
            bar = "208"
            """, file: "x.toml", base: { _ in nil })
        #expect(t.barStyle == .half)
        #expect(t.style(for: .title) == Style(fg: .ansi(15), bg: .rgb(0, 0x5f, 0x87), bold: true, underline: true))
        #expect(t.style(for: .bar).fg == .indexed(208))
        #expect(t.style(for: .size) == Style())      // unlisted roles fall back to normal
    }

    @Test func brokenThemeNamesFileAndLine() throws {
        #expect(throws: ThemeError.self) { try Theme.parse("[styles]\ntitle = \"purple\"\n", file: "bad.toml") }
        let colour = try #require(throws: ThemeError.self) {
            _ = try Theme.parse("[styles]\nnormal = \"default\"\ntitle = \"black on\"\n", file: "bad.toml")
        }
        #expect(colour.description == "bad.toml:3: expected a colour after \"on\"")
        let section = try #require(throws: ThemeError.self) { _ = try Theme.parse("[colours]\n", file: "t.toml") }
        #expect(section.description.hasPrefix("t.toml:1: unknown section [colours]"))
    }

    @Test func resolveFallsBackWithAMessage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-theme-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "[styles]\ntitle = \"nocolour\"\n".write(to: dir.appendingPathComponent("broken.toml"),
                                                       atomically: true, encoding: .utf8)
        try "[meta]\nname = \"mine\"\ninherits = \"mono\"\n[styles]\nbar = \"red\"\n"
            .write(to: dir.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
        let (broken, warning) = Theme.resolve("broken", directories: [dir.path])
        #expect(broken.name == "dark")
        #expect(warning?.contains("broken.toml:2: unknown colour or attribute \"nocolour\"") == true)
        let (mine, none) = Theme.resolve(dir.path + "/mine.toml")
        #expect(none == nil)
        #expect(mine.name == "mine" && mine.style(for: .bar).fg == .ansi(1) && mine.style(for: .selected).reverse)
        let (missing, w2) = Theme.resolve("nope", directories: [dir.path])
        #expect(missing.name == "dark" && w2?.contains("not found") == true)
        #expect(Theme.resolve("light").theme.name == "light")
    }

    @Test func coloursDegrade() {
        #expect(ThemeColor.nearestXterm256(0x5f, 0xaf, 0xd7) == 74)
        #expect(ThemeColor.nearestXterm256(0x80, 0x80, 0x80) == 244)
        #expect(ThemeColor.rgb(0xff, 0, 0).terminalIndex(colors: 8) == 1)
        #expect(ThemeColor.rgb(0x5f, 0xd7, 0x5f).terminalIndex(colors: 8) == 2)
        #expect(ThemeColor.indexed(208).terminalIndex(colors: 256) == 208)
        #expect(ThemeColor.ansi(9).terminalIndex(colors: 8) == 1)
        #expect(ThemeColor.default.terminalIndex(colors: 256) == -1)
    }
}

@Suite struct FormatTests {
    @Test func bytes() {
        #expect(Format.bytes(0) == "0 B")
        #expect(Format.bytes(1023) == "1023 B")
        #expect(Format.bytes(1024) == "1.0 KiB")
        #expect(Format.bytes(1_048_575) == "1.0 MiB")
        #expect(Format.bytes(956_737_126) == "912.4 MiB")
        #expect(Format.bytes(1_975_684_956) == "1.8 GiB")
    }

    @Test func countsPercentsDurations() {
        #expect(Format.count(1_048_573) == "1,048,573")
        #expect(Format.count(999) == "999")
        #expect(Format.percent(1, of: 3) == "33.3%")
        #expect(Format.percent(5, of: 0) == "0.0%")
        #expect(Format.duration(185) == "3m05s")
        #expect(Format.duration(3720) == "1h02m")
    }

    @Test func clippingKeepsWideGlyphsWhole() {
        #expect(Format.clipLeft("java.util.HashMap$Node[]", width: 12, ellipsis: "…") == "…hMap$Node[]")
        let g = Grid(width: 10, height: 1)
        g.put("ab日本語", x: 0, y: 0, role: .normal, limit: 7)
        #expect(g.rowText(0) == "ab日本")
        #expect(g[3, 0].continuation && !g[4, 0].continuation)
        let a = Grid(width: 10, height: 1, asciiOnly: true)
        a.put("é\u{1}x", x: 0, y: 0, role: .normal)
        #expect(a.rowText(0) == "??x")
    }

    @Test func bars() {
        let u = Glyphs(ascii: false)
        #expect(u.bar(0.5, width: 4) == "██  ")
        #expect(u.bar(0.55, width: 4) == "██▎ ")
        #expect(u.bar(2, width: 3) == "███")
        #expect(Glyphs(ascii: true).bar(0.5, width: 4) == "##  ")
        #expect(Glyphs(ascii: false, barStyle: .half).bar(0.375, width: 4) == "█▌  ")
    }

    @Test func matcher() {
        #expect(TextMatcher("hash").matches("java.util.HashMap"))
        #expect(!TextMatcher("hash").isRegex)
        #expect(TextMatcher("^java\\.util\\..*Map$").matches("java.util.HashMap"))
        #expect(!TextMatcher("^java\\.util\\..*Map$").matches("java.util.HashMap$Node"))
        #expect(TextMatcher("[").matches("int[]"))   // invalid regex: plain text
    }
}
