/// Fitting a class name into a column without losing its meaningful end: the package is abbreviated first, one
/// segment at a time from the left (`java.util.concurrent.ConcurrentHashMap$Node[]` →
/// `j.u.c.ConcurrentHashMap$Node[]`), then what is still too wide is cut in the middle (`j.u.c.Con…Map$Node[]`).
/// Allocator paths keep their end (`…PersistentSpace(0)`).
extension ClassNames {
    package static func fit(_ name: String, width: Int, ellipsis: String) -> String {
        guard TextWidth.of(name) > width else { return name }
        // An allocator path (HANA: `Pool/PersistenceManager/PersistentSpace(0)`) reads from its end.
        if name.contains("/"), !name.contains(" ") { return Format.clipLeft(name, width: width, ellipsis: ellipsis) }
        // `class java.util.HashMap` (a class object) abbreviates the name after the word.
        let lead = name.hasPrefix("class ") ? "class " : ""
        var rest = String(name.dropFirst(lead.count))
        if let cut = packageEnd(rest) {
            var segments = rest[..<cut].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let simple = String(rest[cut...])
            // The last element is the empty string after the package's final dot.
            for i in 0..<max(segments.count - 1, 0) where segments[i].count > 1 {
                segments[i] = String(segments[i].prefix(1))
                rest = segments.joined(separator: ".") + simple
                if TextWidth.of(lead + rest) <= width { return lead + rest }
            }
        }
        return Format.clipMiddle(lead + rest, width: width, ellipsis: ellipsis)
    }
}
