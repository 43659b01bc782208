import HeapGraph

/// A leak suspect's way in (`WayIn`) as one line, classes by their short names and arrays with their length:
/// `LeakDemo$SessionCache.CACHE → HashMap → table → HashMap$Node[512]` (the holder's field, then each object's class
/// and the field to the next). A way of more than `maxNodes` objects keeps its first and last three and says how
/// many lie between. The Overview and `report` (text, JSON `wayInText`, HTML) show it.
public enum WayInText {
    public static let maxNodes = 8

    public static func text(_ nodes: [UInt32], index: HeapIndex, arrow: String = "→") -> String {
        guard !nodes.isEmpty else { return "" }
        let details = index.details
        func field(_ k: Int) -> String { details.referenceName(from: nodes[k], to: nodes[k + 1]) ?? "?" }
        func name(_ k: Int) -> String {
            let n = nodes[k]
            var s = shortName(details.displayClassName(n))
            if s.hasSuffix("[]"), let p = details.preview(n), p.hasPrefix("length ") {
                s = String(s.dropLast()) + p.dropFirst(7) + "]"
            }
            return s
        }
        var tokens = [nodes.count > 1 ? name(0) + "." + field(0) : name(0)]
        let head = nodes.count > maxNodes ? 3 : nodes.count
        let tailStart = nodes.count > maxNodes ? nodes.count - 3 : nodes.count
        for k in Array(1..<head) + Array(tailStart..<nodes.count) {
            if k == tailStart && tailStart > head {
                tokens.append("… \(tailStart - head) more …")
            }
            tokens.append(name(k))
            if k < nodes.count - 1 && (k != head - 1 || tailStart == head) { tokens.append(field(k)) }
        }
        return tokens.joined(separator: " \(arrow) ")
    }

    /// `java.util.HashMap$Node[]` → `HashMap$Node[]`; `class java.lang.System` → `System`; names without a package
    /// (V8 constructors, `(array)`) stay as they are.
    public static func shortName(_ name: String) -> String {
        var s = Substring(name)
        if s.hasPrefix("class ") { s = s.dropFirst(6) }
        var end = s.endIndex
        if let stop = s.firstIndex(where: { $0 == "<" || $0 == "(" || $0 == " " || $0 == "[" }) { end = stop }
        if let dot = s[..<end].lastIndex(of: "."), dot != s.startIndex, s.index(after: dot) < s.endIndex {
            s = s[s.index(after: dot)...]
        }
        return String(s)
    }
}
