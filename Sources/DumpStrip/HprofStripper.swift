import DumpInput

/// `hdx strip` for HPROF: a copy with every primitive value zeroed — primitive-array contents (so every String's
/// characters), primitive instance fields, primitive static fields and constant-pool values — and everything else
/// kept byte for byte: ids, classes, field names, references, array lengths, roots, threads, stack frames and every
/// record length, so offsets are unchanged. With `--names`, class, field, method and source-file names of classes
/// outside the JDK (`java.*`, `javax.*`, `jdk.*`, `sun.*`, `com.sun.*`) become pseudonyms (`C…`, `f…`, `m…`, `S…`);
/// only those UTF8 records change length.
///
/// Two sequential passes over the mapped input: the first learns the instance-field layout of every class (and,
/// with `--names`, which names belong to what), the second writes the output in file order through a buffered sink.
public struct HprofStripper {
    let file: MappedFile
    let options: StripOptions
    let base: UnsafeRawPointer
    let end: Int
    var idSize = 8
    var headerEnd = 0

    // Pass 1: class layouts.
    struct ClassInfo {
        var superId: UInt64
        var fieldStart: Int
        var fieldCount: Int
    }
    var classes: [UInt64: ClassInfo] = [:]
    var fieldTypes: [UInt8] = []
    var fieldNames: [UInt64] = []
    var layouts: [UInt64: [Int]?] = [:]

    // Pass 1 with --names: who uses which UTF8 record.
    var utf8Ranges: [UInt64: (Int, Int)] = [:]
    var classNameOfSerial: [UInt32: UInt64] = [:]
    var classNameOfObject: [UInt64: UInt64] = [:]
    var classNameIDs: Set<UInt64> = []
    var jdkNameIDs: Set<UInt64> = []
    var userFieldIDs: Set<UInt64> = []
    var userMethodIDs: Set<UInt64> = []
    var userSourceIDs: Set<UInt64> = []
    var signatureIDs: Set<UInt64> = []
    var pendingFieldNames: [(classId: UInt64, nameId: UInt64)] = []

    var result = StripResult(format: "hprof")
    var primitiveArrays = 0, primitiveArrayBytes = 0, instanceFieldBytes = 0
    var staticValues = 0, constantPoolValues = 0, unknownLayouts = 0, droppedRecords = 0

    public init(file: MappedFile, options: StripOptions) {
        self.file = file
        self.options = options
        base = file.base
        end = file.count
    }

    func fail(_ offset: Int, _ what: String) -> DumpError { DumpError(file: file.path, offset: offset, what) }

    func need(_ offset: Int, _ count: Int, _ what: String) throws(DumpError) {
        if count < 0 || offset > end - count { throw fail(offset, "expected \(what), found the end of the file") }
    }

    func id(_ offset: Int) -> UInt64 { base.idbe(offset, size: idSize) }

    func typeSize(_ type: UInt8, at offset: Int) throws(DumpError) -> Int {
        switch type {
        case 1, 2: return idSize
        case 4, 8: return 1
        case 5, 9: return 2
        case 6, 10: return 4
        case 7, 11: return 8
        default: throw fail(offset, "expected a basic type code (2, 4…11), found \(type)")
        }
    }

    public static func strip(_ file: MappedFile, to sink: OutputSink, options: StripOptions) throws -> StripResult {
        var s = HprofStripper(file: file, options: options)
        try s.readHeader()
        try s.firstPass()
        file.releaseAll()
        try s.secondPass(sink)
        file.releaseAll()
        return s.result
    }

    mutating func readHeader() throws(DumpError) {
        var i = 0
        while i < end && base.u8(i) != 0 && i < 64 { i += 1 }
        guard i < end, base.u8(i) == 0, i >= 10,
              String(decoding: UnsafeRawBufferPointer(start: base, count: 12), as: UTF8.self) == "JAVA PROFILE" else {
            throw fail(0, "expected the HPROF header \"JAVA PROFILE 1.0.x\"")
        }
        try need(i + 1, 12, "the identifier size and timestamp")
        let size = Int(base.u32be(i + 1))
        guard size == 4 || size == 8 else { throw fail(i + 1, "expected an identifier size of 4 or 8, found \(size)") }
        idSize = size
        headerEnd = i + 13
    }

    /// Calls `body(tag, recordStart, bodyStart, bodyLength)` for every top-level record.
    /// Pages already read leave the resident set every 16 MiB (the kernel keeps them in its page cache).
    func forEachRecord(_ body: (UInt8, Int, Int, Int) throws -> Void) throws {
        var p = headerEnd
        var released = 0
        while p < end {
            if p - released > 16 << 20 {
                file.release(released..<p)
                released = p
            }
            try need(p, 9, "a record header (tag, time, length)")
            let tag = base.u8(p)
            let length = Int(base.u32be(p + 5))
            try need(p + 9, length, "\(length) bytes of record 0x\(String(tag, radix: 16))")
            try body(tag, p, p + 9, length)
            p += 9 + length
        }
    }

    // MARK: pass 1

    mutating func firstPass() throws {
        try forEachRecord { tag, _, body, length in
            switch tag {
            case 0x01:
                try need(body, idSize, "a UTF8 record's id")
                utf8Ranges[id(body)] = (body + idSize, length - idSize)
            case 0x02:
                try need(body, 8 + 2 * idSize, "a LOAD_CLASS record")
                let serial = base.u32be(body), obj = id(body + 4), name = id(body + 8 + idSize)
                classNameOfSerial[serial] = name
                classNameOfObject[obj] = name
                classNameIDs.insert(name)
            case 0x04:
                try need(body, 4 * idSize + 8, "a FRAME record")
                let method = id(body + idSize), sig = id(body + 2 * idSize), source = id(body + 3 * idSize)
                let serial = base.u32be(body + 4 * idSize)
                signatureIDs.insert(sig)
                if let n = classNameOfSerial[serial], isJDK(nameId: n) {
                    jdkNameIDs.insert(method)
                    jdkNameIDs.insert(source)
                } else {
                    userMethodIDs.insert(method)
                    userSourceIDs.insert(source)
                }
            case 0x0C, 0x1C:
                try walkSubRecords(body, body + length, write: nil)
            default: break
            }
        }
        for (cls, name) in pendingFieldNames {
            if let n = classNameOfObject[cls], isJDK(nameId: n) { jdkNameIDs.insert(name) } else { userFieldIDs.insert(name) }
        }
        pendingFieldNames = []
    }

    // MARK: sub-records (both passes)

    /// Walks the sub-records of one heap-dump record; with a sink, writes each one sanitized.
    mutating func walkSubRecords(_ start: Int, _ stop: Int, write sink: OutputSink?) throws {
        var p = start
        let id = idSize
        while p < stop {
            let tag = base.u8(p)
            func fixed(_ n: Int) throws -> Int {
                try need(p, n, "sub-record 0x\(String(tag, radix: 16))")
                guard p + n <= stop else { throw fail(p, "expected sub-record 0x\(String(tag, radix: 16)) to end inside its heap-dump record") }
                return n
            }
            var length: Int
            switch tag {
            case 0xFF, 0x05, 0x07, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x90: length = try fixed(1 + id)
            case 0x01: length = try fixed(1 + 2 * id)
            case 0x02, 0x03, 0x8E: length = try fixed(1 + id + 8)
            case 0x04, 0x06: length = try fixed(1 + id + 4)
            case 0x08: length = try fixed(1 + id + 8)
            case 0xFE: length = try fixed(1 + 4 + id)
            case 0x20:
                p += try classDump(at: p, stop: stop, write: sink)
                continue
            case 0x21:
                _ = try fixed(1 + 2 * id + 8)
                let n = Int(base.u32be(p + 1 + 2 * id + 4))
                length = try fixed(1 + 2 * id + 8 + n)
                if let sink {
                    let head = 1 + 2 * id + 8
                    try sink.write(base + p, head)
                    try instanceBody(classId: self.id(p + 1 + id + 4), at: p + head, count: n, sink: sink)
                    p += length
                    continue
                }
            case 0x22:
                _ = try fixed(1 + 2 * id + 8)
                let n = Int(base.u32be(p + 1 + id + 4))
                length = try fixed(1 + 2 * id + 8 + n * id)
            case 0x23:
                _ = try fixed(2 + id + 8)
                let n = Int(base.u32be(p + 1 + id + 4))
                let elem = try typeSize(base.u8(p + 1 + id + 8), at: p + 1 + id + 8)
                if base.u8(p + 1 + id + 8) == 2 { throw fail(p + 1 + id + 8, "expected a primitive element type") }
                length = try fixed(2 + id + 8 + n * elem)
                if let sink {
                    try sink.write(base + p, 2 + id + 8)
                    try sink.writeZeros(n * elem)
                    primitiveArrays += 1
                    primitiveArrayBytes += n * elem
                    p += length
                    continue
                }
            case 0xC3: length = try fixed(2 + id + 8)
            default:
                throw fail(p, "expected a heap-dump sub-record tag, found 0x\(String(tag, radix: 16))")
            }
            if let sink { try sink.write(base + p, length) }
            p += length
        }
    }

    /// CLASS_DUMP: pass 1 records the layout (and field names); pass 2 writes it with primitive constant-pool and
    /// static values zeroed. Returns the sub-record's length.
    mutating func classDump(at p: Int, stop: Int, write sink: OutputSink?) throws -> Int {
        let id = idSize
        var q = p + 1
        try need(q, 7 * id + 8 + 2, "a CLASS_DUMP header")
        let classId = self.id(q)
        let superId = self.id(q + id + 4)
        q += 7 * id + 8
        var zeros: [Int] = []
        // JDK classes keep their primitive statics and constants: VM configuration (field offsets, flags) that
        // peers such as VisualVM read to model object sizes, not application data.
        let keepStatics = sink != nil && (classNameOfObject[classId].map { isJDK(nameId: $0) } ?? false)
        let nConst = Int(base.u16be(q)); q += 2
        for _ in 0..<nConst {
            try need(q, 3, "a constant-pool entry")
            let size = try typeSize(base.u8(q + 2), at: q + 2)
            try need(q + 3, size, "a constant-pool value")
            if base.u8(q + 2) != 2 && !keepStatics { zeros.append(q + 3); zeros.append(size); constantPoolValues += sink == nil ? 0 : 1 }
            q += 3 + size
        }
        try need(q, 2, "the static field count")
        let nStatic = Int(base.u16be(q)); q += 2
        for _ in 0..<nStatic {
            try need(q, id + 1, "a static field")
            let type = base.u8(q + id)
            let size = try typeSize(type, at: q + id)
            try need(q + id + 1, size, "a static field value")
            if sink == nil { pendingFieldNames.append((classId, self.id(q))) }
            if type != 2 && type != 1 && !keepStatics { zeros.append(q + id + 1); zeros.append(size); staticValues += sink == nil ? 0 : 1 }
            q += id + 1 + size
        }
        try need(q, 2, "the instance field count")
        let nFields = Int(base.u16be(q)); q += 2
        try need(q, nFields * (id + 1), "\(nFields) instance field descriptors")
        let fieldStart = fieldTypes.count
        for i in 0..<nFields {
            let t = base.u8(q + i * (id + 1) + id)
            _ = try typeSize(t, at: q + i * (id + 1) + id)
            if sink == nil {
                fieldTypes.append(t)
                fieldNames.append(self.id(q + i * (id + 1)))
                pendingFieldNames.append((classId, self.id(q + i * (id + 1))))
            }
        }
        q += nFields * (id + 1)
        guard q <= stop else { throw fail(p, "expected the CLASS_DUMP to end inside its heap-dump record") }
        if let sink {
            try writeMasked(sink, from: p, count: q - p, zeros: zeros)
        } else {
            classes[classId] = ClassInfo(superId: superId, fieldStart: fieldStart, fieldCount: nFields)
        }
        return q - p
    }

    /// Copies `count` bytes from `from`, writing zeros over the (offset, length) pairs in `zeros` (absolute offsets).
    func writeMasked(_ sink: OutputSink, from: Int, count: Int, zeros: [Int]) throws {
        var pos = from
        var i = 0
        while i < zeros.count {
            let s = zeros[i], n = zeros[i + 1]
            if s > pos { try sink.write(base + pos, s - pos) }
            try sink.writeZeros(n)
            pos = s + n
            i += 2
        }
        if from + count > pos { try sink.write(base + pos, from + count - pos) }
    }

    /// Primitive byte ranges (offset, length pairs, relative, merged) of an instance of `classId`, or nil when the
    /// class chain is not in the dump.
    mutating func layout(of classId: UInt64) -> [Int]? {
        if let cached = layouts[classId] { return cached }
        var ranges: [Int] = []
        var offset = 0
        var c = classId
        var depth = 0
        var ok = true
        while c != 0 {
            guard let info = classes[c], depth < 4096 else { ok = false; break }
            let kept = classNameOfObject[c].flatMap { text($0) }.flatMap { HprofStripper.structuralFields[$0] } ?? []
            for i in info.fieldStart..<(info.fieldStart + info.fieldCount) {
                let t = fieldTypes[i]
                let size: Int
                switch t {
                case 1, 2: size = idSize
                case 4, 8: size = 1
                case 5, 9: size = 2
                case 6, 10: size = 4
                default: size = 8
                }
                if t != 1 && t != 2 && (kept.isEmpty || !kept.contains(text(fieldNames[i]) ?? "")) {
                    if let last = ranges.last, ranges[ranges.count - 2] + last == offset { ranges[ranges.count - 1] += size }
                    else { ranges.append(offset); ranges.append(size) }
                }
                offset += size
            }
            c = info.superId
            depth += 1
        }
        let value: [Int]? = ok ? ranges + [offset] : nil   // last element: the expected total size
        layouts[classId] = value
        return value
    }

    mutating func instanceBody(classId: UInt64, at p: Int, count: Int, sink: OutputSink) throws {
        guard var ranges = layout(of: classId), ranges.removeLast() == count else {
            // Unknown layout: references cannot be told from values, so nothing of it is kept.
            unknownLayouts += 1
            instanceFieldBytes += count
            try sink.writeZeros(count)
            return
        }
        var abs: [Int] = []
        abs.reserveCapacity(ranges.count)
        var i = 0
        while i < ranges.count {
            abs.append(p + ranges[i]); abs.append(ranges[i + 1])
            instanceFieldBytes += ranges[i + 1]
            i += 2
        }
        try writeMasked(sink, from: p, count: count, zeros: abs)
    }

    // MARK: pass 2

    mutating func secondPass(_ sink: OutputSink) throws {
        let renames = try nameReplacements()
        try sink.write(base, headerEnd)
        try forEachRecord { tag, start, body, length in
            switch tag {
            case 0x01:
                let nameId = id(body)
                if let new = renames[nameId] {
                    try sink.write(base + start, 5)
                    try sink.u32be(UInt32(idSize + new.count))
                    try sink.write(base + body, idSize)
                    try sink.write(new)
                } else {
                    try sink.write(base + start, 9 + length)
                }
            case 0x0C, 0x1C:
                try sink.write(base + start, 9)
                try walkSubRecords(body, body + length, write: sink)
            case 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0A, 0x0B, 0x0D, 0x0E, 0x2C:
                try sink.write(base + start, 9 + length)
            default:
                droppedRecords += 1   // unknown content could hold anything: left out
            }
        }
        result.counts = [
            ("primitiveArraysZeroed", primitiveArrays), ("primitiveArrayBytesZeroed", primitiveArrayBytes),
            ("instanceFieldBytesZeroed", instanceFieldBytes), ("staticValuesZeroed", staticValues),
            ("constantPoolValuesZeroed", constantPoolValues), ("symbolsOverwritten", symbolsFilled),
            ("namesReplaced", renames.count - symbolsFilled),
        ]
        if unknownLayouts > 0 {
            result.warnings.append("\(unknownLayouts) instances of classes without a CLASS_DUMP were zeroed entirely")
        }
        if droppedRecords > 0 { result.warnings.append("\(droppedRecords) records of unknown kind were left out") }
        result.bytesWritten = sink.written
    }

    // MARK: --names

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

    var symbolsFilled = 0
}

extension Substring {
    fileprivate func replacingOccurrences(of a: Character, with b: Character) -> String {
        String(map { $0 == a ? b : $0 })
    }
}
