import DumpInput
import DumpProgress
import HeapGraph

/// Pass 2: the references of every node, resolved to node ids, in CSR order. Instances point at their class and at
/// every non-null reference field (the `referent` of a `java.lang.ref.Reference` as a weak edge); object arrays at
/// their class and elements; primitive arrays at their class; class objects at superclass, loader, signers,
/// protection domain, static fields and constant-pool entries. Slices run in parallel, each into its own buffer.
struct EdgePass {
    let outStart: StoredArray<UInt32>
    let outEdges: StoredArray<UInt32>
    var dangling = 0
    /// Per referring node, how many of its references name ids that are not in the dump.
    var danglingFrom: [UInt32: Int] = [:]

    /// `storage`: where the offsets, the edges and the per-group buffers live (see `ArrayStorage`).
    init(scan: HprofScan, model: ClassModel, lookup: IDLookup, nodeCount n: Int,
         storage: ArrayStorage = .memory) throws(HeapGraph.BuildError) {
        let start: StoredArray<UInt32> = storage.allocateZeroedOnBothCores(n + 1)   // nothing else runs yet
        let groups = ParallelSlices.balancedGroups(scan.slices)
        // The class objects' edges open the first group's buffer, which then becomes the edge array.
        let classes = EdgePass.classEdges(scan: scan, model: model, lookup: lookup, start: start,
                                          part: Part(storage: storage, capacity: EdgePass.capacity(groups.first, scan)))
        var parts = EdgePass.objectEdges(scan: scan, model: model, lookup: lookup, groups: groups, start: start,
                                         first: classes)
        dangling = parts.reduce(0) { $0 + ($1?.dangling ?? 0) }
        danglingFrom = parts.reduce(into: [:]) { all, part in
            all.merge(part?.danglingFrom ?? [:], uniquingKeysWith: +)
        }
        outEdges = try EdgePass.concatenate(&parts, groups: groups, scan: scan, model: model, start: start)
        // Nodes in no slice (none expected) keep their predecessor's end offset.
        for i in 1...n where start[i] < start[i - 1] { start[i] = start[i - 1] }
        start[0] = 0
        start[1] = 0
        outStart = start
    }

    /// The references of one group of slices (or of the class objects), with the ids that resolved to nothing.
    struct Part {
        var edges: GrowableArray<UInt32>
        var dangling = 0
        var danglingFrom: [UInt32: Int] = [:]
        let storage: ArrayStorage

        init(storage: ArrayStorage, capacity: Int = 1 << 12) {
            self.storage = storage
            edges = storage.growable(UInt32.self, capacity: capacity)
        }
    }

    /// Class objects first, sequentially (few): superclass, loader, signers, protection domain, static fields and
    /// constant-pool entries. Writes their ends into `start`.
    static func classEdges(scan: HprofScan, model: ClassModel, lookup: IDLookup,
                           start: StoredArray<UInt32>, part: Part) -> Part {
        let id = scan.header.idSize
        var part = part
        for k in 0..<model.recordCount {
            let rec = scan.classes[k]
            func add(_ ref: UInt64) {
                guard ref != 0 else { return }
                if let t = lookup.node(for: ref) {
                    part.edges.append(Edge.make(t, weak: false))
                } else {
                    part.dangling += 1
                    part.danglingFrom[UInt32(k + 1), default: 0] += 1
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
            start[k + 2] = UInt32(part.edges.count)
        }
        return part
    }

    /// Every slice group on its own worker, each into its own buffer; writes each object's end (relative to its
    /// group's buffer) into `start`.
    static func objectEdges(scan: HprofScan, model: ClassModel, lookup: IDLookup, groups: [Range<Int>],
                            start: StoredArray<UInt32>, first: Part) -> [Part?] {
        // Group 0 continues the class objects' buffer; the others get their own.
        var parts = [Part?](repeating: nil, count: max(groups.count, 1))
        parts[0] = first
        let sp = start.buffer
        parts.withUnsafeMutableBufferPointer { pp in
            let startBuf = SharedBuffer(pointer: sp), partBuf = SharedBuffer(pointer: pp)
            ParallelSlices.run(groups.count) { g in
                let part = g == 0 ? partBuf[0]! : Part(storage: first.storage, capacity: capacity(groups[g], scan))
                var worker = SliceEdges(scan: scan, model: model, lookup: lookup, start: startBuf, part: part)
                var window = PassWindow(file: scan.file, from: scan.slices[groups[g].lowerBound].start)
                let groupEnd = scan.slices[groups[g].upperBound - 1].end
                for s in groups[g] {
                    window.advance(to: scan.slices[s].start)
                    worker.run(slice: scan.slices[s])
                }
                window.finish(at: groupEnd)
                worker.deallocate()
                partBuf[g] = worker.part
            }
        }
        return parts
    }

    /// Room for the references of a group of slices: no more than one per 12 bytes of records (an id and most of
    /// a header); only what is written takes memory.
    static func capacity(_ group: Range<Int>?, _ scan: HprofScan) -> Int {
        guard let group else { return 1 << 12 }
        return max(scan.slices[group].reduce(0) { $0 + ($1.end - $1.start) } / 12, 1 << 12)
    }

    /// The first buffer (class edges, group 0) grows by the other groups' edges and becomes the edge array; each
    /// later group's edges are copied to their place and its offsets in `start` shift by where they land, groups in
    /// parallel (disjoint parts of the array and of `start`), each group's buffer given back once copied.
    static func concatenate(_ parts: inout [Part?], groups: [Range<Int>], scan: HprofScan, model: ClassModel,
                            start: StoredArray<UInt32>) throws(HeapGraph.BuildError) -> StoredArray<UInt32> {
        let total = parts.reduce(0) { $0 + ($1?.edges.count ?? 0) }
        guard total <= Int(UInt32.max) else { throw .tooManyEdges(total) }
        let slices = scan.slices
        let firstObjectNode = 1 + model.recordCount
        guard var all = parts[0]?.edges else { throw .inconsistent("no edge buffer") }
        parts[0] = nil
        guard groups.count > 1 else { return all.finish() }
        // Where each group's edges land (group 0's are `all` already; its part is nil now and counts 0).
        var landing = [Int](repeating: all.count, count: groups.count)
        for g in groups.indices.dropFirst() { landing[g] = landing[g - 1] + (parts[g - 1]?.edges.count ?? 0) }
        let offsets = landing
        let sp = start.buffer
        parts.withUnsafeMutableBufferPointer { pp in
            let partBuf = SharedBuffer(pointer: pp), startBuf = SharedBuffer(pointer: sp)
            all.extend(to: total) { room in
                let roomBuf = SharedBuffer(pointer: room)
                ParallelSlices.run(groups.count - 1) { i in
                    let g = i + 1
                    let baseOffset = UInt32(offsets[g])
                    if let edges = partBuf.pointer[g]?.edges.elements, let from = edges.baseAddress, !edges.isEmpty {
                        (roomBuf.pointer.baseAddress! + offsets[g]).update(from: from, count: edges.count)
                    }
                    partBuf.pointer[g]?.edges.release()
                    let range = groups[g]
                    guard let first = range.first, let last = range.last else { return }
                    let from = firstObjectNode + slices[first].firstObject
                    let to = firstObjectNode + slices[last].firstObject + slices[last].objectCount
                    for node in from..<to { startBuf.pointer[node + 1] &+= baseOffset }
                }
            }
        }
        return all.finish()
    }
}

/// One worker's pass over its slices. Per slice: first collect every object's class node and raw reference ids,
/// then resolve all ids in one tight loop (independent lookups overlap their cache misses), then emit the CSR.
/// The scratch buffers are reused from slice to slice and given back by `deallocate()`.
private struct SliceEdges {
    let scan: HprofScan
    let model: ClassModel
    let lookup: IDLookup
    let start: SharedBuffer<UInt32>
    let id: Int
    let base: UnsafeRawPointer
    let walker: SubRecordWalker
    var part: EdgePass.Part
    var pending = ScratchBuffer<UInt64>()
    var resolved = ScratchBuffer<UInt32>()
    var objClass = ScratchBuffer<UInt32>()
    var objEnd = ScratchBuffer<Int32>()
    var objWeak = ScratchBuffer<Int32>()

    init(scan: HprofScan, model: ClassModel, lookup: IDLookup, start: SharedBuffer<UInt32>, part: EdgePass.Part) {
        self.part = part
        self.scan = scan
        self.model = model
        self.lookup = lookup
        self.start = start
        id = scan.header.idSize
        base = scan.file.base
        walker = SubRecordWalker(base: base, idSize: id)
    }

    mutating func run(slice: HeapSlice) {
        collect(slice)
        resolved.reserve(pending.count)
        lookup.resolve(pending.buffer, into: UnsafeMutableBufferPointer(start: resolved.base, count: pending.count))
        emit(firstNode: 1 + model.recordCount + slice.firstObject)
    }

    func deallocate() {
        pending.deallocate()
        resolved.deallocate()
        objClass.deallocate()
        objEnd.deallocate()
        objWeak.deallocate()
    }

    /// Each object's class node and the raw ids of its references (the referent of a Reference marked weak).
    private mutating func collect(_ slice: HeapSlice) {
        pending.removeAll()
        objClass.removeAll()
        objEnd.removeAll()
        objWeak.removeAll()
        var p = slice.start
        while p < slice.end {
            ReadAhead.hint(base, p)
            let tag = base.u8(p)
            guard let len = walker.length(at: p, limit: slice.end) else { break }
            var classNode: UInt32 = 0
            var weakAt: Int32 = -1
            switch tag {
            case HeapTag.instanceDump: instance(at: p, classNode: &classNode, weakAt: &weakAt)
            case HeapTag.objArrayDump: objectArray(at: p, classNode: &classNode)
            case HeapTag.primArrayDump, HeapTag.primArrayNoData:
                let type = Int(base.u8(p + 1 + id + 8))
                if type < model.primitiveArrayClass.count {
                    let k = Int(model.primitiveArrayClass[type])
                    if k < model.recordCount { classNode = UInt32(k + 1) }
                }
            default:
                p += len
                continue
            }
            objClass.append(classNode)
            objEnd.append(Int32(pending.count))
            objWeak.append(weakAt)
            p += len
        }
    }

    @inline(__always)
    private mutating func instance(at p: Int, classNode: inout UInt32, weakAt: inout Int32) {
        let classID = base.idbe(p + 1 + id + 4, size: id)
        let dataSize = Int(base.u32be(p + 1 + 2 * id + 4))
        let data = p + 1 + 2 * id + 8
        guard let k = model.indexByID.value(of: classID) else {
            part.dangling += 1
            return
        }
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
    }

    @inline(__always)
    private mutating func objectArray(at p: Int, classNode: inout UInt32) {
        let length = Int(base.u32be(p + 1 + id + 4))
        let classID = base.idbe(p + 1 + id + 8, size: id)
        if let k = model.indexByID.value(of: classID) { classNode = UInt32(Int(k) + 1) } else { part.dangling += 1 }
        let data = p + 1 + 2 * id + 8
        for e in 0..<length {
            let ref = base.idbe(data + e * id, size: id)
            if ref != 0 { pending.append(ref) }
        }
    }

    /// The CSR of the slice's objects: class edge, then the references that resolved (the rest count as dangling).
    private mutating func emit(firstNode: Int) {
        var node = firstNode
        var k = 0
        for o in 0..<objClass.count {
            if objClass[o] != 0 { part.edges.append(objClass[o]) }
            let end = Int(objEnd[o])
            let weak = Int(objWeak[o])
            while k < end {
                let t = resolved[k]
                if t != 0 {
                    part.edges.append(k == weak ? t | Edge.weakBit : t)
                } else {
                    part.dangling += 1
                    part.danglingFrom[UInt32(node), default: 0] += 1
                }
                k += 1
            }
            start[node + 1] = UInt32(truncatingIfNeeded: part.edges.count)
            node += 1
        }
    }
}
