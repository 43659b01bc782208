/// Sizes as HANA prints them: `146.20gb (156989510500b)`, `0b`, `256kb (262144b)`, `UA=0`, `786815 byte`.
///
/// The human part is truncated to two decimals, so the exact figure in parentheses is always preferred; a human
/// value alone is converted with binary units (1kb = 1024 b) and marked as approximate.
public enum HanaSize {
    public struct Value: Sendable, Equatable {
        public var bytes: UInt64
        /// False when only a rounded human value (`1.50gb`) was given.
        public var exact: Bool
    }

    /// Parses a size field; nil when it is not a size.
    public static func parse<S: StringProtocol>(_ text: S) -> Value? {
        let t = text.trimmed
        guard !t.isEmpty else { return nil }
        // An exact figure `(<digits>b)`, the last one in the text wins only if it is the first after the human part.
        if let exact = exactFigure(t) { return Value(bytes: exact, exact: true) }
        if t.hasSuffix(" byte") || t.hasSuffix(" bytes") {
            let num = t.split(separator: " ").first.map(String.init) ?? ""
            if let v = UInt64(num) { return Value(bytes: v, exact: true) }
            return nil
        }
        return human(t)
    }

    /// The digits of the first `(<digits>b)` group, if any.
    public static func exactFigure<S: StringProtocol>(_ text: S) -> UInt64? {
        let u = Array(text.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "(") {
                var j = i + 1
                var v: UInt64 = 0
                var ok = false
                while j < u.count, u[j] >= 0x30, u[j] <= 0x39 {
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(UInt64(u[j] - 0x30))
                    if o1 || o2 { return nil }
                    v = a
                    j += 1
                    ok = true
                }
                if ok, j + 1 < u.count, u[j] == UInt8(ascii: "b"), u[j + 1] == UInt8(ascii: ")") { return v }
            }
            i += 1
        }
        return nil
    }

    /// A human value `12`, `0b`, `256kb`, `1.5GB`, `2.25 gb`: binary units, b/kb/mb/gb/tb, case-insensitive.
    public static func human<S: StringProtocol>(_ text: S) -> Value? {
        let t = text.trimmed.lowercased()
        var numberEnd = t.startIndex
        while numberEnd < t.endIndex, t[numberEnd].isASCII, t[numberEnd].isNumber || t[numberEnd] == "." {
            numberEnd = t.index(after: numberEnd)
        }
        let numberText = t[t.startIndex..<numberEnd]
        let unit = t[numberEnd...].trimmed
        guard !numberText.isEmpty, numberText.first != ".", numberText.last != "." else { return nil }
        let shift: UInt64
        switch unit {
        case "", "b", "byte", "bytes": shift = 0
        case "kb", "k": shift = 10
        case "mb", "m": shift = 20
        case "gb", "g": shift = 30
        case "tb", "t": shift = 40
        default: return nil
        }
        let parts = numberText.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = UInt64(parts[0]) else { return nil }
        guard whole <= (UInt64.max >> shift) else { return nil }
        var bytes = whole << shift
        let isInteger = parts.count == 1
        if parts.count == 2 {
            guard shift > 0, let frac = UInt64(parts[1]), parts[1].count <= 6 else { return nil }
            var scale: UInt64 = 1
            for _ in 0..<parts[1].count { scale *= 10 }
            bytes += (frac << shift) / scale
        }
        return Value(bytes: bytes, exact: isInteger && shift == 0 || isInteger && whole == 0)
    }

    /// Formats bytes as HANA does (binary units, truncated to two decimals, exact multiples without decimals).
    public static func format(_ bytes: UInt64) -> String {
        if bytes == 0 { return "0b" }
        let units = ["b", "kb", "mb", "gb", "tb"]
        var u = 0
        while u < 4 && bytes >= (UInt64(1) << (10 * UInt64(u + 1))) { u += 1 }
        if u == 0 { return "\(bytes)b" }
        let div = UInt64(1) << (10 * UInt64(u))
        if bytes % div == 0 { return "\(bytes / div)\(units[u])" }
        let hundredths = bytes.multipliedFullWidth(by: 100)
        let h = div.dividingFullWidth((hundredths.high, hundredths.low)).quotient
        let frac = h % 100
        return "\(h / 100).\(frac < 10 ? "0" : "")\(frac)\(units[u])"
    }

    /// A signed difference in HANA's units (`+1.15gb`, `-300mb`).
    public static func formatSigned(_ delta: Int64) -> String {
        delta < 0 ? "-" + format(delta.magnitude) : "+" + format(UInt64(delta))
    }
}
