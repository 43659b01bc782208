import DumpKit

/// Number formatting for the screens: binary units with one decimal, thousands separators, percentages.
package enum Format {
    /// `64 B`, `1.0 KiB`, `912.4 MiB`, `1010 KiB` (no decimal from 1000 on): never more than `bytesWidth` columns.
    package static func bytes(_ n: UInt64) -> String {
        let s = ByteCount.format(n)
        // `1010.4 KiB` is 10 wide: from 1000 units on the tenths carry no information worth a column.
        guard let dot = s.firstIndex(of: "."), s.distance(from: s.startIndex, to: dot) >= 4,
              let space = s.firstIndex(of: " ") else { return s }
        return String(s[..<dot]) + String(s[space...])
    }

    /// The widest `bytes` can be: `999.9 MiB`, `1023 KiB` and `16384 PiB` (UInt64.max) are all at most 9.
    package static let bytesWidth = 9

    /// `1,048,573`.
    package static func count<I: BinaryInteger>(_ n: I) -> String { ByteCount.grouped(Int(clamping: n)) }

    /// `98.7%` of `whole` (`0.0%` when the whole is empty).
    package static func percent(_ part: UInt64, of whole: UInt64) -> String { ByteCount.percent(part, of: whole) }

    package static func fraction(_ part: UInt64, of whole: UInt64) -> Double {
        whole > 0 ? Double(part) / Double(whole) : 0
    }

    package static func oneDecimal(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Seconds as `42s`, `3m05s`, `1h02m`.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + pad2(s % 60) + "s" }
        return "\(s / 3600)h" + pad2((s % 3600) / 60) + "m"
    }

    static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Shortens `text` to `width` columns, keeping its end (`…Map$Node[]`), as class names read best from the right.
    package static func clipLeft(_ text: String, width: Int, ellipsis: String) -> String {
        guard TextWidth.of(text) > width else { return text }
        guard width > TextWidth.of(ellipsis) else { return String(text.suffix(max(width, 0))) }
        var out = ""
        var w = TextWidth.of(ellipsis)
        for ch in text.reversed() {
            let cw = TextWidth.of(ch)
            if w + cw > width { break }
            out.insert(ch, at: out.startIndex)
            w += cw
        }
        return ellipsis + out
    }

    /// Shortens `text` to `width` columns, keeping its start and its end (`dumps › … › HashMap`).
    package static func clipMiddle(_ text: String, width: Int, ellipsis: String) -> String {
        guard TextWidth.of(text) > width else { return text }
        let ew = TextWidth.of(ellipsis)
        guard width > ew + 1 else { return clipRight(text, width: width, ellipsis: ellipsis) }
        let room = width - ew
        let tail = clipLeft(text, width: room - room / 2 + ew, ellipsis: ellipsis)
        let head = clipRight(text, width: room / 2 + ew, ellipsis: ellipsis)
        return head + String(tail.dropFirst(ellipsis.count))
    }

    /// Shortens `text` to `width` columns, keeping its start (`java.util.HashMap 0x… · shallow…`).
    package static func clipRight(_ text: String, width: Int, ellipsis: String) -> String {
        guard TextWidth.of(text) > width else { return text }
        let ew = TextWidth.of(ellipsis)
        var out = ""
        var w = 0
        for ch in text {
            let cw = TextWidth.of(ch)
            if w + cw > width - ew { break }
            out.append(ch)
            w += cw
        }
        return width > ew ? out + ellipsis : out
    }

    /// `1 object`, `3 objects`.
    package static func plural(_ n: Int, _ noun: String) -> String {
        count(n) + " " + (n == 1 ? noun : noun + "s")
    }

    /// Pads or clips `text` to exactly `width` columns on the right.
    package static func padRight(_ text: String, _ width: Int) -> String {
        let w = TextWidth.of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }

    package static func padLeft(_ text: String, _ width: Int) -> String {
        let w = TextWidth.of(text)
        return w >= width ? text : String(repeating: " ", count: width - w) + text
    }
}
