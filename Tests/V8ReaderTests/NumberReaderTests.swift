import Testing
import DumpInput
@testable import V8Reader

/// The number reader against a straightforward one (split at commas, trim, `UInt64(String)`): random arrays, edge
/// values (0, 2^32 - 1, 2^53, 19 digits), separators, the last bytes of the memory, and bad input; and the
/// eight-bytes-at-a-time comma count that splits the edges array.
@Suite struct NumberReaderTests {
    /// SplitMix64: deterministic, so a failure can be reproduced.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The straightforward reader: the values between `[` and `]`.
    static func naiveValues(_ text: ArraySlice<UInt8>) -> [UInt64] {
        text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { field in
            UInt64(String(decoding: field.filter { !" \n\r\t".utf8.contains($0) }, as: UTF8.self))!
        }
    }

    static let special: [UInt64] = [0, 1, 9, 10, 99, 12_345_678, 99_999_999, 100_000_000, 123_456_789,
                                    UInt64(UInt32.max) - 1, UInt64(UInt32.max), UInt64(UInt32.max) + 1,
                                    999_999_999_999_999, 1_000_000_000_000_000, 9_999_999_999_999_999,
                                    (1 << 53) - 1, 1 << 53, 10_000_000_000_000_000_000 - 1, 9_999_999_999_999_999_999]

    static func randomValue(_ g: inout Seeded) -> UInt64 {
        switch g.next() % 4 {
        case 0: return g.next() % 10
        case 1: return special[Int(g.next() % UInt64(special.count))]
        default:
            // A random number of digits, 1...19.
            var limit: UInt64 = 1
            for _ in 0..<(1 + Int(g.next() % 19)) { limit = limit &* 10 }
            return g.next() % limit
        }
    }

    static let separators = [",", ",", ",", "\n,", ", ", " ,\n ", "\r\n,\t", ",\n"]

    /// `[v0,v1,...]` with random separators (and sometimes leading zeros), as bytes.
    static func arrayText(_ values: [UInt64], _ g: inout Seeded) -> [UInt8] {
        var out = Array("[".utf8)
        for (i, v) in values.enumerated() {
            if i > 0 { out += Array(separators[Int(g.next() % UInt64(separators.count))].utf8) }
            if g.next() % 50 == 0 && v < 100_000_000_000_000_000 { out += Array("00".utf8) }   // still 19 digits
            out += Array(String(v).utf8)
        }
        out += Array("]".utf8)
        return out
    }

    /// Reads `count` values of the array at `bytes[0]` (its `[`) with the parser's cursor.
    static func cursorValues(_ bytes: [UInt8], count: Int, closed: Bool = true) throws(ParseFailure) -> [UInt64] {
        var result: [UInt64] = []
        let close = bytes.lastIndex(of: UInt8(ascii: "]"))!
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(ParseFailure) in
            var cur = DigitCursor(p: b.baseAddress!, pos: 1, end: closed ? close : b.count, closed: closed,
                                  what: "edges")
            for i in 0..<count {
                if i > 0 { try cur.comma() }
                result.append(try cur.value())
            }
            try cur.finish(expected: count)
        }
        return result
    }

    @Test func randomArraysMatchTheStraightforwardReader() throws {
        var g = Seeded(state: 3)
        for round in 0..<300 {
            let values = (0..<(1 + Int(g.next() % 400))).map { _ in Self.randomValue(&g) }
            var text = Self.arrayText(values, &g)
            let close = text.count - 1
            #expect(Self.naiveValues(text[1..<close]) == values)
            // Closed at `]`, and unclosed (ending at the end of the memory, with or without bytes after the `]`).
            #expect(try Self.cursorValues(text, count: values.count) == values, "round \(round)")
            if round % 2 == 0 { text += Array(",\"strings\":[\"a\"]}".utf8) }
            #expect(try Self.cursorValues(text, count: values.count, closed: false) == values, "round \(round)")
        }
    }

    @Test func everySpecialValueAtTheEndOfTheMemory() throws {
        for v in Self.special {
            for pad in 0..<20 {
                let text = Array(("[" + String(repeating: "1,", count: pad) + "\(v)]").utf8)
                let values = try Self.cursorValues(text, count: pad + 1)
                #expect(values.last == v && values.dropLast().allSatisfy { $0 == 1 }, "\(v) after \(pad)")
            }
        }
    }

    /// One bad token in the middle of a long array (where numbers are read eight bytes at a time): the error names
    /// its byte offset and what was expected.
    @Test(arguments: [
        ("x3", "expected an unsigned integer in the edges array, found 'x'", 0),
        ("-5", "expected an unsigned integer in the edges array, found '-'", 0),
        ("1.5", "expected ',' in the edges array, found '.'", 1),
        ("12 34", "expected ',' in the edges array, found '3'", 3),
        ("", "expected an unsigned integer in the edges array, found ','", 0),
        ("123456789012345678901", "number too large in the edges array", 0),
        ("12345678901234567890", "number too large in the edges array", 0),
        ("1234567890123456789a", "expected ',' in the edges array, found 'a'", 19),
    ])
    func badTokenNamesItsOffset(token: String, message: String, offsetInToken: Int) {
        let prefix = "[" + String(repeating: "1234,5,67\n,", count: 40)
        let text = Array((prefix + token + "," + String(repeating: "8,", count: 40) + "9]").utf8)
        do {
            _ = try Self.cursorValues(text, count: 40 * 3 + 42)
            Issue.record("no error for \(token)")
        } catch {
            #expect(error.offset == prefix.utf8.count + offsetInToken, "\(token)")
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func tooFewAndTooManyValues() {
        let text = Array("[1,2,3]".utf8)
        #expect(throws: ParseFailure.self) { try Self.cursorValues(text, count: 4) }
        #expect(throws: ParseFailure.self) { try Self.cursorValues(text, count: 2) }
        #expect((try? Self.cursorValues(text, count: 3)) == [1, 2, 3])
    }

    @Test func countsCommasAndStopsAtTheBracket() {
        var g = Seeded(state: 4)
        for _ in 0..<2_000 {
            let bytes = (0..<(1 + Int(g.next() % 100))).map { _ -> UInt8 in
                switch g.next() % 6 {
                case 0: return UInt8(ascii: ",")
                case 1: return g.next() % 10 == 0 ? UInt8(ascii: "]") : UInt8(ascii: "\n")
                default: return UInt8(0x30 + g.next() % 10)
                }
            }
            let close = bytes.firstIndex(of: UInt8(ascii: "]"))
            let commas = bytes[..<(close ?? bytes.count)].count { $0 == UInt8(ascii: ",") }
            let counted = bytes.withUnsafeBufferPointer { CommaCount.countCommas($0.baseAddress!, 0..<$0.count) }
            #expect(counted.commas == commas && counted.close == close, "\(bytes)")
        }
    }
}
