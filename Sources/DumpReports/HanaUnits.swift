/// HANA prints sizes in its own units (`2.25gb`, `300mb`); hdx writes binary units as `GiB`, `MiB` (HANA's `gb` is
/// 1024³ bytes, so only the unit's name changes). Text taken from a HANA dump goes through `binaryUnits` before it
/// is shown next to hdx's own figures, so that no line and no screen mixes `gb` and `GiB`.
public enum HanaUnits {
    static let names: [String: String] = ["b": "B", "kb": "KiB", "mb": "MiB", "gb": "GiB", "tb": "TiB"]

    /// `2.25gb` → `2.25 GiB`, `0b` → `0 B`; other text (`x86`, `thr=22817b`, `kb_size`) unchanged.
    public static func binaryUnits(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            out.append(c)
            i += 1
            guard c.isASCII, c.isNumber else { continue }
            // A number's end: digits then a unit then a non-letter.
            if i < chars.count, chars[i].isNumber || chars[i] == "." { continue }
            var j = i
            while j < chars.count, j - i < 2, chars[j].isASCII, chars[j].isLetter { j += 1 }
            let unit = String(chars[i..<j])
            let ends = j == chars.count || !(chars[j].isLetter || chars[j].isNumber || chars[j] == "_")
            if let u = names[unit], ends, numberStartOK(chars, i) {
                out += " " + u
                i = j
            }
        }
        return out
    }

    /// The number ending before `end` is a number of its own (not the tail of a word such as `x86` or `thr=22817b`).
    static func numberStartOK(_ chars: [Character], _ end: Int) -> Bool {
        var k = end - 1
        while k >= 0, chars[k].isNumber || chars[k] == "." { k -= 1 }
        return k < 0 || !(chars[k].isLetter || chars[k] == "_" || chars[k] == "$" || chars[k] == "=")
    }
}
