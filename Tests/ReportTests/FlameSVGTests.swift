import Testing
import DumpKit

/// The report's SVG flame graphs: hostile names escaped, widths proportional, children inside their parent
/// (numbers worked out by hand).
@Suite struct FlameSVGTests {
    @Test func hostileNamesAreEscaped() {
        var f = FlameSVG(title: "t<&>", unit: "bytes", rootName: "root", rootValue: 100)
        f.add("<script>alert('x')</script>&\"\u{1B}[2J", value: 100, under: 0)
        let svg = f.svg()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("\u{1B}"))
        #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\u{FFFD}[2J"))
        #expect(svg.contains("aria-label=\"t&lt;&amp;&gt;\""))
    }

    @Test func widthsFollowValues() {
        var f = FlameSVG(title: "t", unit: "bytes", rootName: "root", rootValue: 1000)
        let a = f.add("a", value: 500, under: 0)
        f.add("b", value: 250, under: 0)
        f.add("a1", value: 100, under: a)
        f.add("sliver", value: 0, under: a)
        let svg = f.svg()
        // 1080 px for 1000: a 540, b 270 right after a, a1 108 at a's left edge; a zero-width box is left out.
        #expect(svg.contains("data-value=\"500\" data-depth=\"1\"") && svg.contains("x=\"0.00\" y=\"18\" width=\"540.00\""))
        #expect(svg.contains("x=\"540.00\" y=\"18\" width=\"270.00\""))
        #expect(svg.contains("x=\"0.00\" y=\"36\" width=\"108.00\""))
        #expect(!svg.contains("sliver"))
    }
}
