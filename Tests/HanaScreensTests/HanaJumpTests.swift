import DumpKit
import HanaReader
import Testing
@testable import ExplorerCore
@testable import HanaScreens

/// `:` on a HANA dump: an allocator path selects its row in the allocator tree (Dominators tab), its parents opened;
/// a path the dump does not have says so. Golden at 80x24 and 120x40.
@Suite struct HanaJumpTests {
    static let path = "Pool/PersistenceManager/PersistentSpace(0)/DefaultLPA/ShadowPage"

    /// `:` then the text typed key by key, then Enter.
    static func jump(_ text: String, glyphs: Glyphs = Glyphs(ascii: false)) throws -> ExplorerApp {
        let app = try HanaScreenTests.app(Samples.hanaOOM, ":", glyphs: glyphs)
        for c in text { app.handle(.char(c)) }
        app.handle(.enter)
        return app
    }

    @Test func aPathSelectsItsRowInTheTree() throws {
        let app = try HanaJumpTests.jump(HanaJumpTests.path)
        let page = try #require(app.currentPage as? DominatorPage)
        #expect(app.tabTitles[app.activeTab] == "Dominators")
        let model = page.model
        let node = try #require(page.selectedNode)
        #expect(model.idString(node) == HanaJumpTests.path)
        // The levels are the allocator's parents, from the top: Pool › PersistenceManager › … › DefaultLPA.
        let parents = page.path.dropFirst().map { model.idString($0) }
        #expect(parents == ["Pool", "Pool/PersistenceManager", "Pool/PersistenceManager/PersistentSpace(0)",
                            "Pool/PersistenceManager/PersistentSpace(0)/DefaultLPA"])
        #expect(app.message == nil)
        // The allocator list of the sample: ShadowPage has 1.2 GiB exclusive (and inclusive).
        let hana = try #require(try Samples.dump(Samples.hanaOOM).extras(HanaDump.self))
        let listed = try #require(hana.allocators.allocators.first { $0.path == HanaJumpTests.path })
        #expect(model.tree.retained[Int(node)] == listed.inclusive)
        // Back goes to where `:` was typed (the Overview).
        app.handle(.char("q"))
        #expect(app.currentPage is OverviewPage)
    }

    @Test func anUnknownPathSaysSo() throws {
        let app = try HanaJumpTests.jump("Pool/NoSuchAllocator")
        #expect(app.message == "no allocator Pool/NoSuchAllocator in this dump")
        #expect(app.currentPage is OverviewPage)
    }

    @Test(arguments: [Look(width: 80, height: 24, ascii: false, mono: false),
                      Look(width: 120, height: 40, ascii: false, mono: false)])
    func golden(_ look: Look) throws {
        let app = try HanaJumpTests.jump(HanaJumpTests.path, glyphs: look.glyphs)
        assertGolden(goldenText(app.render(width: look.width, height: look.height), look), "hana-jump-\(look)")
    }
}
