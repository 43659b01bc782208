/// Wraps a line of text to a width at spaces, never inside a word: the spacing inside each piece is kept (columns
/// of figures stay aligned), continuation lines are indented under the text (after a `- ` bullet, a `1. ` number,
/// or the key of a `key   value` line). A single word wider than the line is the only thing cut, at its end, with
/// the ellipsis.
package enum WordWrap {
    package static func lines(_ text: String, width: Int, ellipsis: String) -> [String] {
        guard width > 0, TextWidth.of(text) > width else { return [text] }
        let chars = Array(text)
        let lead = chars.prefix { $0 == " " }.count
        let hanging = hangingIndent(chars, lead: lead)
        let indent = String(repeating: " ", count: min(hanging, max(width / 2, 0)))
        var out: [String] = []
        var rest = chars[...]
        var prefix = ""
        while !rest.isEmpty {
            let room = width - prefix.count
            // The last space (after the indent) at which the piece fits; else the end of the first word.
            var fit = 0, w = 0, lastSpace: Int?
            // The first line never breaks inside its indent, bullet or key.
            let noBreakBefore = out.isEmpty ? hanging : 0
            for (k, ch) in rest.enumerated() {
                w += TextWidth.of(ch)
                if ch == " ", k >= noBreakBefore { lastSpace = k }
                if w > room { break }
                fit = k + 1
            }
            if fit == rest.count {
                out.append(prefix + String(rest))
                break
            }
            var cut: Int
            if let s = lastSpace {
                cut = s
            } else {
                cut = rest.dropFirst(noBreakBefore).firstIndex(of: " ").map { $0 - rest.startIndex } ?? rest.count
            }
            cut = max(cut, 1)
            var piece = String(rest.prefix(cut))
            while piece.hasSuffix(" ") { piece.removeLast() }
            out.append(prefix + Format.clipRight(piece, width: room, ellipsis: ellipsis))
            rest = rest.dropFirst(cut).drop { $0 == " " }
            prefix = indent
        }
        return out
    }

    /// Where continuation lines start: under the text after the indent and a bullet or number, or under the value of
    /// a `key   value` line.
    static func hangingIndent(_ chars: [Character], lead: Int) -> Int {
        var k = lead
        if k + 1 < chars.count, chars[k] == "-", chars[k + 1] == " " { return k + 2 }
        while k < chars.count, chars[k].isASCII, chars[k].isNumber { k += 1 }
        if k > lead, k + 1 < chars.count, chars[k] == ".", chars[k + 1] == " " { return k + 2 }
        // `details     dump 1 of 2, …`, `  culprit thread  thr=…`: the value's column.
        var i = lead
        while i + 2 < min(chars.count, lead + 20) {
            if chars[i] != " ", chars[i + 1] == " ", chars[i + 2] == " " {
                var j = i + 1
                while j < chars.count, chars[j] == " " { j += 1 }
                return j
            }
            i += 1
        }
        return lead
    }
}
