import DumpInput
import DumpProgress
import HeapGraph

/// A CLASS_DUMP as found in the file; fields and statics are decoded from `offset` when needed.
struct ClassRecord: Sendable {
    var id: UInt64
    var offset: Int
    var superID: UInt64
    var loaderID: UInt64
    var signersID: UInt64
    var protectionDomainID: UInt64
    var instanceSize: UInt32
}

/// A run of heap sub-records (at most ~256 KiB) inside one heap-dump record, with the objects it holds. Lets passes
/// run in parallel and lets a single object be found again by scanning one slice.
struct HeapSlice: Sendable {
    var start: Int
    var end: Int
    var firstObject: Int
    var objectCount: Int
}

struct RawRoot: Sendable {
    var id: UInt64
    var kind: RootKind
    var thread: UInt32
    var frame: Int32
}

struct FrameRecord: Sendable {
    var methodNameID: UInt64
    var signatureID: UInt64
    var sourceFileID: UInt64
    var classSerial: UInt32
    var line: Int32
}

struct TraceRecord: Sendable {
    var threadSerial: UInt32
    var frameIDs: [UInt64]
}

struct ThreadObjectRecord: Sendable {
    var objectID: UInt64
    var threadSerial: UInt32
    var traceSerial: UInt32
}

/// Pass 0: one sequential walk over the records. Collects names, classes, stack traces and roots, counts the objects
/// and cuts the heap into slices; objects themselves are only stepped over.
struct HprofScan: Sendable {
    let file: MappedFile
    let header: HprofHeader
    var utf8: [UInt64: (offset: Int, length: Int)] = [:]
    var classNameIDs: [UInt64: UInt64] = [:]          // class object id -> name id
    var classSerials: [UInt32: UInt64] = [:]          // class serial -> class object id
    var frames: [UInt64: FrameRecord] = [:]
    var traces: [UInt32: TraceRecord] = [:]
    var threadObjects: [ThreadObjectRecord] = []
    var classes: [ClassRecord] = []
    var roots: [RawRoot] = []
    var slices: [HeapSlice] = []
    var objectCount = 0
    /// Data bytes of INSTANCE_DUMP and OBJ_ARRAY_DUMP records (fields, elements): no object has more references than
    /// these bytes hold ids.
    var referenceBytes = 0
    var sawHeapDumpEnd = false
    var heapRecords = 0
    /// Which heap dump to read (0-based) when the file holds several (the JDK 6/7 HPROF agent writes one per
    /// request): a dump is one HEAP_DUMP record, or a run of HEAP_DUMP_SEGMENT records closed by HEAP_DUMP_END.
    var selectedDump = 0
    /// How many heap dumps the file holds, and the bytes of heap records in each.
    var dumpCount = 0
    var dumpHeapBytes: [Int] = []
    private var inSegmentedDump = false
    private var selectedIsSegmented = false
    var warnings: [String] = []
    var unknownTags: [UInt8: Int] = [:]
    var firstUnknownTagOffset: [UInt8: Int] = [:]
    /// Votes from adjacent object arrays: which reference size makes their addresses line up.
    var compressedVotes = 0
    var uncompressedVotes = 0

    static let sliceBytes = 256 << 10

    init(file: MappedFile, header: HprofHeader, selectedDump: Int = 0) {
        self.file = file
        self.header = header
        self.selectedDump = selectedDump
    }

    /// Over 100 lines on purpose: the record loop of pass 0 runs once per top-level record of a multi-GB file and
    /// keeps its cursor and counters in locals; each record kind's work is already a call (`scanHeap`, …).
    mutating func run(progress: ProgressSink?) {
        let base = file.base
        let end = file.count
        let id = header.idSize
        var pos = header.length
        var heapBodies: [Range<Int>] = []
        var heapWarningsAt: [Int] = []
        // Pages already walked leave the resident set (the page cache keeps them for the next pass).
        var window = PassWindow(file: file, from: 0)
        while pos < end {
            window.advance(to: pos)
            guard pos + 9 <= end else {
                warnings.append("the file ends inside a record header at byte \(pos) (truncated dump); read what came before")
                break
            }
            let tag = base.u8(pos)
            let length = Int(base.u32be(pos + 5))
            let bodyStart = pos + 9
            var bodyEnd = bodyStart + length
            if tag == RecordTag.heapDump || tag == RecordTag.heapDumpSegment {
                let left = end - bodyStart
                if length == 0 && left > 0 {
                    warnings.append("heap dump record at byte \(pos) has length 0 (the writer did not finish); read it to the end of the file")
                    bodyEnd = end
                } else if tag == RecordTag.heapDump && left > length && (left - length) % (1 << 32) == 0 {
                    bodyEnd = end   // a 1.0.1 HEAP_DUMP over 4 GiB: its u4 length wrapped (MAT bug 404679)
                } else if bodyEnd > end {
                    warnings.append("heap dump segment at byte \(pos) is cut off: expected \(length) bytes, found \(left) (truncated dump); read the complete objects in it")
                    bodyEnd = end
                }
                if tag == RecordTag.heapDump || !inSegmentedDump {
                    dumpCount += 1
                    dumpHeapBytes.append(0)
                }
                inSegmentedDump = tag == RecordTag.heapDumpSegment
                dumpHeapBytes[dumpCount - 1] += bodyEnd - bodyStart
                if dumpCount - 1 == selectedDump {
                    if inSegmentedDump { selectedIsSegmented = true }
                    heapRecords += 1
                    // Walked below on all cores; its warnings go where the sequential walk would have put them.
                    heapBodies.append(bodyStart..<bodyEnd)
                    heapWarningsAt.append(warnings.count)
                }
                pos = bodyEnd
                continue
            }
            guard bodyEnd <= end else {
                warnings.append("record 0x\(String(tag, radix: 16)) at byte \(pos) runs past the end of the file (expected \(length) bytes, found \(end - bodyStart)); truncated dump, read what came before")
                break
            }
            switch tag {
            case RecordTag.utf8:
                if length >= id { utf8[base.idbe(bodyStart, size: id)] = (bodyStart + id, length - id) }
            case RecordTag.loadClass:
                if length >= 8 + 2 * id {
                    let serial = base.u32be(bodyStart)
                    let classID = base.idbe(bodyStart + 4, size: id)
                    let nameID = base.idbe(bodyStart + 8 + id, size: id)
                    classNameIDs[classID] = nameID
                    classSerials[serial] = classID
                }
            case RecordTag.frame:
                if length >= 4 * id + 8 {
                    frames[base.idbe(bodyStart, size: id)] = FrameRecord(
                        methodNameID: base.idbe(bodyStart + id, size: id),
                        signatureID: base.idbe(bodyStart + 2 * id, size: id),
                        sourceFileID: base.idbe(bodyStart + 3 * id, size: id),
                        classSerial: base.u32be(bodyStart + 4 * id),
                        line: Int32(bitPattern: base.u32be(bodyStart + 4 * id + 4)))
                }
            case RecordTag.trace:
                if length >= 12 {
                    let serial = base.u32be(bodyStart)
                    let thread = base.u32be(bodyStart + 4)
                    let n = Int(base.u32be(bodyStart + 8))
                    let count = min(n, (length - 12) / id)
                    var ids: [UInt64] = []
                    ids.reserveCapacity(count)
                    for k in 0..<count { ids.append(base.idbe(bodyStart + 12 + k * id, size: id)) }
                    traces[serial] = TraceRecord(threadSerial: thread, frameIDs: ids)
                }
            case RecordTag.heapDumpEnd:
                if inSegmentedDump && dumpCount - 1 == selectedDump { sawHeapDumpEnd = true }
                inSegmentedDump = false
            default:
                if !RecordTag.known.contains(tag) {
                    unknownTags[tag, default: 0] += 1
                    if firstUnknownTagOffset[tag] == nil { firstUnknownTagOffset[tag] = pos }
                }
            }
            pos = bodyEnd
        }
        addHeap(HeapRecordScan.run(file: file, idSize: id, records: heapBodies, progress: progress),
                warningsAt: heapWarningsAt)
        for (tag, n) in unknownTags.sorted(by: { $0.key < $1.key }) {
            warnings.append("skipped \(n) record(s) with unknown tag 0x\(String(tag, radix: 16)) (first at byte \(firstUnknownTagOffset[tag] ?? 0))")
        }
        if selectedIsSegmented && !sawHeapDumpEnd && heapRecords > 0 && !warnings.contains(where: { $0.contains("truncated") }) {
            warnings.append("no HEAP_DUMP_END record: the dump may be truncated; read what is complete")
        }
        if heapRecords == 0 {
            warnings.append("the file holds no heap dump records (no objects)")
        }
    }

    /// The heap records' classes, roots, objects and slices, and each record's warnings inserted where the
    /// sequential walk met them (`warningsAt[r]`: how many warnings came before heap record `r`).
    private mutating func addHeap(_ heap: HeapRecordScan, warningsAt: [Int]) {
        classes = heap.classes
        roots = heap.roots
        threadObjects = heap.threadObjects
        slices = heap.slices
        objectCount = heap.objectCount
        referenceBytes = heap.referenceBytes
        compressedVotes = heap.compressedVotes
        uncompressedVotes = heap.uncompressedVotes
        guard !heap.warnings.isEmpty else { return }
        var merged: [String] = []
        var next = 0
        for (record, text) in heap.warnings {
            while next < warningsAt[record] { merged.append(warnings[next]); next += 1 }
            merged.append(text)
        }
        merged += warnings[next...]
        warnings = merged
    }

    static func rootKind(_ tag: UInt8) -> RootKind? {
        switch tag {
        case HeapTag.rootUnknown: return .unknown
        case HeapTag.rootJNIGlobal: return .jniGlobal
        case HeapTag.rootJNILocal: return .jniLocal
        case HeapTag.rootJavaFrame: return .javaFrame
        case HeapTag.rootNativeStack: return .nativeStack
        case HeapTag.rootStickyClass: return .stickyClass
        case HeapTag.rootThreadBlock: return .threadBlock
        case HeapTag.rootMonitorUsed: return .monitorUsed
        case HeapTag.rootThreadObject: return .threadObject
        case HeapTag.rootInternedString: return .internedString
        case HeapTag.rootFinalizing: return .finalizing
        case HeapTag.rootDebugger: return .debugger
        case HeapTag.rootReferenceCleanup: return .referenceCleanup
        case HeapTag.rootVMInternal: return .vmInternal
        case HeapTag.rootJNIMonitor: return .jniMonitor
        default: return nil
        }
    }

    /// The (modified) UTF-8 text of a name id, or nil.
    func string(_ nameID: UInt64) -> String? {
        guard let r = utf8[nameID] else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: file.base + r.offset, count: r.length), as: UTF8.self)
    }
}

/// The file header: `JAVA PROFILE 1.0.x\0`, identifier size, timestamp.
struct HprofHeader: Sendable {
    var version: String
    var idSize: Int
    var timestampMillis: UInt64
    var length: Int

    init(_ file: MappedFile) throws(DumpError) {
        let base = file.base
        let prefix = Array("JAVA PROFILE ".utf8)
        guard file.count > prefix.count, (0..<prefix.count).allSatisfy({ base.u8($0) == prefix[$0] }) else {
            throw DumpError(file: file.path, offset: 0, "not a heap dump: expected \"JAVA PROFILE 1.0.x\"")
        }
        var nul = prefix.count
        while nul < min(file.count, 64), base.u8(nul) != 0 { nul += 1 }
        guard nul < file.count, base.u8(nul) == 0 else {
            throw DumpError(file: file.path, offset: prefix.count, "expected the NUL that ends the HPROF version string")
        }
        version = String(decoding: UnsafeRawBufferPointer(start: base + prefix.count, count: nul - prefix.count),
                         as: UTF8.self)
        guard ["1.0.1", "1.0.2", "1.0.3"].contains(version) else {
            throw DumpError(file: file.path, offset: prefix.count,
                            "unsupported HPROF version \"\(version)\": expected 1.0.1, 1.0.2 or 1.0.3")
        }
        guard nul + 13 <= file.count else {
            throw DumpError(file: file.path, offset: nul + 1, "expected the identifier size and timestamp after the version (truncated header)")
        }
        let size = Int(base.u32be(nul + 1))
        guard size == 4 || size == 8 else {
            throw DumpError(file: file.path, offset: nul + 1, "expected an identifier size of 4 or 8, found \(size)")
        }
        idSize = size
        timestampMillis = base.u64be(nul + 5)
        length = nul + 13
    }
}
