import DumpInput
import DumpProgress
import HeapGraph

/// Pass 1: per object its id, class and shallow size, slices in parallel. Class objects are nodes `1...classes`,
/// objects follow in file order.
///
/// Sizes come in two steps, because the layout is read off the addresses of all objects: the pass first leaves in
/// `shallow` what a size needs besides the class (`RawSize`: an array's length), `LayoutInference` then measures
/// the layout, and `applySizes` turns the raw values into shallow sizes.
struct ObjectPass {
    let ids: StoredArray<UInt64>
    let classOf: StoredArray<UInt32>
    let shallow: StoredArray<UInt32>
    /// Every 64th object's record offset, for `HprofObjectModel.record(of:)` (see RecordCheckpoints.swift).
    let checkpoints: RecordCheckpoints
    var largeShallow: [UInt32: UInt64] = [:]
    var unknownClassRefs = 0
    /// Instances of classes with no CLASS_DUMP: their field bytes (they are sized from those alone).
    var unknownInstanceBytes: [UInt32: UInt32] = [:]

    /// The value `shallow` holds between the pass and `applySizes`: 0 for an instance (its class gives its size),
    /// the length for a primitive array (its class gives the element size), the length with the top bit set for an
    /// object array.
    enum RawSize {
        static let objectArray: UInt32 = 0x8000_0000
        @inline(__always)
        static func length(_ n: UInt32) -> UInt32 { min(n, 0x7FFF_FFFF) }
    }

    /// `storage`: where the three per-object arrays live (see `ArrayStorage`).
    init(scan: HprofScan, model: ClassModel, storage: ArrayStorage = .memory) {
        let classNodes = model.recordCount
        let n = 1 + classNodes + scan.objectCount
        (ids, classOf, shallow) = ObjectPass.allocate(n, storage: storage)
        for k in 0..<classNodes {
            ids[k + 1] = model.classIDs[k]
            classOf[k + 1] = model.javaLangClass
        }
        let id = scan.header.idSize
        let slices = scan.slices
        let groups = ParallelSlices.balancedGroups(slices)
        var unknownByteMaps = [[UInt32: UInt32]](repeating: [:], count: groups.count)
        var unknowns = [Int](repeating: 0, count: groups.count)
        let firstObjectNode = 1 + classNodes
        let idp = ids.buffer, cp = classOf.buffer, sp = shallow.buffer
        var deltas = ContiguousArray(repeating: RecordCheckpoints.none,
                                     count: RecordCheckpoints.count(objects: RecordCheckpoints.objects(in: slices)))
        unknownByteMaps.withUnsafeMutableBufferPointer { ubp in
        unknowns.withUnsafeMutableBufferPointer { up in
        deltas.withUnsafeMutableBufferPointer { dp in
            let idBuf = SharedBuffer(pointer: idp), classBuf = SharedBuffer(pointer: cp)
            let sizeBuf = SharedBuffer(pointer: sp), unknownByteBuf = SharedBuffer(pointer: ubp)
            let unknownBuf = SharedBuffer(pointer: up), deltaBuf = SharedBuffer(pointer: dp)
            ParallelSlices.run(groups.count) { g in
                var unknownBytes: [UInt32: UInt32] = [:]
                var unknown = 0
                let base = scan.file.base
                let walker = SubRecordWalker(base: base, idSize: id)
                var window = PassWindow(file: scan.file, from: slices[groups[g].lowerBound].start)
                let groupEnd = slices[groups[g].upperBound - 1].end
                for s in groups[g] {
                    let slice = slices[s]
                    window.advance(to: slice.start)
                    var node = firstObjectNode + slice.firstObject
                    var p = slice.start
                    while p < slice.end {
                        ReadAhead.hint(base, p)
                        let tag = base.u8(p)
                        guard let len = walker.length(at: p, limit: slice.end) else { break }
                        var raw: UInt32 = 0
                        var cls: UInt32 = 0
                        var isObject = true
                        switch tag {
                        case HeapTag.instanceDump:
                            if let k = model.indexByID.value(of: base.idbe(p + 1 + id + 4, size: id)) {
                                cls = k
                            } else {
                                cls = model.unknownClass
                                unknown += 1
                                unknownBytes[UInt32(node)] = base.u32be(p + 1 + 2 * id + 4)
                            }
                        case HeapTag.objArrayDump:
                            raw = RawSize.objectArray | RawSize.length(base.u32be(p + 1 + id + 4))
                            if let k = model.indexByID.value(of: base.idbe(p + 1 + id + 8, size: id)) {
                                cls = k
                            } else {
                                cls = model.unknownClass
                                unknown += 1
                            }
                        case HeapTag.primArrayDump, HeapTag.primArrayNoData:
                            raw = RawSize.length(base.u32be(p + 1 + id + 4))
                            let type = base.u8(p + 1 + id + 8)
                            cls = Int(type) < model.primitiveArrayClass.count && BasicType.size(type, idSize: id) > 0
                                && type != BasicType.object ? model.primitiveArrayClass[Int(type)] : model.unknownClass
                            if cls == model.unknownClass { unknownBytes[UInt32(node)] = 0 }
                        default:
                            isObject = false
                        }
                        if isObject {
                            idBuf.pointer[node] = base.idbe(p + 1, size: id)
                            classBuf.pointer[node] = cls
                            sizeBuf.pointer[node] = raw
                            RecordCheckpoints.note(deltaBuf.pointer, ordinal: node - firstObjectNode, at: p,
                                                   sliceStart: slice.start)
                            node += 1
                        }
                        p += len
                    }
                }
                window.finish(at: groupEnd)
                unknownByteBuf.pointer[g] = unknownBytes
                unknownBuf.pointer[g] = unknown
            }
        }}}
        checkpoints = RecordCheckpoints(Column(deltas))
        for l in unknownByteMaps { unknownInstanceBytes.merge(l) { a, _ in a } }
        unknownClassRefs = unknowns.reduce(0, +)
    }

    /// The three per-object arrays, the ids on one core and the other two on the other: mapping in their fresh
    /// zeroed pages (240 MB for 15.6 M objects) is kernel work that would otherwise run on one core.
    static func allocate(_ n: Int, storage: ArrayStorage)
        -> (StoredArray<UInt64>, StoredArray<UInt32>, StoredArray<UInt32>) {
        final class Arrays: @unchecked Sendable {
            // @unchecked: each field is written by one of the two closures, read after both returned.
            var ids: StoredArray<UInt64>?
            var classOf: StoredArray<UInt32>?
            var shallow: StoredArray<UInt32>?
        }
        let arrays = Arrays()
        BothCores.run({ arrays.ids = storage.allocate(n, repeating: 0) }, {
            arrays.classOf = storage.allocate(n, repeating: 0)
            arrays.shallow = storage.allocate(n, repeating: 0)
        })
        return (arrays.ids ?? storage.allocate(n, repeating: 0), arrays.classOf ?? storage.allocate(n, repeating: 0),
                arrays.shallow ?? storage.allocate(n, repeating: 0))
    }

    /// Replaces the raw values with shallow sizes under `sizes`, instances sized by `model.instanceShallow`, class
    /// objects by `model.classObjectShallow`. The objects are cut into one piece per core.
    mutating func applySizes(_ sizes: ShallowSizeModel, model: ClassModel) {
        let classNodes = model.recordCount
        let sp = shallow.buffer
        for k in 0..<classNodes { sp[k + 1] = model.classObjectShallow[k] }
        let objects = (1 + classNodes)..<sp.count
        let parts = max(1, min(ParallelSlices.workerCount, objects.count / (1 << 16)))
        var larges = [[UInt32: UInt64]](repeating: [:], count: parts)
        let unknowns = unknownInstanceBytes
        let cp = SharedBuffer(pointer: classOf.buffer), out = SharedBuffer(pointer: sp)
        larges.withUnsafeMutableBufferPointer { lp in
            let largeBuf = SharedBuffer(pointer: lp)
            ParallelSlices.run(parts) { k in
                let lo = objects.lowerBound + objects.count * k / parts
                let hi = objects.lowerBound + objects.count * (k + 1) / parts
                largeBuf.pointer[k] = ObjectPass.applySizes(lo..<hi, classOf: cp.pointer, shallow: out.pointer,
                                                            sizes: sizes, model: model, unknowns: unknowns)
            }
        }
        var large: [UInt32: UInt64] = [:]
        for l in larges { large.merge(l) { a, _ in a } }
        largeShallow = large
    }

    /// `applySizes` for objects `range`; returns the sizes that do not fit in 32 bits.
    private static func applySizes(_ range: Range<Int>, classOf cp: UnsafeMutableBufferPointer<UInt32>,
                                   shallow sp: UnsafeMutableBufferPointer<UInt32>, sizes: ShallowSizeModel,
                                   model: ClassModel, unknowns: [UInt32: UInt32]) -> [UInt32: UInt64] {
        let unknownClass = model.unknownClass
        var large: [UInt32: UInt64] = [:]
        // The layout as plain values for the loop over every object.
        let mask = sizes.alignment - 1
        let base = sizes.arrayBase
        let byBytes = (base[0], base[1], base[2], base[3])
        let refBase = base[ShallowSizeModel.ArrayKind.references], refSize = sizes.referenceSize
        model.instanceShallow.withUnsafeBufferPointer { inst in
        model.primitiveElementSize.withUnsafeBufferPointer { elem in
            for v in range {
                let raw = sp[v]
                let c = Int(cp[v])
                let size: Int
                if raw & RawSize.objectArray != 0 {
                    size = (refBase + Int(raw & ~RawSize.objectArray) * refSize + mask) & ~mask
                } else if elem[c] > 0 {
                    let e = Int(elem[c])
                    let b = e >= 8 ? byBytes.3 : e >= 4 ? byBytes.2 : e >= 2 ? byBytes.1 : byBytes.0
                    size = (b + Int(raw) * e + mask) & ~mask
                } else if c == unknownClass {
                    // An instance or a primitive array of a type the dump does not name: its bytes as written.
                    size = sizes.align(sizes.headerSize + Int(unknowns[UInt32(v)] ?? 0))
                } else {
                    size = Int(inst[c])
                }
                if size >= Int(UInt32.max) {
                    sp[v] = .max
                    large[UInt32(v)] = UInt64(size)
                } else {
                    sp[v] = UInt32(size)
                }
            }
        }}
        return large
    }
}
