/// Java class names in the source form users read: `java.util.HashMap$Node[]`, `byte[]`, `int[][]`.
enum JavaNames {
    /// Converts an internal (`java/lang/String`) or descriptor (`[Ljava/lang/String;`, `[[I`) name to source form.
    static func sourceForm(_ raw: String) -> String {
        var dims = 0
        var s = Substring(raw)
        while s.first == "[" {
            dims += 1
            s = s.dropFirst()
        }
        var element: String
        if dims > 0 {
            switch s.first {
            case "L":
                element = String(s.dropFirst())
                if element.hasSuffix(";") { element.removeLast() }
            case "Z": element = "boolean"
            case "C": element = "char"
            case "F": element = "float"
            case "D": element = "double"
            case "B": element = "byte"
            case "S": element = "short"
            case "I": element = "int"
            case "J": element = "long"
            default: element = String(s)
            }
        } else {
            element = String(s)
        }
        element = element.replacingSlashes()
        return element + String(repeating: "[]", count: dims)
    }
}

extension String {
    fileprivate func replacingSlashes() -> String {
        guard contains("/") else { return self }
        return String(map { $0 == "/" ? "." : $0 })
    }
}
