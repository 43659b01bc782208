import DumpInput
import HeapGraph

/// Reads single objects back from the mapped dump on demand: fields and values, reference names, string contents.
/// It keeps only small tables (classes, names, slice starts, every 64th object's offset), not per-object offsets: an
/// object is found by its slice and checkpoint, then by stepping over at most 63 object records.
final class HprofObjectModel: GraphDetails, Sendable {
    let file: MappedFile
    let idSize: Int
    let classes: ClassModel
    let classOffsets: [Int]
    let classLoaderIDs: [UInt64]
    let slices: [HeapSlice]
    let checkpoints: RecordCheckpoints
    let utf8: [UInt64: (offset: Int, length: Int)]
    let sizes: ShallowSizeModel
    let graph: HeapGraph
    private let stringClass: UInt32?
    /// Where java.lang.String keeps its text (nil: the dump has no String class with a `value` field).
    let stringLayout: JavaStringLayout?
    private let fieldNameCache: [UInt64: String]
    /// Thread serial → the id of its java.lang.Thread object (the first record for a serial).
    private let threadObjectIDs: [UInt32: UInt64]
    /// Per class: whether its objects have a preview (arrays, String, the boxed primitives). The others skip the
    /// record lookup (before the checkpoints it stepped over up to a slice of records: a list of 2,000 rows was
    /// 85 ms of `/` typing).
    private let hasPreview: [Bool]

    init(scan: HprofScan, checkpoints: RecordCheckpoints, classes: ClassModel, sizes: ShallowSizeModel,
         graph: HeapGraph) {
        file = scan.file
        idSize = scan.header.idSize
        self.classes = classes
        classOffsets = scan.classes.map(\.offset)
        classLoaderIDs = scan.classes.map(\.loaderID)
        slices = scan.slices
        self.checkpoints = checkpoints
        utf8 = scan.utf8
        self.sizes = sizes
        self.graph = graph
        stringClass = classes.names.firstIndex(of: "java.lang.String").map { UInt32($0) }
        var names: [UInt64: String] = [:]
        for fields in classes.ownFields {
            for f in fields where names[f.nameID] == nil { names[f.nameID] = scan.string(f.nameID) ?? "?" }
        }
        fieldNameCache = names
        stringLayout = classes.names.firstIndex(of: "java.lang.String").flatMap { c in
            JavaStringLayout(classes: classes, classIndex: Int(c), idSize: scan.header.idSize) { names[$0] ?? "?" }
        }
        let boxed: Set<String> = ["Integer", "Long", "Short", "Byte", "Character", "Boolean", "Float", "Double"]
        hasPreview = classes.names.map { name in
            name.hasSuffix("]") || name == "java.lang.String"
                || (name.hasPrefix("java.lang.") && boxed.contains(String(name.dropFirst(10))))
        }
        threadObjectIDs = Dictionary(scan.threadObjects.map { ($0.threadSerial, $0.objectID) },
                                     uniquingKeysWith: { a, _ in a })
    }

    /// The thread's `name` field (`main`), or `thread 5` when its object or name is not in the dump.
    func threadName(_ serial: UInt32) -> String? {
        guard let id = threadObjectIDs[serial] else { return nil }
        return JavaThread.name(serial: serial, node: graph.node(forID: id), model: self)
    }

    // MARK: Locating records

    enum Record {
        case classDump(index: Int, offset: Int)
        case instance(offset: Int)
        case objectArray(offset: Int)
        case primitiveArray(offset: Int)
    }

    func isClassObject(_ node: UInt32) -> Bool { node >= 1 && Int(node) <= classes.recordCount }

    /// Whether a class index names a primitive array type (`byte[]`, `char[]`, …).
    func isPrimitiveArrayClass(_ c: UInt32) -> Bool { classes.primitiveArrayClass.contains(c) }

    /// Per CLASS_DUMP: the id of its defining loader (0 = bootstrap).
    var loaderIDs: [UInt64] { classLoaderIDs }

    /// The record of `node`: a class object's CLASS_DUMP from its table, an object's record stepped to from the
    /// checkpoint at or before it (at most 63 object records).
    func record(of node: UInt32) -> Record? {
        let firstObject = 1 + classes.recordCount
        return record(of: node) {
            checkpoints.locate(ordinal: $0, slices: slices, base: file.base, idSize: idSize) { k in
                graph.objectIDs[firstObject + k]
            }
        }
    }

    /// As `record(of:)`, stepping from the start of the object's slice as before the checkpoints (the benchmark's
    /// baseline, `hdx lookups --baseline`).
    func recordBySliceWalk(of node: UInt32) -> Record? {
        record(of: node) {
            RecordCheckpoints.locateBySliceWalk(ordinal: $0, slices: slices, base: file.base, idSize: idSize)
        }
    }

    private func record(of node: UInt32, locate: (Int) -> (offset: Int, tag: UInt8)?) -> Record? {
        guard node != 0, Int(node) < graph.nodeCount else { return nil }
        if isClassObject(node) {
            let k = Int(node) - 1
            return .classDump(index: k, offset: classOffsets[k])
        }
        guard let (p, tag) = locate(Int(node) - 1 - classes.recordCount) else { return nil }
        switch tag {
        case HeapTag.instanceDump: return .instance(offset: p)
        case HeapTag.objArrayDump: return .objectArray(offset: p)
        default: return .primitiveArray(offset: p)
        }
    }

    func fieldName(_ id: UInt64) -> String {
        if let s = fieldNameCache[id] { return s }
        guard let r = utf8[id] else { return "?" }
        return String(decoding: UnsafeRawBufferPointer(start: file.base + r.offset, count: r.length), as: UTF8.self)
    }

    // MARK: GraphDetails

    func idString(_ node: UInt32) -> String {
        node == 0 ? "<root>" : "0x" + String(graph.objectIDs[Int(node)], radix: 16)
    }

    func node(forIDString text: String) -> UInt32? {
        var t = text.trimmingCharacters(in: " \t")
        if t.hasPrefix("@") { t.removeFirst() }
        let value: UInt64?
        if t.lowercased().hasPrefix("0x") { value = UInt64(t.dropFirst(2), radix: 16) } else { value = UInt64(t) }
        guard let v = value else { return nil }
        return graph.node(forID: v)
    }

    func displayClassName(_ node: UInt32) -> String {
        if isClassObject(node) { return "class " + classes.names[Int(node) - 1] }
        return graph.className(node)
    }

    func referenceName(from source: UInt32, to target: UInt32) -> String? {
        if source == HeapGraph.superRoot { return nil }
        let wanted = graph.objectIDs[Int(target)]
        let base = file.base
        let id = idSize
        // Arrays and instances compare raw ids in place: naming one element of a 2-million-slot array must not
        // decode the other slots.
        switch record(of: source) {
        case .objectArray(let offset)?:
            if isClassObject(target), base.idbe(offset + 1 + id + 8, size: id) == wanted { return "<class>" }
            let length = Int(base.u32be(offset + 1 + id + 4))
            let data = offset + 1 + 2 * id + 8
            for e in 0..<length where base.idbe(data + e * id, size: id) == wanted { return "[\(e)]" }
            return nil
        case .instance(let offset)?:
            if base.idbe(offset + 1 + id + 4, size: id) == wanted { return "<class>" }
            var name: String?
            forEachField(ofInstanceAt: offset) { f, at in
                guard f.type == BasicType.object, base.idbe(at, size: id) == wanted else { return true }
                name = fieldName(f.nameID)
                return false
            }
            return name
        default:
            return fields(of: source, limit: Int.max).first { $0.target == target }?.name
        }
    }

    func fields(of node: UInt32) -> [FieldValue] { fields(of: node, limit: 10_000) }

    /// Fields (instances), statics and links (classes), elements (arrays; at most `limit`).
    func fields(of node: UInt32, limit: Int) -> [FieldValue] {
        guard let rec = record(of: node) else { return [] }
        let base = file.base
        let id = idSize
        var out: [FieldValue] = []
        func ref(_ name: String, _ value: UInt64, type: String = "Object") {
            if value == 0 {
                out.append(FieldValue(name: name, type: type, value: "null"))
            } else {
                let t = graph.node(forID: value)
                out.append(FieldValue(name: name, type: type, value: "0x" + String(value, radix: 16), target: t))
            }
        }
        switch rec {
        case .classDump(_, let offset):
            let r = offset + 1
            ref("<super>", base.idbe(r + id + 4, size: id))
            ref("<classloader>", base.idbe(r + 2 * id + 4, size: id))
            let signers = base.idbe(r + 3 * id + 4, size: id)
            if signers != 0 { ref("<signers>", signers) }
            let domain = base.idbe(r + 4 * id + 4, size: id)
            if domain != 0 { ref("<protection domain>", domain) }
            let body = ClassDumpBody(base: base, offset: offset, idSize: id)
            for v in body.statics {
                let name = fieldName(v.nameID)
                if v.type == BasicType.object { ref(name, base.idbe(v.offset, size: id)) }
                else { out.append(FieldValue(name: name, type: BasicType.javaName(v.type),
                                             value: primitive(v.type, at: v.offset))) }
            }
            for v in body.constantPool where v.type == BasicType.object {
                ref("<constant pool #\(v.nameID)>", base.idbe(v.offset, size: id))
            }
        case .instance(let offset):
            let classID = base.idbe(offset + 1 + id + 4, size: id)
            if let t = graph.node(forID: classID) {
                out.append(FieldValue(name: "<class>", type: "Class", value: "0x" + String(classID, radix: 16), target: t))
            }
            forEachField(ofInstanceAt: offset) { f, at in
                let name = fieldName(f.nameID)
                if f.type == BasicType.object { ref(name, base.idbe(at, size: id)) }
                else { out.append(FieldValue(name: name, type: BasicType.javaName(f.type), value: primitive(f.type, at: at))) }
                return true
            }
        case .objectArray(let offset):
            let length = Int(base.u32be(offset + 1 + id + 4))
            let classID = base.idbe(offset + 1 + id + 8, size: id)
            if let t = graph.node(forID: classID) {
                out.append(FieldValue(name: "<class>", type: "Class", value: "0x" + String(classID, radix: 16), target: t))
            }
            let data = offset + 1 + 2 * id + 8
            for e in 0..<min(length, limit) { ref("[\(e)]", base.idbe(data + e * id, size: id)) }
        case .primitiveArray(let offset):
            let length = Int(base.u32be(offset + 1 + id + 4))
            let type = base.u8(offset + 1 + id + 8)
            if let t = graph.successors(node).first {
                out.append(FieldValue(name: "<class>", type: "Class", value: idString(Edge.target(t)), target: Edge.target(t)))
            }
            let size = BasicType.size(type, idSize: id)
            let data = offset + 1 + id + 9
            // PRIM_ARRAY_NODATA has no payload.
            if base.u8(offset) == HeapTag.primArrayDump && size > 0 {
                for e in 0..<min(length, limit) {
                    out.append(FieldValue(name: "[\(e)]", type: BasicType.javaName(type),
                                          value: primitive(type, at: data + e * size)))
                }
            }
        }
        return out
    }

    /// Visits the fields of the INSTANCE_DUMP at `offset` in dump order (the class's own fields, then its
    /// superclass's, up to java.lang.Object) with the file offset of each value, while `body` returns true and the
    /// values fit in the record.
    func forEachField(ofInstanceAt offset: Int, _ body: (ClassDumpBody.Field, Int) -> Bool) {
        let base = file.base
        let id = idSize
        guard let k = classes.indexByID.value(of: base.idbe(offset + 1 + id + 4, size: id)) else { return }
        let dataSize = Int(base.u32be(offset + 1 + 2 * id + 4))
        let data = offset + 1 + 2 * id + 8
        var at = 0
        var c = Int(k)
        var steps = 0
        while c >= 0 && steps <= classes.recordCount {
            for f in classes.ownFields[c] {
                let size = BasicType.size(f.type, idSize: id)
                guard at + size <= dataSize, body(f, data + at) else { return }
                at += size
            }
            c = Int(classes.superIndex[c])
            steps += 1
        }
    }

    func primitive(_ type: UInt8, at p: Int) -> String {
        let base = file.base
        switch type {
        case BasicType.boolean: return base.u8(p) != 0 ? "true" : "false"
        case BasicType.byte: return String(Int8(bitPattern: base.u8(p)))
        case BasicType.char:
            let v = base.u16be(p)
            if let s = Unicode.Scalar(UInt32(v)), v >= 0x20 && v < 0x7f { return "'\(Character(s))'" }
            return "\\u" + String(v, radix: 16)
        case BasicType.short: return String(Int16(bitPattern: base.u16be(p)))
        case BasicType.int: return String(Int32(bitPattern: base.u32be(p)))
        case BasicType.long: return String(Int64(bitPattern: base.u64be(p)))
        case BasicType.float: return String(Float(bitPattern: base.u32be(p)))
        case BasicType.double: return String(Double(bitPattern: base.u64be(p)))
        default: return "?"
        }
    }

    func preview(_ node: UInt32) -> String? {
        guard node != 0, Int(node) < graph.nodeCount, !isClassObject(node) else { return nil }
        let c = Int(graph.classOf[Int(node)])
        guard c < hasPreview.count, hasPreview[c], let rec = record(of: node) else { return nil }
        switch rec {
        case .classDump: return nil
        case .objectArray(let offset):
            return "length \(file.base.u32be(offset + 1 + idSize + 4))"
        case .primitiveArray(let offset):
            return "length \(file.base.u32be(offset + 1 + idSize + 4))"
        case .instance(let offset):
            if graph.classOf[Int(node)] == stringClass, let s = stringValue(record: offset) {
                return "\"" + String(s.prefix(200)) + (s.count > 200 ? "…" : "") + "\""
            }
            let name = graph.className(node)
            if name.hasPrefix("java.lang."), ["Integer", "Long", "Short", "Byte", "Character", "Boolean", "Float",
                                               "Double"].contains(String(name.dropFirst(10))) {
                return fields(of: node, limit: 16).first { $0.name == "value" }?.value
            }
            return nil
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}
