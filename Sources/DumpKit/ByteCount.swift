/// Sizes as people read them: binary units with one decimal (`912.4 MiB`), bytes below 1 KiB (`64 B`).
public enum ByteCount {
    public static func format(_ bytes: UInt64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1023.95 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    public static func format(_ bytes: Int) -> String { format(UInt64(max(bytes, 0))) }

    /// `12,345,678`
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    public static func grouped(_ n: UInt64) -> String { grouped(Int(clamping: n)) }

    /// `98.7%`
    public static func percent(_ part: UInt64, of whole: UInt64) -> String {
        guard whole > 0 else { return "0.0%" }
        let tenths = Int((Double(part) / Double(whole) * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
