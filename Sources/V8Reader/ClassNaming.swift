import DumpInput
import HeapGraph

/// Class names as DevTools' Summary view groups objects (`calculateObjectNames` plus the inferred "interface"
/// names `{a, b}` for plain objects): hidden → `(system)`, objects and natives → their name (`<div id=…>` → `<div>`,
/// detached natives → `Detached <div>`), code → `(compiled code)`, closures → `Function`, regexps → `RegExp`,
/// everything else → `(<type>)` such as `(string)` or `(concatenated string)`.
///
/// Unlike DevTools, objects with the same constructor name from different source locations share one class.
enum ClassNaming {
    static let maxInterfaceNameLength = 120
    static let minObjectCountPerInterface = 2
    static let minObjectProportionPerInterface = 1000

    static func assign(_ raw: NamingInput) -> (ContiguousArray<UInt32>, ClassTable) {
        let n = raw.nodeCount
        var table = ClassTable()
        var byName: [String: UInt32] = [:]
        func cls(_ name: String) -> UInt32 {
            if let c = byName[name] { return c }
            let c = table.add(name)
            byName[name] = c
            return c
        }
        let meta = raw.meta
        // One class per node type for the fixed names.
        var typeClass = [UInt32?](repeating: nil, count: meta.nodeTypes.count)
        for (t, typeName) in meta.nodeTypes.enumerated() {
            switch t {
            case meta.hidden: typeClass[t] = cls("(system)")
            case meta.code: typeClass[t] = cls("(compiled code)")
            case meta.closure: typeClass[t] = cls("Function")
            case meta.regexp: typeClass[t] = cls("RegExp")
            case meta.object, meta.native: break
            default: typeClass[t] = cls("(\(typeName))")
            }
        }
        var classOf = raw.storage.array(repeating: UInt32(0), count: n + 1)
        // Object and native names: string index → class (UInt32.max: not yet named), detached natives separately.
        let stringCount = raw.strings.count
        var nameClass = raw.storage.array(repeating: UInt32.max, count: stringCount + 1)
        var detachedNameClass: [UInt32: UInt32] = [:]
        let plainObjects = PlainObjectShapes()
        let object = meta.object ?? -1, native = meta.native ?? -1, property = meta.property ?? -1
        let objectTag = StringTable.Tag.object.rawValue
        raw.types.withUnsafeBufferPointer { types in
        raw.names.withUnsafeBufferPointer { names in
        raw.strings.tags.withUnsafeBufferPointer { tags in
        raw.outStart.withUnsafeBufferPointer { os in
        raw.edgeTypes.withUnsafeBufferPointer { ety in
        raw.edgeNames.withUnsafeBufferPointer { enm in
            for v in 1...n {
                let t = Int(types[v] & NumberArrayParser.typeMask)
                if let c = typeClass[t] { classOf[v] = c; continue }
                let nm = names[v]
                let known = Int(nm) < stringCount
                if t == object && known && tags[Int(nm)] == objectTag {
                    classOf[v] = plainObjects.add(v, os, ety, enm, property)
                    continue
                }
                if t == native && types[v] >> 6 == 2 {
                    if let c = detachedNameClass[nm] { classOf[v] = c; continue }
                    let c = cls(shortened("Detached " + (raw.strings.string(nm) ?? "")))
                    detachedNameClass[nm] = c
                    classOf[v] = c
                } else {
                    let slot = known ? Int(nm) : stringCount
                    if nameClass[slot] != .max { classOf[v] = nameClass[slot]; continue }
                    let c = cls(shortened(raw.strings.string(nm) ?? "(missing string)"))
                    nameClass[slot] = c
                    classOf[v] = c
                }
            }
        }}}}}}
        // Plain objects: infer interfaces from their property lists, then match every shape to one.
        let shapeClass = plainObjects.classify(raw).map { cls($0) }
        for v in plainObjects.nodes { classOf[Int(v)] = shapeClass[Int(classOf[Int(v)])] }
        return (classOf, table)
    }

    /// `<div id="a">` → `<div>`; `Detached <div class="b">` → `Detached <div>`.
    static func shortened(_ name: String) -> String {
        let u = Array(name.utf16)
        if u.first == 0x3C {   // "<"
            if let space = u.firstIndex(of: 0x20) { return String(decoding: u[..<space], as: UTF16.self) + ">" }
            return name
        }
        if name.hasPrefix("Detached <"), u.count > 10, let space = u[10...].firstIndex(of: 0x20) {
            return String(decoding: u[..<space], as: UTF16.self) + ">"
        }
        return name
    }

    /// DevTools `formatPropertyName`: names with `,'"{}` are shown as a JSON string literal.
    static func formatPropertyName(_ name: String) -> String {
        guard name.contains(where: { ",'\"{}".contains($0) }) else { return name }
        return JSONText.quoted(name, shortForms: true)
    }

    /// JavaScript string order (UTF-16 code units), which DevTools uses to sort property names.
    static func jsLess(_ a: [UInt16], _ b: [UInt16]) -> Bool { a.lexicographicallyPrecedes(b) }
}

/// Plain `Object`s grouped by their property-name sequence ("shape"), so inference and matching run per shape.
final class PlainObjectShapes {
    /// Plain object nodes; while building, their `classOf` holds the shape number.
    private(set) var nodes = ContiguousArray<UInt32>()
    /// Property name indexes (in edge order) of each shape, flattened.
    private var flat = ContiguousArray<UInt32>()
    private var shapeStart: [Int] = [0]
    private var shapeCount: [Int] = []
    private var lookup: [UInt64: [Int]] = [:]
    private var scratch: [UInt32] = []

    /// Records plain object `v`; returns its shape number.
    func add(_ v: Int, _ os: UnsafeBufferPointer<UInt32>, _ ety: UnsafeBufferPointer<UInt8>,
             _ enm: UnsafeBufferPointer<UInt32>, _ property: Int) -> UInt32 {
        nodes.append(UInt32(v))
        scratch.removeAll(keepingCapacity: true)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in Int(os[v])..<Int(os[v + 1]) where Int(ety[k]) == property {
            let nm = enm[k]
            scratch.append(nm)
            h = (h ^ UInt64(nm)) &* 0x100_0000_01b3
        }
        if h == lastHash, let s = lastShape, sameAs(s) { shapeCount[s] += 1; return UInt32(s) }
        if let candidates = lookup[h] {
            for s in candidates where sameAs(s) {
                shapeCount[s] += 1
                lastHash = h
                lastShape = s
                return UInt32(s)
            }
        }
        let s = shapeCount.count
        flat.append(contentsOf: scratch)
        shapeStart.append(flat.count)
        shapeCount.append(1)
        lookup[h, default: []].append(s)
        lastHash = h
        lastShape = s
        return UInt32(s)
    }

    private var lastHash: UInt64 = 0
    private var lastShape: Int?

    private func sameAs(_ s: Int) -> Bool {
        guard shapeStart[s + 1] - shapeStart[s] == scratch.count else { return false }
        for i in 0..<scratch.count where flat[shapeStart[s] + i] != scratch[i] { return false }
        return true
    }

    /// The class name of each shape: the best-matching inferred interface (`{a, b}`) or `Object`.
    func classify(_ raw: NamingInput) -> [String] {
        let shapes = shapeCount.count
        var decoded: [UInt32: String] = [:]
        func text(_ nm: UInt32) -> String {
            if let s = decoded[nm] { return s }
            let s = raw.strings.string(nm) ?? ""
            decoded[nm] = s
            return s
        }
        // 1. Candidate interfaces (`inferInterfaceDefinitions`), counted per object, first-seen order.
        struct Candidate { var name: String; var properties: [String]; var count: Int; var order: Int }
        var candidates: [String: Candidate] = [:]
        let total = nodes.count
        for s in 0..<shapes {
            var name = "{"
            var nameLength = 1
            var properties: [String] = []
            for nm in flat[shapeStart[s]..<shapeStart[s + 1]] {
                if raw.strings.tag(nm) == .proto { continue }
                let prop = text(nm)
                let formatted = ClassNaming.formatPropertyName(prop)
                let fl = formatted.utf16.count
                if nameLength > 1 && nameLength + fl > ClassNaming.maxInterfaceNameLength { break }
                if nameLength != 1 { name += ", "; nameLength += 2 }
                name += formatted
                nameLength += fl
                properties.append(prop)
            }
            if properties.isEmpty { continue }
            name += "}"
            if candidates[name] != nil {
                candidates[name]!.count += shapeCount[s]
            } else {
                candidates[name] = Candidate(name: name, properties: properties, count: shapeCount[s],
                                             order: candidates.count)
            }
        }
        let minCount = max(Double(ClassNaming.minObjectCountPerInterface),
                           Double(total) / Double(ClassNaming.minObjectProportionPerInterface))
        let definitions = candidates.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.order < $1.order }
            .prefix { Double($0.count) >= minCount }
        // 2. A trie over sorted property names (`applyInterfaceDefinitions`).
        struct TrieNode { var next: [String: Int] = [:]; var match: (name: String, count: Int, index: Int)?
                          var greatestNext: [UInt16]? }
        var trie = [TrieNode()]
        for (index, d) in definitions.enumerated() {
            let props = d.properties.sorted { ClassNaming.jsLess(Array($0.utf16), Array($1.utf16)) }
            var at = 0
            for p in props {
                if let nx = trie[at].next[p] { at = nx; continue }
                trie.append(TrieNode())
                let nx = trie.count - 1
                trie[at].next[p] = nx
                let pu = Array(p.utf16)
                if trie[at].greatestNext == nil || ClassNaming.jsLess(trie[at].greatestNext!, pu) {
                    trie[at].greatestNext = pu
                }
                at = nx
            }
            if trie[at].match == nil { trie[at].match = (d.name, props.count, index) }
        }
        func better(_ a: (name: String, count: Int, index: Int), _ b: (name: String, count: Int, index: Int)?)
            -> (name: String, count: Int, index: Int) {
            guard let b else { return a }
            if a.count > b.count { return a }
            if b.count > a.count { return b }
            return a.index <= b.index ? a : b
        }
        var result: [String] = []
        result.reserveCapacity(shapes)
        for s in 0..<shapes {
            let props = flat[shapeStart[s]..<shapeStart[s + 1]].map { Array(text($0).utf16) }
                .sorted(by: ClassNaming.jsLess)
            var states: [Int] = [0]
            var match = better((name: "Object", count: 0, index: Int.max), trie[0].match)
            for p in props {
                let key = String(decoding: p, as: UTF16.self)
                var nextStates: [Int] = []
                for st in states {
                    let node = trie[st]
                    let keep = !(node.greatestNext == nil || !ClassNaming.jsLess(p, node.greatestNext!))
                    if keep { nextStates.append(st) }
                    if let nx = node.next[key] {
                        if !nextStates.contains(nx) { nextStates.append(nx) }
                        match = better(match, trie[nx].match)
                    }
                }
                states = nextStates
                if states.isEmpty { break }
            }
            result.append(match.name)
        }
        return result
    }
}

/// What class naming reads (shared, unchanged, with the other rules running at the same time).
struct NamingInput: Sendable {
    var meta: SnapshotMeta
    var types: ContiguousArray<UInt8>
    var names: ContiguousArray<UInt32>
    var outStart: ContiguousArray<UInt32>
    var edgeTypes: ContiguousArray<UInt8>
    var edgeNames: ContiguousArray<UInt32>
    var strings: StringTable
    var storage = ArrayStorage.memory
    var nodeCount: Int { meta.nodeCount }
}
