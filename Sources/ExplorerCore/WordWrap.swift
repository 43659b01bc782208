/// Wraps a line of text to a width at spaces, never inside a word: the spacing inside each piece is kept (columns
/// of figures stay aligned), continuation lines are indented under the text (two more after a `- ` bullet). A
/// single word wider than the line is the only thing cut, at its end, with the ellipsis.
public enum WordWrap {
    public static func lines(_ text: String, width: Int, ellipsis: String) -> [String] {
        guard width > 0, TextWidth.of(text) > width else { return [text] }
        let chars = Array(text)
        let lead = chars.prefix { $0 == " " }.count
        let bullet = chars.count > lead + 1 && chars[lead] == "-" && chars[lead + 1] == " "
        let indent = String(repeating: " ", count: min(lead + (bullet ? 2 : 0), max(width / 2, 0)))
        var out: [String] = []
        var rest = chars[...]
        var prefix = ""
        while !rest.isEmpty {
            let room = width - prefix.count
            // The last space (after the indent) at which the piece fits; else the end of the first word.
            var fit = 0, w = 0, lastSpace: Int?
            for (k, ch) in rest.enumerated() {
                w += TextWidth.of(ch)
                if w > room { break }
                fit = k + 1
                if ch == " ", k > (out.isEmpty ? lead : 0) { lastSpace = k }
            }
            if fit == rest.count {
                out.append(prefix + String(rest))
                break
            }
            var cut: Int
            if let s = lastSpace {
                cut = s
            } else {
                cut = rest.dropFirst(out.isEmpty ? lead : 0).firstIndex(of: " ").map { $0 - rest.startIndex } ?? rest.count
            }
            var piece = String(rest.prefix(cut))
            while piece.hasSuffix(" ") { piece.removeLast() }
            out.append(prefix + Format.clipRight(piece, width: room, ellipsis: ellipsis))
            rest = rest.dropFirst(cut).drop { $0 == " " }
            prefix = indent
        }
        return out
    }
}
