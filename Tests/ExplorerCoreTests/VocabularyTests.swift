import HeapGraph
import HprofReader
import Testing
import V8Reader
@testable import ExplorerCore

/// Each format in its own words on the standard screens: DevTools' Constructor and Retainers for V8, Java's Class and
/// GC roots for HPROF (HANA's words are checked in HanaScreensTests).
@Suite struct VocabularyTests {
    static func app(_ format: DumpFormat) -> ExplorerApp {
        var b = HeapBuilder()
        let holder = b.node("Holder", 16)
        b.edge(holder, b.node("Session", 40), "x")
        b.roots = [GCRoot(node: holder, kind: .other)]
        return ExplorerApp(model: ExplorerModel(index: b.build(path: "/dumps/x", format: format)),
                           glyphs: Glyphs(ascii: true))
    }

    @Test func v8SpeaksDevTools() {
        let app = VocabularyTests.app(.v8)
        app.handle(.char("2"))
        let histogram = app.render(width: 100, height: 20).rowText(3)
        #expect(histogram.hasSuffix("Constructor"))
        #expect(!histogram.contains("Class"))
        app.handle(.char("3"))
        app.handle(.char("o"))
        #expect(app.render(width: 100, height: 30).plainText.contains("Retainers: referenced by"))
    }

    @Test func hprofSpeaksJava() {
        let app = VocabularyTests.app(.hprof)
        let overview = app.render(width: 100, height: 30).plainText
        #expect(overview.contains("GC roots    1 objects"))
        #expect(overview.contains("garbage not yet collected"))
        app.handle(.char("2"))
        let histogram = app.render(width: 100, height: 20).rowText(3)
        #expect(histogram.hasSuffix("Class") && histogram.contains("Objects"))
    }

    @Test func formatsCarryTheirWords() {
        #expect(DumpFormat.v8.words.group == "Constructor" && DumpFormat.v8.words.roots == "(GC roots)")
        #expect(DumpFormat.hprof.words == .java)
        #expect(DumpVocabulary.hana.nodeTitle == "Allocator" && !DumpVocabulary.hana.countsMeaningful)
    }
}
