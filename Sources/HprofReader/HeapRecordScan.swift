import DumpInput
import DumpProgress
import HeapGraph

/// The heap part of pass 0 on all cores: the selected dump's heap records (HotSpot writes a segmented dump as
/// ~1 MiB HEAP_DUMP_SEGMENTs) are cut into contiguous groups of about equal bytes, several per worker (a byte of
/// small instances costs far more than a byte of a big array, so equal bytes per worker left one worker idle for
/// a third of the pass), each group is walked by whichever worker is free into its own `HeapRecordScan`, and the
/// parts are appended in file order. Nothing carries from one heap
/// record to the next (slices, the compressed-oops vote and every sub-record end inside their record), so the
/// result is the sequential walk's, object numbers shifted by the objects of the groups before.
struct HeapRecordScan: Sendable {
    var classes: [ClassRecord] = []
    var roots: [RawRoot] = []
    var threadObjects: [ThreadObjectRecord] = []
    var slices: [HeapSlice] = []
    var objectCount = 0
    var referenceBytes = 0
    var compressedVotes = 0
    var uncompressedVotes = 0
    /// The warnings of each record walked, keyed by the record's number in the dump.
    var warnings: [(record: Int, text: String)] = []

    /// Groups per worker (see the type's comment).
    static let groupsPerWorker = 8

    /// Walks `records` (body ranges in file order) on up to `workers` workers; each group reports `reading` from 0
    /// to 0.4 by its place in the file as it starts.
    static func run(file: MappedFile, idSize: Int, records: [Range<Int>], progress: ProgressSink?,
                    workers: Int = ParallelSlices.workerCount) -> HeapRecordScan {
        let asSlices = records.map { HeapSlice(start: $0.lowerBound, end: $0.upperBound, firstObject: 0, objectCount: 0) }
        let groups = ParallelSlices.groups(asSlices, workers: workers * groupsPerWorker)
        var parts = [HeapRecordScan](repeating: HeapRecordScan(), count: groups.count)
        parts.withUnsafeMutableBufferPointer { pp in
            let partBuf = SharedBuffer(pointer: pp)
            ParallelSlices.run(groups.count) { g in
                var part = HeapRecordScan()
                let range = groups[g]
                progress?.phase("reading", Double(g) / Double(groups.count) * 0.4)
                // One window over the group (a release per 16 MiB, not one per ~1 MiB record).
                var window = PassWindow(file: file, from: records[range.lowerBound].lowerBound)
                for r in range {
                    part.walk(file: file, idSize: idSize, record: r, from: records[r].lowerBound,
                              to: records[r].upperBound, window: &window)
                }
                window.finish(at: records[range.upperBound - 1].upperBound)
                partBuf.pointer[g] = part
            }
        }
        var all = HeapRecordScan()
        for part in parts { all.append(part) }
        return all
    }

    /// Appends a later group's part: its objects are numbered after ours.
    mutating func append(_ part: HeapRecordScan) {
        let shift = objectCount
        classes += part.classes
        roots += part.roots
        threadObjects += part.threadObjects
        slices.reserveCapacity(slices.count + part.slices.count)
        for var s in part.slices {
            s.firstObject += shift
            slices.append(s)
        }
        objectCount += part.objectCount
        referenceBytes += part.referenceBytes
        compressedVotes += part.compressedVotes
        uncompressedVotes += part.uncompressedVotes
        warnings += part.warnings
    }

    /// Steps over the sub-records of one heap-dump record, keeping classes and roots and counting objects.
    private mutating func walk(file: MappedFile, idSize id: Int, record: Int, from start: Int, to end: Int,
                               window: inout PassWindow) {
        let base = file.base
        let walker = SubRecordWalker(base: base, idSize: id)
        var p = start
        var sliceStart = start
        var sliceFirst = objectCount
        // The previous object, for the compressed-oops vote: its address and, if an object array, its length.
        var prevAddress: UInt64 = 0
        var prevArrayLength = -1
        while p < end {
            window.advance(to: p)
            ReadAhead.hint(base, p)
            let tag = base.u8(p)
            guard let len = walker.length(at: p, limit: end) else {
                if SubRecordWalker.isKnown(tag) {
                    warnings.append((record, "heap sub-record 0x\(String(tag, radix: 16)) at byte \(p) runs past the end of its record at byte \(end) (truncated dump); read the objects before it"))
                } else {
                    warnings.append((record, "unknown heap sub-record tag 0x\(String(tag, radix: 16)) at byte \(p) (expected a root, class, instance or array record); skipped the rest of this heap record (\(end - p) bytes)"))
                }
                break
            }
            switch tag {
            case HeapTag.instanceDump, HeapTag.objArrayDump, HeapTag.primArrayDump, HeapTag.primArrayNoData:
                let address = base.idbe(p + 1, size: id)
                if prevArrayLength > 0 && address > prevAddress {
                    let delta = address - prevAddress
                    let n = UInt64(prevArrayLength)
                    let compressed = (16 + 4 * n + 7) & ~7
                    let uncompressed = (24 + 8 * n + 7) & ~7
                    if delta == compressed { compressedVotes += 1 }
                    else if delta == uncompressed { uncompressedVotes += 1 }
                }
                prevAddress = address
                prevArrayLength = tag == HeapTag.objArrayDump ? Int(base.u32be(p + 1 + id + 4)) : -1
                objectCount += 1
                if tag == HeapTag.instanceDump || tag == HeapTag.objArrayDump { referenceBytes += len - 9 - 2 * id }
            case HeapTag.classDump:
                let q = p + 1
                classes.append(ClassRecord(
                    id: base.idbe(q, size: id), offset: p,
                    superID: base.idbe(q + id + 4, size: id),
                    loaderID: base.idbe(q + 2 * id + 4, size: id),
                    signersID: base.idbe(q + 3 * id + 4, size: id),
                    protectionDomainID: base.idbe(q + 4 * id + 4, size: id),
                    instanceSize: base.u32be(q + 7 * id + 4)))
                prevArrayLength = -1
            default:
                if HprofScan.rootKind(tag) != nil { root(tag, at: p, base: base, idSize: id) }
            }
            p += len
            if p - sliceStart >= HprofScan.sliceBytes {
                slices.append(HeapSlice(start: sliceStart, end: p, firstObject: sliceFirst,
                                        objectCount: objectCount - sliceFirst))
                sliceStart = p
                sliceFirst = objectCount
            }
        }
        if p > sliceStart {
            slices.append(HeapSlice(start: sliceStart, end: p, firstObject: sliceFirst,
                                    objectCount: objectCount - sliceFirst))
        }
    }

    /// A GC root sub-record (its thread and frame where the kind has them); root id 0 is dropped.
    private mutating func root(_ tag: UInt8, at p: Int, base: UnsafeRawPointer, idSize id: Int) {
        guard let kind = HprofScan.rootKind(tag) else { return }
        var root = RawRoot(id: base.idbe(p + 1, size: id), kind: kind, thread: 0, frame: -1)
        switch tag {
        case HeapTag.rootJNILocal, HeapTag.rootJavaFrame, HeapTag.rootJNIMonitor:
            root.thread = base.u32be(p + 1 + id)
            root.frame = Int32(bitPattern: base.u32be(p + 1 + id + 4))
        case HeapTag.rootNativeStack, HeapTag.rootThreadBlock:
            root.thread = base.u32be(p + 1 + id)
        case HeapTag.rootThreadObject:
            root.thread = base.u32be(p + 1 + id)
            threadObjects.append(ThreadObjectRecord(objectID: root.id, threadSerial: root.thread,
                                                    traceSerial: base.u32be(p + 1 + id + 4)))
        default: break
        }
        if root.id != 0 { roots.append(root) }
    }
}
