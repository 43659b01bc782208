import HeapGraph

/// What the edge classification leaves for later: which edges the distance search and retainer paths skip, and the
/// WeakMap ephemeron pairs (DevTools gives a WeakMap value the distance of the later of its two retainers).
struct EdgeFacts: Sendable {
    /// Edges of type `weak`.
    var weakType: BitSet
    /// Edges DevTools' distance search does not follow: weak ones, `sloppy_function_map` of native contexts and
    /// descriptor-array slots (crbug 413608).
    var distanceSkip: BitSet
    /// Ephemeron edge index → pair number (both edges of a key/value pair share one).
    var ephemeronPair: [UInt32: UInt32]
    /// Whether the root has user roots (the global object / Window, or `(Document DOM trees)`).
    var hasUserRoots: Bool
}

/// A WeakMap ephemeron edge name: `<n> / part of key (<C> @<k>) -> value (<C> @<v>) pair in WeakMap (table @<t>)`.
struct WeakMapEdgeName {
    var tableID: UInt64
    /// Identifies the pair: the text after the leading number, shared by the table→value and key→value edges.
    var pair: UInt32
}

/// The rules DevTools applies before it computes dominators (devtools-frontend HeapSnapshot.ts / JSHeapSnapshot),
/// applied to the raw arrays. Each is a pass over nodes and edges with explicit work lists (no recursion).
enum DevToolsRules {
    static let pageObject: UInt8 = 1

    /// DevTools `propagateDOMState`: native nodes with known detachedness pass it on to native nodes they reach
    /// (not through hidden or weak edges); attached wins. Returns the number of detached nodes.
    static func propagateDOMState(_ raw: inout RawSnapshot) -> Int {
        guard raw.meta.nodeDetachednessField != nil, let native = raw.meta.native else { return 0 }
        let n = raw.nodeCount
        var visited = raw.storage.array(repeating: UInt8(0), count: n + 1)
        var attached = ContiguousArray<UInt32>()
        var detached = ContiguousArray<UInt32>()
        let hiddenEdge = raw.meta.hiddenEdge ?? -1, weak = raw.meta.weak ?? -1, invisible = raw.meta.invisible ?? -1
        func process(_ v: Int, _ state: UInt8) {
            if visited[v] != 0 { return }
            visited[v] = 1
            if raw.type(v) != native { return }
            raw.types[v] = (raw.types[v] & NumberArrayParser.typeMask) | (state << 6)
            if state == 1 { attached.append(UInt32(v)) } else if state == 2 { detached.append(UInt32(v)) }
        }
        for v in 1...n {
            let s = raw.detachedness(v)
            if s != 0 { process(v, s) }
        }
        func propagate(_ v: Int, _ state: UInt8) {
            for k in Int(raw.outStart[v])..<Int(raw.outStart[v + 1]) {
                let t = Int(raw.edgeTypes[k])
                if t == hiddenEdge || t == weak || t == invisible { continue }
                process(Int(raw.edgeTargets[k] & Edge.targetMask), state)
            }
        }
        while let v = attached.popLast() { propagate(Int(v), 1) }
        while let v = detached.popLast() {
            if raw.detachedness(Int(v)) == 1 { continue }
            propagate(Int(v), 2)
        }
        var count = 0
        for v in 1...n where raw.detachedness(v) == 2 && raw.type(v) == native { count += 1 }
        return count
    }

    /// DevTools `isUserRoot`: a non-synthetic child of the root, or the synthetic `(Document DOM trees)`.
    static func isUserRoot(_ raw: RawSnapshot, _ v: Int) -> Bool {
        raw.type(v) != raw.meta.synthetic || raw.strings.tag(raw.names[v]) == .documentDOMTrees
    }

    /// DevTools `markPageOwnedNodes`: everything reachable (not through weak edges) from the root's shortcut edges
    /// and from `(Document DOM trees)` is owned by the page.
    static func markPageOwned(_ raw: RawSnapshot) -> ContiguousArray<UInt8> {
        let n = raw.nodeCount
        var flags = raw.storage.array(repeating: UInt8(0), count: n + 1)
        let r = Int(raw.root)
        let shortcut = raw.meta.shortcut ?? -1, element = raw.meta.element ?? -1, weak = raw.meta.weak ?? -1
        var stack = ContiguousArray<UInt32>()
        for k in Int(raw.outStart[r])..<Int(raw.outStart[r + 1]) {
            let t = Int(raw.edgeTypes[k])
            let target = Int(raw.edgeTargets[k] & Edge.targetMask)
            if t == element {
                guard raw.type(target) == raw.meta.synthetic,
                      raw.strings.tag(raw.names[target]) == .documentDOMTrees else { continue }
            } else if t != shortcut {
                continue
            }
            if flags[target] & pageObject == 0 {
                flags[target] |= pageObject
                stack.append(UInt32(target))
            }
        }
        flags.withUnsafeMutableBufferPointer { flags in
            raw.outStart.withUnsafeBufferPointer { os in
                raw.edgeTargets.withUnsafeBufferPointer { et in
                    raw.edgeTypes.withUnsafeBufferPointer { ety in
                        while let v = stack.popLast() {
                            for k in Int(os[Int(v)])..<Int(os[Int(v) + 1]) {
                                let c = Int(et[k] & Edge.targetMask)
                                if flags[c] & pageObject != 0 || Int(ety[k]) == weak { continue }
                                flags[c] |= pageObject
                                stack.append(UInt32(c))
                            }
                        }
                    }
                }
            }
        }
        return flags
    }

    /// Parses the WeakMap ephemeron edge names among the strings (DevTools `tryParseWeakMapEdgeName`).
    static func weakMapEdgeNames(_ strings: StringTable) -> [UInt32: WeakMapEdgeName] {
        var out: [UInt32: WeakMapEdgeName] = [:]
        var pairs: [String: UInt32] = [:]
        for i in 0..<strings.count where strings.tags[i] == StringTable.Tag.weakMapCandidate.rawValue {
            guard let text = strings.string(UInt32(i), limit: 4096),
                  let (part, table) = parseWeakMapEdgeName(text) else { continue }
            let pair: UInt32
            if let p = pairs[part] { pair = p } else { pair = UInt32(pairs.count); pairs[part] = pair }
            out[UInt32(i)] = WeakMapEdgeName(tableID: table, pair: pair)
        }
        return out
    }

    /// `^\d+( / part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\))$`
    static func parseWeakMapEdgeName(_ text: String) -> (String, UInt64)? {
        let u = Array(text.utf8)
        var i = 0
        while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 { i += 1 }
        guard i > 0 else { return nil }
        let rest = u[i...]
        let prefix = Array(" / part of key (".utf8)
        guard rest.starts(with: prefix) else { return nil }
        let marker = Array(" pair in WeakMap (table @".utf8)
        // The table id: digits between the last marker and the final ")".
        guard u.last == UInt8(ascii: ")"), u.count > marker.count + 2 else { return nil }
        var j = u.count - 2
        while j > i && u[j] >= 0x30 && u[j] <= 0x39 { j -= 1 }
        guard j < u.count - 2, j + 1 >= marker.count else { return nil }
        let markerStart = j + 1 - marker.count
        guard Array(u[markerStart...j]) == marker, markerStart > i + prefix.count,
              u[markerStart - 1] == UInt8(ascii: ")") else { return nil }
        let middle = String(decoding: u[(i + prefix.count)..<markerStart], as: UTF8.self)
        guard middle.contains(") -> value (") else { return nil }
        guard let table = UInt64(String(decoding: u[(j + 1)..<(u.count - 1)], as: UTF8.self)) else { return nil }
        return (String(decoding: rest, as: UTF8.self), table)
    }

    /// Marks the edges DevTools leaves out of the dominator computation (`computeIsEssentialEdge`) with
    /// `Edge.weakBit`, collects the distance-search facts, and returns the GC roots: the V8 root, its essential
    /// children, and the nodes with only non-essential retainers (DevTools attaches those to the root).
    static func classifyEdges(_ raw: inout RawSnapshot, pageFlags: ContiguousArray<UInt8>,
                              weakMap: [UInt32: WeakMapEdgeName]) -> (EdgeFacts, [GCRoot]) {
        let n = raw.nodeCount
        let e = raw.edgeTargets.count
        let r = Int(raw.root)
        var facts = EdgeFacts(weakType: BitSet(count: e), distanceSkip: BitSet(count: e), ephemeronPair: [:],
                              hasUserRoots: false)
        var hasEssentialIn = raw.storage.array(repeating: UInt8(0), count: n + 1)
        let weak = raw.meta.weak ?? -1, shortcut = raw.meta.shortcut ?? -1, internalType = raw.meta.internalEdge ?? -1
        let hiddenType = raw.meta.hidden ?? -1, arrayType = raw.meta.array ?? -1
        var indexNamed = [Bool](repeating: false, count: raw.meta.edgeTypes.count)
        for t in 0..<indexNamed.count where raw.meta.edgeHasIndexName(t) { indexNamed[t] = true }
        let strings = raw.strings
        let tags = strings.tags
        let stringCount = tags.count
        let ids = raw.ids
        let types = raw.types
        let names = raw.names
        let edgeTypes = raw.edgeTypes
        let edgeNames = raw.edgeNames
        let outStart = raw.outStart
        raw.edgeTargets.withUnsafeMutableBufferPointer { et in
        hasEssentialIn.withUnsafeMutableBufferPointer { hasIn in
        tags.withUnsafeBufferPointer { tags in
        pageFlags.withUnsafeBufferPointer { page in
        edgeTypes.withUnsafeBufferPointer { ety in
        edgeNames.withUnsafeBufferPointer { enm in
        outStart.withUnsafeBufferPointer { os in
            for v in 1...n {
                let isRoot = v == r
                let srcPage = page[v] & pageObject != 0
                let srcType = Int(types[v] & NumberArrayParser.typeMask)
                // Source-specific distance filters.
                var filterNativeContext = false, filterDescriptors = false
                if srcType == hiddenType || srcType == arrayType {
                    let nm = Int(names[v])
                    let tag = nm < stringCount ? tags[nm] : 0
                    filterNativeContext = srcType == hiddenType && tag == StringTable.Tag.nativeContext.rawValue
                    filterDescriptors = srcType == arrayType && tag == StringTable.Tag.mapDescriptors.rawValue
                }
                for k in Int(os[v])..<Int(os[v + 1]) {
                    let t = Int(ety[k])
                    let target = Int(et[k])
                    var essential = true
                    let name = enm[k]
                    let stringNamed = !indexNamed[t]
                    if t == internalType && stringNamed && Int(name) < stringCount
                        && tags[Int(name)] == StringTable.Tag.weakMapCandidate.rawValue,
                       let wm = weakMap[name] {
                        if wm.tableID == ids[v] { essential = false }
                        facts.ephemeronPair[UInt32(k)] = wm.pair
                    }
                    if t == weak {
                        essential = false
                        facts.weakType.insert(k)
                        facts.distanceSkip.insert(k)
                    } else if target == v {
                        essential = false
                    } else if !isRoot {
                        if t == shortcut {
                            essential = false
                        } else if page[target] & pageObject != 0 && !srcPage {
                            essential = false
                        }
                    }
                    if filterNativeContext && stringNamed && Int(name) < stringCount
                        && tags[Int(name)] == StringTable.Tag.sloppyFunctionMap.rawValue {
                        facts.distanceSkip.insert(k)
                    }
                    if filterDescriptors {
                        let index: UInt64? = stringNamed ? leadingNumber(strings, name) : UInt64(name)
                        if let index, !(index < 2 || index % 3 != 1) { facts.distanceSkip.insert(k) }
                    }
                    if essential {
                        hasIn[target] = 1
                    } else {
                        et[k] = UInt32(target) | Edge.weakBit
                    }
                }
            }
        }}}}}}}
        var roots = [GCRoot(node: UInt32(r), kind: .v8Root)]
        for k in Int(raw.outStart[r])..<Int(raw.outStart[r + 1]) {
            let target = Int(raw.edgeTargets[k] & Edge.targetMask)
            if isUserRoot(raw, target) { facts.hasUserRoots = true }
            if raw.edgeTargets[k] & Edge.weakBit == 0 { roots.append(GCRoot(node: UInt32(target), kind: .v8Root)) }
        }
        for v in 1...n where hasEssentialIn[v] == 0 && v != r {
            roots.append(GCRoot(node: UInt32(v), kind: .unreachable))
        }
        return (facts, roots)
    }

    /// DevTools `parseInt(edge.name(), 10)` for string-named edges: the leading decimal digits, if any.
    static func leadingNumber(_ strings: StringTable, _ index: UInt32) -> UInt64? {
        guard let raw = strings.rawBytes(index) else { return nil }
        var v: UInt64 = 0
        var digits = 0
        for b in raw {
            guard b >= 0x30 && b <= 0x39, digits < 19 else { break }
            v = v * 10 + UInt64(b - 0x30)
            digits += 1
        }
        return digits > 0 ? v : nil
    }

    /// DevTools `calculateShallowSizes` (only when there are user roots): the size of every hidden/array node (and
    /// native `system / ExternalStringData`) that only one other node owns — reaches through hidden/array nodes,
    /// weak edges not followed — moves to that owner, unless the owner is synthetic or the root.
    static func reattributeShallowSizes(_ raw: inout RawSnapshot) {
        let n = raw.nodeCount
        let unvisited = UInt32.max, multiple = UInt32.max - 1
        let hiddenType = raw.meta.hidden ?? -1, arrayType = raw.meta.array ?? -1, native = raw.meta.native ?? -1
        let weak = raw.meta.weak ?? -1
        var owners = raw.storage.array(repeating: UInt32(0), count: n + 1)
        var work = ContiguousArray<UInt32>()
        work.reserveCapacity(n)
        for v in 1...n {
            let t = raw.type(v)
            if t == hiddenType || t == arrayType
                || (t == native && raw.strings.tag(raw.names[v]) == .externalStringData) {
                owners[v] = unvisited
            } else {
                owners[v] = UInt32(v)
                work.append(UInt32(v))
            }
        }
        owners.withUnsafeMutableBufferPointer { owners in
            raw.outStart.withUnsafeBufferPointer { os in
                raw.edgeTargets.withUnsafeBufferPointer { et in
                    raw.edgeTypes.withUnsafeBufferPointer { ety in
                        while let id = work.popLast() {
                            let owner = owners[Int(id)]
                            for k in Int(os[Int(id)])..<Int(os[Int(id) + 1]) {
                                if Int(ety[k]) == weak { continue }
                                let target = et[k] & Edge.targetMask
                                let o = owners[Int(target)]
                                if o == unvisited {
                                    owners[Int(target)] = owner
                                    work.append(target)
                                } else if o == target || o == owner || o == multiple {
                                    continue
                                } else {
                                    owners[Int(target)] = multiple
                                    work.append(target)
                                }
                            }
                        }
                    }
                }
            }
        }
        let synthetic = raw.meta.synthetic ?? -1
        let r = UInt32(raw.root)
        for v in 1...n {
            let o = owners[v]
            if o == unvisited || o == multiple || o == UInt32(v) { continue }
            if o == r || raw.type(Int(o)) == synthetic { continue }
            let size = raw.selfSize(v)
            if size == 0 { continue }
            raw.setSelfSize(Int(o), raw.selfSize(Int(o)) + size)
            raw.setSelfSize(v, 0)
        }
    }
}
