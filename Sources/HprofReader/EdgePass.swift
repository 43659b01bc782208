import DumpInput
import HeapGraph

/// Pass 2: the references of every node, resolved to node ids, in CSR order. Instances point at their class and at
/// every non-null reference field (the `referent` of a `java.lang.ref.Reference` as a weak edge); object arrays at
/// their class and elements; primitive arrays at their class; class objects at superclass, loader, signers,
/// protection domain, static fields and constant-pool entries. Slices run in parallel, each into its own buffer.
struct EdgePass {
    var outStart: ContiguousArray<UInt32>
    var outEdges: ContiguousArray<UInt32>
    var dangling = 0
    /// Per referring node, how many of its references name ids that are not in the dump.
    var danglingFrom: [UInt32: Int] = [:]

    init(scan: HprofScan, model: ClassModel, lookup: IDLookup, nodeCount n: Int) throws(HeapGraph.BuildError) {
        let id = scan.header.idSize
        var start = ContiguousArray<UInt32>(repeating: 0, count: n + 1)
        // Class objects first, sequentially (few).
        var classEdges = ContiguousArray<UInt32>()
        var danglingTotal = 0
        var classDanglingFrom: [UInt32: Int] = [:]
        for k in 0..<model.recordCount {
            let rec = scan.classes[k]
            func add(_ ref: UInt64, weak: Bool = false) {
                guard ref != 0 else { return }
                if let t = lookup.node(for: ref) {
                    classEdges.append(Edge.make(t, weak: weak))
                } else {
                    danglingTotal += 1
                    classDanglingFrom[UInt32(k + 1), default: 0] += 1
                }
            }
            add(rec.superID)
            add(rec.loaderID)
            add(rec.signersID)
            add(rec.protectionDomainID)
            let base = scan.file.base
            let body = ClassDumpBody(base: base, offset: rec.offset, idSize: id)
            for v in body.statics where v.type == BasicType.object { add(base.idbe(v.offset, size: id)) }
            for v in body.constantPool where v.type == BasicType.object { add(base.idbe(v.offset, size: id)) }
            start[k + 2] = UInt32(classEdges.count)
        }
        let classEdgeCount = classEdges.count

        let slices = scan.slices
        let groups = ParallelSlices.groups(slices, workers: ParallelSlices.workerCount)
        let firstObjectNode = 1 + model.recordCount
        var buffers = [ContiguousArray<UInt32>](repeating: [], count: groups.count)
        var danglings = [Int](repeating: 0, count: groups.count)
        var danglingFroms = [[UInt32: Int]](repeating: [:], count: groups.count)
        start.withUnsafeMutableBufferPointer { sp in
        buffers.withUnsafeMutableBufferPointer { bp in
        danglings.withUnsafeMutableBufferPointer { dp in
        danglingFroms.withUnsafeMutableBufferPointer { fp in
            let startBuf = SharedBuffer(pointer: sp), bufs = SharedBuffer(pointer: bp), dang = SharedBuffer(pointer: dp)
            let froms = SharedBuffer(pointer: fp)
            ParallelSlices.run(groups.count) { g in
                var edges = ContiguousArray<UInt32>()
                let range = groups[g]
                let bytes = slices[range].reduce(0) { $0 + ($1.end - $1.start) }
                edges.reserveCapacity(bytes / 12)
                var missing = 0
                var missingFrom: [UInt32: Int] = [:]
                let base = scan.file.base
                let walker = SubRecordWalker(base: base, idSize: id)
                // Per slice: first collect every object's class node and raw reference ids, then resolve all ids in
                // one tight loop (independent lookups overlap their cache misses), then emit the CSR.
                var pending = ContiguousArray<UInt64>()
                var resolved = ContiguousArray<UInt32>()
                var objClass = ContiguousArray<UInt32>()
                var objEnd = ContiguousArray<Int32>()
                var objWeak = ContiguousArray<Int32>()
                for s in range {
                    let slice = slices[s]
                    pending.removeAll(keepingCapacity: true)
                    objClass.removeAll(keepingCapacity: true)
                    objEnd.removeAll(keepingCapacity: true)
                    objWeak.removeAll(keepingCapacity: true)
                    var p = slice.start
                    while p < slice.end {
                        let tag = base.u8(p)
                        guard let len = walker.length(at: p, limit: slice.end) else { break }
                        var isObject = true
                        var classNode: UInt32 = 0
                        var weakAt: Int32 = -1
                        switch tag {
                        case HeapTag.instanceDump:
                            let classID = base.idbe(p + 1 + id + 4, size: id)
                            let dataSize = Int(base.u32be(p + 1 + 2 * id + 4))
                            let data = p + 1 + 2 * id + 8
                            if let k = model.indexByID.get(classID) {
                                classNode = UInt32(Int(k) + 1)
                                let weakOffset = model.weakOffset[Int(k)]
                                // Usually one flattened range; a hostile hierarchy walks up (ClassModel.walkNext).
                                var c = Int(k)
                                var shift = 0
                                while true {
                                    for r in Int(model.refStart[c])..<Int(model.refStart[c + 1]) {
                                        let off = shift + Int(model.refOffsets[r])
                                        guard off + id <= dataSize else { continue }
                                        let ref = base.idbe(data + off, size: id)
                                        guard ref != 0 else { continue }
                                        if off == Int(weakOffset) { weakAt = Int32(pending.count) }
                                        pending.append(ref)
                                    }
                                    let next = Int(model.walkNext[c])
                                    shift += Int(model.ownDataBytes[c])
                                    guard next >= 0 && shift < dataSize else { break }
                                    c = next
                                }
                            } else {
                                missing += 1
                            }
                        case HeapTag.objArrayDump:
                            let length = Int(base.u32be(p + 1 + id + 4))
                            let classID = base.idbe(p + 1 + id + 8, size: id)
                            if let k = model.indexByID.get(classID) { classNode = UInt32(Int(k) + 1) } else { missing += 1 }
                            let data = p + 1 + 2 * id + 8
                            for e in 0..<length {
                                let ref = base.idbe(data + e * id, size: id)
                                if ref != 0 { pending.append(ref) }
                            }
                        case HeapTag.primArrayDump, HeapTag.primArrayNoData:
                            let type = Int(base.u8(p + 1 + id + 8))
                            if type < model.primitiveArrayClass.count {
                                let k = Int(model.primitiveArrayClass[type])
                                if k < model.recordCount { classNode = UInt32(k + 1) }
                            }
                        default:
                            isObject = false
                        }
                        if isObject {
                            objClass.append(classNode)
                            objEnd.append(Int32(pending.count))
                            objWeak.append(weakAt)
                        }
                        p += len
                    }
                    scan.file.release(slice.start..<slice.end)
                    if resolved.count < pending.count {
                        resolved = ContiguousArray(repeating: 0, count: pending.count * 2)
                    }
                    pending.withUnsafeBufferPointer { ids in
                        resolved.withUnsafeMutableBufferPointer { lookup.resolve(ids, into: $0) }
                    }
                    var node = firstObjectNode + slice.firstObject
                    var k = 0
                    for o in 0..<objClass.count {
                        if objClass[o] != 0 { edges.append(objClass[o]) }
                        let end = Int(objEnd[o])
                        let weak = Int(objWeak[o])
                        while k < end {
                            let t = resolved[k]
                            if t != 0 {
                                edges.append(k == weak ? t | Edge.weakBit : t)
                            } else {
                                missing += 1
                                missingFrom[UInt32(node), default: 0] += 1
                            }
                            k += 1
                        }
                        startBuf.pointer[node + 1] = UInt32(truncatingIfNeeded: edges.count)
                        node += 1
                    }
                }
                bufs.pointer[g] = edges
                dang.pointer[g] = missing
                froms.pointer[g] = missingFrom
            }
        }}}}
        dangling = danglingTotal + danglings.reduce(0, +)
        danglingFrom = danglingFroms.reduce(into: classDanglingFrom) { all, part in all.merge(part, uniquingKeysWith: +) }
        // Concatenate: class edges, then each group's, shifting that group's offsets by its base.
        let total = classEdgeCount + buffers.reduce(0) { $0 + $1.count }
        guard total <= Int(UInt32.max) else { throw .tooManyEdges(total) }
        var all = ContiguousArray<UInt32>()
        all.reserveCapacity(total)
        all.append(contentsOf: classEdges)
        for (g, range) in groups.enumerated() {
            let baseOffset = UInt32(all.count)
            all.append(contentsOf: buffers[g])
            buffers[g] = []
            guard let first = range.first, let last = range.last else { continue }
            let from = firstObjectNode + slices[first].firstObject
            let to = firstObjectNode + slices[last].firstObject + slices[last].objectCount
            for node in from..<to { start[node + 1] &+= baseOffset }
        }
        // Nodes in no slice (none expected) keep their predecessor's end offset.
        for i in 1...n where start[i] < start[i - 1] { start[i] = start[i - 1] }
        start[0] = 0
        start[1] = 0
        outStart = start
        outEdges = all
    }
}
