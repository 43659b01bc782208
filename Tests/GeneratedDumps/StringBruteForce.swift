import HeapGraph

/// `:"text"` by brute force, for checking the fast string scans: every node of a string class, its value decoded
/// through the generic field reader (`fields(of:)`: the `value` field's target, its elements as the Object screen
/// prints them, `coder`, JDK 6's `offset`/`count`), compared byte by byte (ASCII A–Z folded; the needle lowercased).
public enum StringBruteForce {
    /// Every string node with its value, ascending: Java Strings decoded from their fields, other string classes
    /// (V8) by their preview.
    public static func values(_ graph: HeapGraph, _ details: any GraphDetails) -> [(node: UInt32, text: String)] {
        let names = graph.classes.names
        let java = names.firstIndex(of: "java.lang.String")
        let others = Set(["(string)", "(concatenated string)", "(sliced string)"].compactMap { names.firstIndex(of: $0) })
        var out: [(node: UInt32, text: String)] = []
        for v in 1..<graph.nodeCount {
            let c = Int(graph.classOf[v])
            let text: String?
            if c == java { text = javaValue(UInt32(v), details) }
            else if others.contains(c) { text = details.preview(UInt32(v)) }
            else { continue }
            if let text { out.append((UInt32(v), text)) }
        }
        return out
    }

    /// The nodes of `values` whose text contains the needle.
    public static func matches(_ values: [(node: UInt32, text: String)], _ needle: String) -> [UInt32] {
        let wanted = Array(needle.lowercased().utf8)
        return values.filter { contains(Array($0.text.utf8), wanted) }.map(\.node)
    }

    /// A Java String's whole value from its fields, nil when it has no readable `value` array.
    public static func javaValue(_ node: UInt32, _ details: any GraphDetails) -> String? {
        let fs = details.fields(of: node, limit: 64)
        guard let array = fs.first(where: { $0.name == "value" })?.target else { return nil }
        let coder = fs.first { $0.name == "coder" }.flatMap { Int($0.value) }
        let elements = details.fields(of: array, limit: Int.max).filter { $0.name.hasPrefix("[") }
        var units: [UInt16] = []
        switch elements.first?.type {
        case "byte":
            let bytes = elements.compactMap { Int8($0.value).map { UInt8(bitPattern: $0) } }
            if (coder ?? 0) == 0 {
                units = bytes.map(UInt16.init)
            } else {
                units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
            }
        case "char":
            units = elements.compactMap { e -> UInt16? in
                if e.value.hasPrefix("\\u") { return UInt16(e.value.dropFirst(2), radix: 16) }
                return e.value.count == 3 ? e.value.unicodeScalars.dropFirst().first.map { UInt16($0.value) } : nil
            }
            if let o = fs.first(where: { $0.name == "offset" }).flatMap({ Int($0.value) }),
               let n = fs.first(where: { $0.name == "count" }).flatMap({ Int($0.value) }) {
                let from = min(max(o, 0), units.count)
                units = Array(units[from..<from + min(max(n, 0), units.count - from)])
            }
        case nil:
            units = []
        default:
            return nil
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Whether `hay` (ASCII A–Z folded) contains `needle`.
    public static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard hay.count >= needle.count else { return false }
        let folded = hay.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        for i in 0...(folded.count - needle.count) where folded[i..<i + needle.count].elementsEqual(needle) { return true }
        return false
    }
}
