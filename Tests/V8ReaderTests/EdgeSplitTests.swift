#if canImport(Glibc)
import Glibc
#endif
import Testing
import DumpInput
import HeapGraph
@testable import V8Reader

/// The edges array split between the two parsing threads: the split is at a row boundary with the rows before it
/// counted right, both pieces together give exactly what a straightforward reader gives, and an error in either
/// piece is reported at its own offset (the first one in the file when both pieces are bad).
@Suite struct EdgeSplitTests {
    typealias N = Fixture.Node

    /// A binary tree of `count` nodes (positions 1..<count) under a synthetic root. Besides its two children every
    /// node references four of its ancestors, which does not change the dominator tree (an ancestor dominates the
    /// node already) but makes the edges array three times the nodes array, so the loader splits it. Ids above
    /// 2^32 (V8's go up to 2^53) and some self sizes above 2^32.
    static func tree(_ count: Int) -> [N] {
        var nodes = [N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1)])]
        for p in 1..<count {
            var edges: [(Fixture.E, String, Int)] = []
            for c in [2 * p, 2 * p + 1] where c < count { edges.append((.element, "\(c)", c)) }
            for a in [p / 2, p / 4, p / 8, 1] where a >= 1 { edges.append((.property, "up", a)) }
            nodes.append(N(type: .object, name: p == 1 ? "global" : "Tree", id: idOf(p), size: sizeOf(p), edges: edges))
        }
        return nodes
    }

    static func idOf(_ p: Int) -> Int { (1 << 53) - 2 * p }
    static func sizeOf(_ p: Int) -> Int { p % 97 == 0 ? (1 << 40) + p : 8 * (p % 50) + 16 }

    static let count = 40_000
    static let text = Fixture.text(tree(count))

    static func offset(of needle: String, in text: [UInt8], from: Int = 0) -> Int {
        let n = Array(needle.utf8)
        for i in from...(text.count - n.count) where text[i] == n[0] && Array(text[i..<(i + n.count)]) == n { return i }
        return -1
    }

    /// The edges array's values and, for each value, the offset right after its last digit.
    static func naiveEdges(_ bytes: [UInt8], start: Int) -> (values: [UInt64], ends: [Int]) {
        var values: [UInt64] = [], ends: [Int] = []
        var i = start
        while bytes[i] != UInt8(ascii: "]") {
            if bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                var j = i
                while bytes[j] >= 0x30 && bytes[j] <= 0x39 { j += 1 }
                values.append(UInt64(String(decoding: bytes[i..<j], as: UTF8.self))!)
                ends.append(j)
                i = j
            } else {
                i += 1
            }
        }
        return (values, ends)
    }

    @Test func splitsAtRowBoundariesWithTheRowsCounted() throws {
        let bytes = Array(Self.text.utf8)
        let path = Fixture.write(Self.text)
        defer { unlink(path) }
        let file = try MappedFile(path: path)
        let start = Self.offset(of: "\"edges\":[", in: bytes) + 9
        let (values, ends) = Self.naiveEdges(bytes, start: start)
        let edgeCount = values.count / 3
        var splits = 0
        for target in stride(from: start + 1, to: ends.last! - 1, by: 9973) {
            guard let s = EdgeSplitter.split(file, edgesStart: start, target: target, fields: 3, edgeCount: edgeCount)
            else { Issue.record("no split at \(target)"); continue }
            // Right after the last value of row `rows - 1`, the first at or after the target.
            #expect(s.at == ends[3 * s.rows - 1], "target \(target)")
            #expect(s.rows == 1 || ends[3 * s.rows - 4] < target, "target \(target)")
            splits += 1
        }
        #expect(splits > 100)
        // No split past the array.
        #expect(EdgeSplitter.split(file, edgesStart: start, target: ends.last! + 2, fields: 3,
                                   edgeCount: edgeCount) == nil)
    }

    @Test func bothPiecesTogetherEqualTheStraightforwardReader() throws {
        let bytes = Array(Self.text.utf8)
        let path = Fixture.write(Self.text)
        defer { unlink(path) }
        let file = try MappedFile(path: path)
        let (meta, _, nodesStart) = try SectionLocator.header(file.base, count: file.count)
        let (arrays, outcome) = ParseJob.parse(file: file, meta: meta, edgeCapacity: meta.edgeCount,
                                               nodesStart: nodesStart, progress: nil)
        // The split was used: worker 1 read some edges, worker 2 the rest.
        guard case .success(let firstRows) = outcome.firstEdges, case .success(let rows) = outcome.edges else {
            Issue.record("a parse failed")
            return
        }
        #expect(firstRows > 0 && firstRows < meta.edgeCount)
        #expect(rows == meta.edgeCount)
        let start = Self.offset(of: "\"edges\":[", in: bytes) + 9
        let (values, ends) = Self.naiveEdges(bytes, start: start)
        #expect(values.count == 3 * meta.edgeCount)
        for k in 0..<meta.edgeCount {
            #expect(UInt64(arrays.edgeTypes[k]) == values[3 * k], "edge \(k)")
            #expect(UInt64(arrays.edgeNames[k]) == values[3 * k + 1], "edge \(k)")
            #expect(UInt64(arrays.edgeTargets[k]) == values[3 * k + 2] / 7 + 1, "edge \(k)")
            if k & 63 == 0 {
                #expect(arrays.edgeCheckpoints[k >> 6] == (k == 0 ? start : ends[3 * k - 1]), "checkpoint \(k)")
            }
        }
        #expect(outcome.strings?.count == 4)
    }

    @Test func theSplitSnapshotHasTheTreesNumbers() throws {
        let s = try Fixture.load(Self.text)
        #expect(s.index.objectCount == Self.count)
        #expect(s.index.info.warnings.isEmpty)
        // Retained size of a tree node: its own size plus its subtree's, computed bottom-up here.
        var retained = [UInt64](repeating: 0, count: Self.count)
        for p in stride(from: Self.count - 1, through: 1, by: -1) {
            retained[p] = UInt64(Self.sizeOf(p))
            for c in [2 * p, 2 * p + 1] where c < Self.count { retained[p] += retained[c] }
        }
        for p in [1, 2, 3, 97, 194, 1000, 19_999, 39_999] {
            #expect(s.shallow(Self.idOf(p)) == UInt64(Self.sizeOf(p)), "node \(p)")
            #expect(s.retained(Self.idOf(p)) == retained[p], "node \(p)")
            if p > 1 { #expect(s.idom(Self.idOf(p)) == Self.idOf(p / 2), "node \(p)") }
        }
    }

    /// Replaces the first digit of the value after the `nth` comma at or after `from` with `x`.
    static func damage(_ bytes: inout [UInt8], from: Int) -> Int {
        var i = from
        while bytes[i] != UInt8(ascii: ",") { i += 1 }
        i += 1
        while !(bytes[i] >= 0x30 && bytes[i] <= 0x39) { i += 1 }
        bytes[i] = UInt8(ascii: "x")
        return i
    }

    @Test func anErrorInEitherPieceNamesItsOffset() {
        let clean = Array(Self.text.utf8)
        let start = Self.offset(of: "\"edges\":[", in: clean) + 9
        let end = Self.offset(of: "]", in: clean, from: start)
        for (early, late) in [(true, false), (false, true), (true, true)] {
            var bytes = clean
            var first: Int?
            if early { first = Self.damage(&bytes, from: start + 1000) }
            if late {
                let at = Self.damage(&bytes, from: end - 1000)
                first = first ?? at
            }
            let e = Fixture.loadError(String(decoding: bytes, as: UTF8.self))
            #expect(e?.location == .byte(first!), "early \(early) late \(late)")
            #expect(e?.message.contains("expected an unsigned integer in the edges array, found 'x'") == true)
        }
    }
}
