import DumpInput
import DumpProgress
import HeapGraph

/// Pass 1: per object its id, class and shallow size, slices in parallel. Class objects are nodes `1...classes`,
/// objects follow in file order.
struct ObjectPass {
    var ids: ContiguousArray<UInt64>
    var classOf: ContiguousArray<UInt32>
    var shallow: ContiguousArray<UInt32>
    var largeShallow: [UInt32: UInt64] = [:]
    var unknownClassRefs = 0

    init(scan: HprofScan, model: ClassModel, sizes: ShallowSizeModel) {
        let classNodes = model.recordCount
        let n = 1 + classNodes + scan.objectCount
        ids = ContiguousArray(repeating: 0, count: n)
        classOf = ContiguousArray(repeating: 0, count: n)
        shallow = ContiguousArray(repeating: 0, count: n)
        for k in 0..<classNodes {
            ids[k + 1] = model.classIDs[k]
            classOf[k + 1] = model.javaLangClass
            shallow[k + 1] = model.classObjectShallow[k]
        }
        let id = scan.header.idSize
        let slices = scan.slices
        let groups = ParallelSlices.groups(slices, workers: ParallelSlices.workerCount)
        var larges = [[UInt32: UInt64]](repeating: [:], count: groups.count)
        var unknowns = [Int](repeating: 0, count: groups.count)
        let firstObjectNode = 1 + classNodes
        ids.withUnsafeMutableBufferPointer { idp in
        classOf.withUnsafeMutableBufferPointer { cp in
        shallow.withUnsafeMutableBufferPointer { sp in
        larges.withUnsafeMutableBufferPointer { lp in
        unknowns.withUnsafeMutableBufferPointer { up in
            let idBuf = SharedBuffer(pointer: idp), classBuf = SharedBuffer(pointer: cp)
            let sizeBuf = SharedBuffer(pointer: sp), largeBuf = SharedBuffer(pointer: lp)
            let unknownBuf = SharedBuffer(pointer: up)
            ParallelSlices.run(groups.count) { g in
                var large: [UInt32: UInt64] = [:]
                var unknown = 0
                let base = scan.file.base
                let walker = SubRecordWalker(base: base, idSize: id)
                for s in groups[g] {
                    let slice = slices[s]
                    var node = firstObjectNode + slice.firstObject
                    var p = slice.start
                    while p < slice.end {
                        let tag = base.u8(p)
                        guard let len = walker.length(at: p, limit: slice.end) else { break }
                        var size = -1
                        var cls: UInt32 = 0
                        switch tag {
                        case HeapTag.instanceDump:
                            if let k = model.indexByID.get(base.idbe(p + 1 + id + 4, size: id)) {
                                cls = k
                                size = Int(model.instanceShallow[Int(k)])
                            } else {
                                cls = model.unknownClass
                                unknown += 1
                                size = ShallowSizeModel.align(sizes.headerSize + Int(base.u32be(p + 1 + 2 * id + 4)))
                            }
                        case HeapTag.objArrayDump:
                            let length = Int(base.u32be(p + 1 + id + 4))
                            if let k = model.indexByID.get(base.idbe(p + 1 + id + 8, size: id)) {
                                cls = k
                            } else {
                                cls = model.unknownClass
                                unknown += 1
                            }
                            size = sizes.objectArray(length: length)
                        case HeapTag.primArrayDump, HeapTag.primArrayNoData:
                            let length = Int(base.u32be(p + 1 + id + 4))
                            let type = base.u8(p + 1 + id + 8)
                            cls = Int(type) < model.primitiveArrayClass.count ? model.primitiveArrayClass[Int(type)]
                                : model.unknownClass
                            size = sizes.primitiveArray(length: length,
                                                        elementSize: max(BasicType.size(type, idSize: id), 1))
                        default:
                            break
                        }
                        if size >= 0 {
                            idBuf.pointer[node] = base.idbe(p + 1, size: id)
                            classBuf.pointer[node] = cls
                            if size >= Int(UInt32.max) {
                                sizeBuf.pointer[node] = .max
                                large[UInt32(node)] = UInt64(size)
                            } else {
                                sizeBuf.pointer[node] = UInt32(size)
                            }
                            node += 1
                        }
                        p += len
                    }
                    scan.file.release(slice.start..<slice.end)
                }
                largeBuf.pointer[g] = large
                unknownBuf.pointer[g] = unknown
            }
        }}}}}
        for l in larges { largeShallow.merge(l) { a, _ in a } }
        unknownClassRefs = unknowns.reduce(0, +)
    }
}
