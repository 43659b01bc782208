/// Text from a dump made safe for a terminal: the one place that decides which characters a terminal would act on
/// and how they are shown instead.
///
/// Anyone who can make an application allocate a string can put bytes into a dump, and a class name like
/// `"\e]0;pwned\a"` would retitle the window, `"\e]52;c;…\a"` write the clipboard, and a newline forge a line of a
/// report. Every text output (stdout and the one-line errors on stderr) passes dump content through `visible`;
/// the explorer draws cells and uses `isUnsafe` to decide which ones to blank.
public enum TerminalText {
    /// C0 controls (newline and tab included), DEL, C1 controls, the bidirectional controls (U+061C, U+200E, U+200F,
    /// U+202A–U+202E, U+2066–U+2069: they reorder what follows, "Trojan Source") and the Unicode line and paragraph
    /// separators (U+2028, U+2029: some tools break lines there).
    @inline(__always)
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return true }
        if v < 0x61C { return false }
        switch v {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// `text` with every unsafe scalar written visibly: `\x1b` for C0, DEL and C1 (`\n`, `\t`, `\r` for those three),
    /// `\u202e` for the others. Text without any (nearly all) is returned as it is, without copying. Backslashes are
    /// left alone, so applying it twice changes nothing.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            guard isUnsafe(s) else { out.append(s); continue }
            out.append(contentsOf: escape(s).unicodeScalars)
        }
        return String(out)
    }

    /// A Substring or any other string-like value: see `visible(_: String)`.
    public static func visible<S: StringProtocol>(_ text: S) -> String { visible(String(text)) }

    /// JSON text (as JSONEncoder writes it: C0 already escaped) with the other unsafe characters, which can only
    /// be inside strings, written as `\u009b`, `\u202e`: the same JSON value, safe to print on a terminal.
    /// Raw C0 characters are left alone: in JSONEncoder's output they are the layout between values.
    public static func json(_ text: String) -> String {
        func unsafeInString(_ s: Unicode.Scalar) -> Bool { s.value >= 0x20 && isUnsafe(s) }
        guard text.unicodeScalars.contains(where: unsafeInString) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            guard unsafeInString(s) else { out.append(s); continue }
            let hex = String(s.value, radix: 16)
            out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
        }
        return String(out)
    }

    static func escape(_ s: Unicode.Scalar) -> String {
        switch s.value {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case let v where v < 0x100:
            return "\\x" + (v < 0x10 ? "0" : "") + String(v, radix: 16)
        case let v:
            return "\\u" + String(v, radix: 16)
        }
    }
}
