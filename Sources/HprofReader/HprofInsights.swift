import DumpInput
import HeapGraph

/// Java-specific findings for the system overview: class loaders, duplicated strings, under-filled collections.
public struct ClassLoaderSummary: Sendable, Equatable {
    public var node: UInt32
    public var className: String
    public var definedClasses: Int
    public var retained: UInt64
}

public struct DuplicateString: Sendable, Equatable {
    public var value: String
    public var copies: Int
    /// Bytes that would be saved by keeping one copy (shallow of the extra String objects and their arrays).
    public var wastedBytes: UInt64
    public var example: UInt32
}

public struct CollectionFill: Sendable, Equatable {
    public var className: String
    public var instances: Int
    /// Instances filled to less than a quarter of their capacity (empty ones included).
    public var underFilled: Int
    /// Bytes of unused slots in their backing arrays.
    public var wastedBytes: UInt64
}

extension HprofDump {
    /// Every object whose class extends `java.lang.ClassLoader`, with how many classes it defined and what it retains.
    public func classLoaders() -> [ClassLoaderSummary] {
        let classes = model.classes
        guard let loaderBase = classes.names.firstIndex(of: "java.lang.ClassLoader") else { return [] }
        // Each class is decided once: walk up to the first decided class, then settle the whole walk (a deep
        // hierarchy costs its depth once, not once per class; a cycle in a damaged dump ends as "no").
        var isLoader = [Bool](repeating: false, count: classes.count)
        var decided = [Bool](repeating: false, count: classes.count)
        var walk: [Int] = []
        for k in 0..<classes.recordCount where !decided[k] {
            var c = k
            var answer = false
            while c >= 0 && c < classes.recordCount {
                if decided[c] { answer = isLoader[c]; break }
                if c == loaderBase { answer = true; break }
                decided[c] = true  // on this walk: reaching it again is a cycle
                walk.append(c)
                c = Int(classes.superIndex[c])
            }
            for w in walk { isLoader[w] = answer }
            walk.removeAll(keepingCapacity: true)
        }
        if loaderBase < classes.recordCount { isLoader[loaderBase] = true }
        var defined: [UInt32: Int] = [:]
        for k in 0..<classes.recordCount {
            let loader = model.loaderIDs[k]
            if loader != 0, let n = index.graph.node(forID: loader) { defined[n, default: 0] += 1 }
        }
        let g = index.graph
        var out: [ClassLoaderSummary] = []
        for v in 1..<g.nodeCount where isLoader[Int(g.classOf[v])] && !model.isClassObject(UInt32(v)) {
            out.append(ClassLoaderSummary(node: UInt32(v), className: g.className(UInt32(v)),
                                          definedClasses: defined[UInt32(v)] ?? 0, retained: index.tree.retained[v]))
        }
        return out.sorted { $0.retained != $1.retained ? $0.retained > $1.retained : $0.node < $1.node }
    }

    /// Strings with the same text held more than once: one sequential pass hashes each String's backing array, then
    /// only candidates are decoded.
    public func duplicateStrings(minCopies: Int = 2, limit: Int = 20) -> [DuplicateString] {
        let g = index.graph
        guard let stringClass = g.classes.names.firstIndex(of: "java.lang.String").map({ UInt32($0) }) else { return [] }
        // value array node -> the String nodes using it (usually one).
        var owner: [UInt32: UInt32] = [:]
        for v in 1..<g.nodeCount where g.classOf[v] == stringClass && index.tree.isReachable(UInt32(v)) {
            for raw in g.successors(UInt32(v)) {
                let t = Edge.target(raw)
                if model.isPrimitiveArrayClass(g.classOf[Int(t)]) { owner[t] = UInt32(v); break }
            }
        }
        guard !owner.isEmpty else { return [] }
        // Hash the contents of those arrays in one pass over the heap slices.
        var groups: [UInt64: [UInt32]] = [:]
        let base = model.file.base
        let id = model.idSize
        let walker = SubRecordWalker(base: base, idSize: id)
        let firstObjectNode = 1 + model.classes.recordCount
        for slice in model.slices {
            var node = firstObjectNode + slice.firstObject
            var p = slice.start
            while p < slice.end {
                let tag = base.u8(p)
                guard let len = walker.length(at: p, limit: slice.end) else { break }
                switch tag {
                case HeapTag.instanceDump, HeapTag.objArrayDump, HeapTag.primArrayNoData:
                    node += 1
                case HeapTag.primArrayDump:
                    if let s = owner[UInt32(node)] {
                        let count = Int(base.u32be(p + 1 + id + 4))
                        let size = BasicType.size(base.u8(p + 1 + id + 8), idSize: id)
                        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(count)
                        let data = p + 1 + id + 9
                        for k in 0..<(count * size) { h = (h ^ UInt64(base.u8(data + k))) &* 0x100_0000_01b3 }
                        groups[h, default: []].append(s)
                    }
                    node += 1
                default: break
                }
                p += len
            }
            model.file.release(slice.start..<slice.end)
        }
        var out: [DuplicateString] = []
        for (_, strings) in groups where strings.count >= minCopies {
            let first = strings[0]
            let array = g.successors(first).map(Edge.target).first { model.isPrimitiveArrayClass(g.classOf[Int($0)]) }
            let each = g.shallowSize(first) + (array.map { g.shallowSize($0) } ?? 0)
            out.append(DuplicateString(value: model.stringValue(first) ?? "?", copies: strings.count,
                                       wastedBytes: each * UInt64(strings.count - 1), example: first))
        }
        out.sort { $0.wastedBytes != $1.wastedBytes ? $0.wastedBytes > $1.wastedBytes : $0.value < $1.value }
        return Array(out.prefix(limit))
    }

    /// Fill ratio of the common collections (size against the length of the backing array), over at most
    /// `sample` instances of each class, biggest retained first.
    public func collectionFill(sample: Int = 2000) -> [CollectionFill] {
        let g = index.graph
        let kinds: [(String, String, String)] = [("java.util.HashMap", "size", "table"),
                                                 ("java.util.LinkedHashMap", "size", "table"),
                                                 ("java.util.concurrent.ConcurrentHashMap", "baseCount", "table"),
                                                 ("java.util.ArrayList", "size", "elementData"),
                                                 ("java.util.Hashtable", "count", "table")]
        var out: [CollectionFill] = []
        for (name, sizeField, arrayField) in kinds {
            guard let c = g.classes.names.firstIndex(of: name).map({ UInt32($0) }) else { continue }
            var instances: [UInt32] = []
            for v in 1..<g.nodeCount where g.classOf[v] == c && index.tree.isReachable(UInt32(v)) {
                instances.append(UInt32(v))
            }
            let picked = TopK.select(instances, limit: sample) { a, b in
                index.tree.retained[Int(a)] != index.tree.retained[Int(b)]
                    ? index.tree.retained[Int(a)] > index.tree.retained[Int(b)] : a < b
            }
            var under = 0
            var wasted: UInt64 = 0
            for v in picked {
                let fs = model.fields(of: v, limit: 64)
                let size = fs.first { $0.name == sizeField }.flatMap { Int($0.value) } ?? 0
                guard let arr = fs.first(where: { $0.name == arrayField })?.target,
                      case .objectArray(let offset)? = model.record(of: arr) else {
                    continue
                }
                let capacity = Int(model.file.base.u32be(offset + 1 + model.idSize + 4))
                if capacity > 0 && size * 4 < capacity { under += 1 }
                if capacity > size { wasted += UInt64(capacity - size) * UInt64(model.sizes.referenceSize) }
            }
            out.append(CollectionFill(className: name, instances: instances.count, underFilled: under,
                                      wastedBytes: wasted))
        }
        return out.filter { $0.instances > 0 }
    }
}
