import DumpInput
import HeapGraph

/// Everything per class that decoding objects needs: source-form names, superclass links, the flattened instance
/// layout (where the references are, which one is a weak `referent`), shallow sizes, and the class index by id.
struct ClassModel: Sendable {
    /// Per class index: name in source form. Indices `0..<recordCount` are CLASS_DUMP classes (node = index + 1);
    /// later ones are synthetic (primitive arrays without a CLASS_DUMP, unknown classes).
    var names: [String]
    let recordCount: Int
    var superIndex: [Int32]
    var ownFields: [[ClassDumpBody.Field]]
    /// CSR of the byte offsets of reference fields within an instance's field data, over the whole class chain.
    var refStart: [Int32]
    var refOffsets: [Int32]
    /// Offset of `java.lang.ref.Reference.referent` in the instance data, -1 if the class is no Reference.
    var weakOffset: [Int32]
    /// -1 when the class's references are all in its `refOffsets` range (every class of a real dump). Otherwise (a
    /// hierarchy too deep to flatten) the range holds only its own references, which come first in the instance
    /// data; the rest are found by moving `ownDataBytes` further and continuing at class `walkNext`.
    var walkNext: [Int32]
    var ownDataBytes: [Int32]
    /// References a flattened layout may hold (see `walkNext`).
    static let flatLimit = 1024
    /// Bytes of field data an instance carries in the dump (whole chain).
    var instanceDataSize: [Int32]
    var instanceShallow: [UInt32]
    /// Shallow size of the class object itself (header plus static fields).
    var classObjectShallow: [UInt32]
    /// Per class index, over the whole class chain: bytes of primitive fields and the number of reference fields.
    var primitiveFieldBytes: [Int32]
    var referenceFieldCount: [Int32]
    /// Per CLASS_DUMP: the sizes of its real static fields (`0` for a reference; `<resolved_references>` and
    /// other `<…>` entries the dumper adds are left out: they do not live in the class mirror).
    var staticFieldSizes: [[UInt8]]
    /// Per class index: element size of a primitive array class, 0 for any other class.
    var primitiveElementSize: [UInt8]
    var indexByID: IDTable
    /// Class index of the primitive array type for each HPROF basic type code (0...11).
    var primitiveArrayClass: [UInt32]
    var javaLangClass: UInt32
    var unknownClass: UInt32
    var classIDs: [UInt64]

    /// CLASS_DUMP instance sizes as the dump gives them (real sizes only in GraalVM dumps).
    let scanInstanceSizes: [UInt32]

    init(scan: HprofScan, sizes: ShallowSizeModel) {
        let id = scan.header.idSize
        let records = scan.classes
        recordCount = records.count
        scanInstanceSizes = records.map(\.instanceSize)
        classIDs = records.map(\.id)
        var byID = IDTable(capacity: records.count + 16)
        names = []
        names.reserveCapacity(records.count + 12)
        for (k, c) in records.enumerated() {
            byID.insert(c.id, UInt32(k))
            let raw = scan.classNameIDs[c.id].flatMap { scan.string($0) }
            names.append(raw.map(JavaNames.sourceForm) ?? "class@0x\(String(c.id, radix: 16))")
        }
        indexByID = byID
        superIndex = records.map { c in
            c.superID == 0 ? -1 : (byID.value(of: c.superID).map { Int32($0) } ?? -1)
        }
        (ownFields, staticFieldSizes) = ClassModel.fields(scan)
        // Which class is java.lang.ref.Reference, and the name id of its `referent` field.
        let referenceIndex = names.firstIndex(of: "java.lang.ref.Reference")
            ?? names.firstIndex(of: "com.oracle.svm.core.heap.DiscoverableReference")
            ?? names.firstIndex(of: "com.oracle.svm.core.heapImpl.DiscoverableReference")
        var referentNameID: UInt64?
        if let r = referenceIndex {
            referentNameID = ownFields[r].first { scan.string($0.nameID) == "referent" && $0.type == BasicType.object }?.nameID
        }
        let flat = FlatLayout(own: ownFields, superIndex: superIndex, idSize: id,
                              reference: referenceIndex.map { ($0, referentNameID) })
        walkNext = flat.walkNext
        ownDataBytes = flat.ownBytes.map { Int32(clamping: $0) }
        refStart = flat.refStart
        refOffsets = flat.refOffsets
        weakOffset = flat.weakOffset
        instanceDataSize = flat.dataSize
        primitiveFieldBytes = flat.primitiveBytes.map { Int32(clamping: $0) }
        referenceFieldCount = flat.referenceCount.map { Int32(clamping: $0) }
        instanceShallow = []
        classObjectShallow = []

        // Synthetic classes: primitive arrays without a CLASS_DUMP, java.lang.Class, unknown classes.
        let synthetic = ClassModel.syntheticClasses(&names)
        primitiveArrayClass = synthetic.primitiveArrays
        javaLangClass = synthetic.javaLangClass
        unknownClass = synthetic.unknown
        let extra = names.count - records.count
        superIndex += Array(repeating: -1, count: extra)
        ownFields += Array(repeating: [], count: extra)
        for _ in 0..<extra { refStart.append(Int32(refOffsets.count)) }
        weakOffset += Array(repeating: -1, count: extra)
        walkNext += Array(repeating: -1, count: extra)
        ownDataBytes += Array(repeating: 0, count: extra)
        instanceDataSize += Array(repeating: 0, count: extra)
        primitiveFieldBytes += Array(repeating: 0, count: extra)
        referenceFieldCount += Array(repeating: 0, count: extra)
        primitiveElementSize = Array(repeating: 0, count: names.count)
        for t in 4...11 where t != Int(BasicType.object) {
            let k = Int(primitiveArrayClass[t])
            if k < names.count && k != Int(unknownClass) { primitiveElementSize[k] = UInt8(BasicType.size(UInt8(t), idSize: id)) }
        }
        setSizes(sizes, measured: nil)
    }

    /// Per CLASS_DUMP: its own instance fields, and the sizes of its real static fields.
    private static func fields(_ scan: HprofScan) -> (own: [[ClassDumpBody.Field]], statics: [[UInt8]]) {
        let id = scan.header.idSize
        var own: [[ClassDumpBody.Field]] = []
        var statics: [[UInt8]] = []
        own.reserveCapacity(scan.classes.count)
        for c in scan.classes {
            let body = ClassDumpBody(base: scan.file.base, offset: c.offset, idSize: id)
            own.append(body.fields)
            statics.append(body.statics.compactMap { v in
                scan.string(v.nameID).map { $0.hasPrefix("<") } == true ? nil
                    : (v.type == BasicType.object ? 0 : UInt8(BasicType.size(v.type, idSize: id)))
            })
        }
        return (own, statics)
    }

    /// Appends the classes a dump may lack a CLASS_DUMP for: primitive arrays, java.lang.Class, the unknown class.
    private static func syntheticClasses(_ names: inout [String])
        -> (primitiveArrays: [UInt32], javaLangClass: UInt32, unknown: UInt32) {
        let classIndex = names.firstIndex(of: "java.lang.Class")
        var primitiveArrays = [UInt32](repeating: 0, count: 12)
        for t in [BasicType.boolean, BasicType.char, BasicType.float, BasicType.double, BasicType.byte,
                  BasicType.short, BasicType.int, BasicType.long] {
            let name = BasicType.javaName(t) + "[]"
            if let k = names.firstIndex(of: name) {
                primitiveArrays[Int(t)] = UInt32(k)
            } else {
                names.append(name)
                primitiveArrays[Int(t)] = UInt32(names.count - 1)
            }
        }
        let javaLangClass: UInt32
        if let k = classIndex {
            javaLangClass = UInt32(k)
        } else {
            names.append("java.lang.Class")
            javaLangClass = UInt32(names.count - 1)
        }
        names.append("<unknown class>")
        return (primitiveArrays, javaLangClass, UInt32(names.count - 1))
    }

    /// Instance size of class `k` from its fields: header plus the field bytes, aligned (what the JVM's layout
    /// comes to unless it injects fields or pads `@Contended` ones).
    func fieldModelSize(_ k: Int, _ sizes: ShallowSizeModel) -> Int {
        sizes.align(sizes.headerSize + Int(primitiveFieldBytes[k]) + Int(referenceFieldCount[k]) * sizes.referenceSize)
    }

    /// Fills `instanceShallow` (from `measured` where given, else the dump's own sizes for GraalVM, else the field
    /// model) and `classObjectShallow` (from `mirrors` where given, else the model of the class mirror).
    mutating func setSizes(_ sizes: ShallowSizeModel, measured: [Int]?, classInstance: Int? = nil, mirrors: [Int]? = nil) {
        var shallow: [UInt32] = []
        shallow.reserveCapacity(names.count)
        for k in 0..<names.count {
            let size: Int
            if let m = measured, m[k] > 0 {
                size = m[k]
            } else if k < recordCount, sizes.trustsClassDumpSizes, scanInstanceSizes[k] > 0 {
                size = ShallowSizeModel.align(Int(scanInstanceSizes[k]))
            } else {
                size = k < recordCount ? fieldModelSize(k, sizes) : sizes.align(sizes.headerSize)
            }
            shallow.append(UInt32(clamping: size))
        }
        instanceShallow = shallow
        // Class objects: the java.lang.Class instance plus the statics.
        let mirror = classInstance ?? (names.firstIndex(of: "java.lang.Class").map { Int(shallow[$0]) } ?? sizes.headerSize)
        var objects: [UInt32] = []
        objects.reserveCapacity(names.count)
        for k in 0..<recordCount {
            if let m = mirrors, m[k] > 0 {
                objects.append(UInt32(clamping: m[k]))
            } else {
                objects.append(UInt32(clamping: ClassModel.mirrorSize(classInstance: mirror, statics: staticFieldSizes[k],
                                                                      sizes: sizes)))
            }
        }
        objects += Array(repeating: 0, count: names.count - recordCount)
        classObjectShallow = objects
    }

    /// A class mirror: the java.lang.Class instance, then the static fields as HotSpot lays them out (references
    /// first, then primitives biggest first from the next offset aligned for the biggest, holes left open — what
    /// the JVM's class histogram shows for JDK 17 and 25), in whole words.
    static func mirrorSize(classInstance: Int, statics: [UInt8], sizes: ShallowSizeModel) -> Int {
        guard !statics.isEmpty else { return sizes.align(classInstance) }
        var end = statics.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } * sizes.referenceSize
        let primitives = statics.filter { $0 != 0 }.map(Int.init)
        if let biggest = primitives.max() {
            end = (end + biggest - 1) / biggest * biggest + primitives.reduce(0, +)
        }
        return sizes.align(classInstance + (end + 7) / 8 * 8)
    }

    var count: Int { names.count }

    /// The class table for the graph: CLASS_DUMP classes point at their class-object node.
    func classTable() -> ClassTable {
        var objects: [UInt32?] = (0..<recordCount).map { UInt32($0 + 1) }
        objects += Array(repeating: nil, count: names.count - recordCount)
        return ClassTable(names: names, classObjects: objects)
    }
}
