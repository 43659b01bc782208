import HeapGraph
import Testing
@testable import ExplorerCore

/// The Object screen lists each reference once and each retainer once (with `×N` for several references), on a
/// hand-made heap whose expected rows are written here by hand.
@Suite struct ObjectRowsTests {
    /// Holder (1) → Item (2) twice (one field name, two edges, as an array or a V8 object with a repeated edge),
    /// → Other (3) once; Array (4) holds Item in three slots; Owner (5) holds it once.
    static func model() -> (ExplorerModel, holder: UInt32, item: UInt32) {
        var b = HeapBuilder()
        let holder = b.node("com.example.Holder", 32)
        let item = b.node("com.example.Item", 100)
        let other = b.node("com.example.Other", 40)
        let array = b.node("java.lang.Object[]", 40)
        let owner = b.node("com.example.Owner", 24)
        b.edge(holder, item, "item")
        b.edge(holder, item, "item")
        b.edge(holder, other, "other")
        b.edge(array, item, "[0]")
        b.edge(array, item, "[1]")
        b.edge(array, item, "[2]")
        b.edge(owner, item, "owned")
        b.roots = [GCRoot(node: holder, kind: .jniGlobal), GCRoot(node: array, kind: .jniGlobal),
                   GCRoot(node: owner, kind: .jniGlobal)]
        b.details.primitiveFields[holder] = [FieldValue(name: "count", type: "int", value: "7")]
        return (ExplorerModel(index: b.build()), holder, item)
    }

    /// The screen's text from the `Fields` heading on (80 columns), trailing blanks cut.
    static func lines(_ page: ObjectPage, _ model: ExplorerModel) -> [String] {
        let grid = Grid(width: 80, height: 24)
        page.render(Canvas(grid: grid), PageContext(model: model, glyphs: Glyphs(ascii: true)))
        let text = grid.plainText.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " }.reversed())
        }
        return Array(text.drop { !$0.contains("Fields") }.prefix { !$0.isEmpty })
    }

    /// Holder retains itself and Other (32 + 40 B): Item has three retainers, so only the roots dominate it.
    @Test func referencesOnceRetainersOnceWithACount() {
        let (model, holder, item) = Self.model()
        #expect(Self.lines(ObjectPage(node: holder, model: model), model) == [
            " Fields (1)",
            "  count              int        7",
            " References (2)",
            "  item               -> com.example.Item 0x1020                           100 B",
            "  other              -> com.example.Other 0x1030                           40 B",
            " Retainers: referenced by (0)",
        ])
        let itemLines = Self.lines(ObjectPage(node: item, model: model), model)
        #expect(itemLines.suffix(4) == [
            " Retainers: referenced by (3 objects, 6 references)",
            "  item x2            <- * com.example.Holder 0x1010                        72 B",
            "  [2] x3             <- * java.lang.Object[] 0x1040                        40 B",
            "  owned              <- * com.example.Owner 0x1050                         24 B",
        ], "\(itemLines)")
    }
}
