import DumpInput

/// `hdx strip --names` for HPROF: which names are the JDK's and the pseudonyms for the others.
extension HprofStripper {
    /// Counts of JDK collections that are structure, not data (hdx's fill-ratio insight reads them): kept.
    static let structuralFields: [String: Set<String>] = [
        "java/util/HashMap": ["size", "threshold", "modCount"], "java/util/ArrayList": ["size"],
        "java/util/concurrent/ConcurrentHashMap": ["baseCount", "sizeCtl"], "java/util/Hashtable": ["count", "threshold", "modCount"],
        "java/util/Vector": ["elementCount", "capacityIncrement"], "java/util/ArrayDeque": ["head", "tail"],
        "java/util/LinkedList": ["size"], "java/util/TreeMap": ["size", "modCount"], "java/util/IdentityHashMap": ["size", "modCount"],
        "java/util/WeakHashMap": ["size", "threshold", "modCount"], "java/util/PriorityQueue": ["size", "modCount"],
        "java/util/AbstractList": ["modCount"], "java/util/HashSet": [], "java/util/LinkedHashMap": ["accessOrder"],
    ]

    static let jdkPrefixes = ["java/", "javax/", "jdk/", "sun/", "com/sun/"]

    func text(_ nameId: UInt64) -> String? {
        guard let (o, n) = utf8Ranges[nameId] else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: base + o, count: n), as: UTF8.self)
    }

    func isJDK(nameId: UInt64) -> Bool {
        guard let t = text(nameId) else { return false }
        return isJDKClass(t)
    }

    /// JDK classes (and arrays of them, and of primitives) keep their names.
    func isJDKClass(_ internalName: String) -> Bool {
        var s = Substring(internalName)
        while s.first == "[" { s = s.dropFirst() }
        if s.first == "L" { s = s.dropFirst() } else if s.count == 1 && internalName.hasPrefix("[") { return true }
        return HprofStripper.jdkPrefixes.contains { s.hasPrefix($0) }
    }

    /// An internal class name with its element class replaced by a pseudonym unless it is JDK or kept.
    mutating func className(_ internalName: String) -> String {
        var dims = 0
        var s = Substring(internalName)
        while s.first == "[" { dims += 1; s = s.dropFirst() }
        var element: Substring
        if dims > 0 {
            guard s.first == "L" else { return internalName }   // primitive arrays: [B, [[I
            element = s.dropFirst()
            if element.hasSuffix(";") { element = element.dropLast() }
        } else {
            element = s
        }
        let source = element.replacingOccurrences(of: "/", with: ".")
        if HprofStripper.jdkPrefixes.contains(where: { element.hasPrefix($0) }) || options.keeps(source) || element.isEmpty {
            return internalName
        }
        let p = result.pseudonyms.pseudonym(for: source, prefix: "C")
        return dims == 0 ? p : String(repeating: "[", count: dims) + "L" + p + ";"
    }

    /// A method descriptor with every non-JDK class inside it replaced.
    mutating func signature(_ sig: String) -> String {
        var out = ""
        var i = sig.startIndex
        while i < sig.endIndex {
            let c = sig[i]
            if c == "L", let semi = sig[i...].firstIndex(of: ";") {
                let name = String(sig[sig.index(after: i)..<semi])
                let mapped = className(name)
                out += "L" + mapped + ";"
                i = sig.index(after: semi)
            } else {
                out.append(c)
                i = sig.index(after: i)
            }
        }
        return out
    }

    /// New contents for UTF8 records. Records that name nothing (string literals and other symbols HotSpot writes
    /// with its whole symbol table) are overwritten with `x` of the same length in every mode; with `--names`,
    /// names outside the JDK become pseudonyms.
    mutating func nameReplacements() throws -> [UInt64: [UInt8]] {
        var out: [UInt64: [UInt8]] = [:]
        var filled = 0
        for (nameId, range) in utf8Ranges.sorted(by: { $0.value.0 < $1.value.0 }) {
            let isName = classNameIDs.contains(nameId) || jdkNameIDs.contains(nameId) || userFieldIDs.contains(nameId)
                || userMethodIDs.contains(nameId) || userSourceIDs.contains(nameId) || signatureIDs.contains(nameId)
            if !isName {
                if range.1 > 0 { out[nameId] = [UInt8](repeating: UInt8(ascii: "x"), count: range.1); filled += 1 }
                continue
            }
            guard options.names, let t = text(nameId) else { continue }
            var new: String
            if classNameIDs.contains(nameId) {
                new = className(t)
            } else if jdkNameIDs.contains(nameId) || t.hasPrefix("<") || t.isEmpty || options.keeps(t) {
                continue
            } else if userFieldIDs.contains(nameId) {
                new = result.pseudonyms.pseudonym(for: t, prefix: "f")
            } else if userMethodIDs.contains(nameId) {
                new = result.pseudonyms.pseudonym(for: t, prefix: "m")
            } else if userSourceIDs.contains(nameId) {
                new = result.pseudonyms.pseudonym(for: t, prefix: "S")
            } else {
                new = signature(t)
            }
            if new != t { out[nameId] = Array(new.utf8) }
        }
        symbolsFilled = filled
        return out
    }
}

extension Substring {
    fileprivate func replacingOccurrences(of a: Character, with b: Character) -> String {
        String(map { $0 == a ? b : $0 })
    }
}
