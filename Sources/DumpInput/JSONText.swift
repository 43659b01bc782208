/// JSON string literals for text that may come from a dump: one escaper for the V8 names DevTools quotes, `hdx
/// strip`'s rewritten snapshots and the explorer's JSON exports.
public enum JSONText {
    /// `s` as a JSON string literal: quotes, backslashes and C0 controls escaped (`\n`, `\r`, `\t`, else `\u00XX`),
    /// every other character as itself. `shortForms` also writes `\b` and `\f` as `JSON.stringify` does (DevTools'
    /// quoted property names); `lineSeparators` escapes U+2028/U+2029, which older JavaScript parsers reject in
    /// string literals.
    public static func quoted(_ s: String, shortForms: Bool = false, lineSeparators: Bool = false) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}" where shortForms: out += "\\b"
            case "\u{0C}" where shortForms: out += "\\f"
            default:
                if u.value < 0x20 || (lineSeparators && (u.value == 0x2028 || u.value == 0x2029)) {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
