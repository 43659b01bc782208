import DumpInput

/// Finds the length of heap-dump sub-records. Sub-records carry no length of their own, so every tag must be known;
/// `nil` means an unknown tag or a record that does not fit before `limit`.
struct SubRecordWalker {
    let base: UnsafeRawPointer
    let idSize: Int

    /// Total length of the sub-record at `p` (tag byte included), or nil.
    @inline(__always)
    func length(at p: Int, limit: Int) -> Int? {
        let id = idSize
        let tag = base.u8(p)
        let fixed: Int
        switch tag {
        case HeapTag.instanceDump:
            let head = 1 + id + 4 + id + 4
            guard p + head <= limit else { return nil }
            fixed = head + Int(base.u32be(p + 1 + id + 4 + id))
        case HeapTag.objArrayDump:
            let head = 1 + id + 4 + 4 + id
            guard p + head <= limit else { return nil }
            fixed = head + Int(base.u32be(p + 1 + id + 4)) * id
        case HeapTag.primArrayDump:
            let head = 1 + id + 4 + 4 + 1
            guard p + head <= limit else { return nil }
            let size = BasicType.size(base.u8(p + 1 + id + 8), idSize: id)
            guard size > 0, base.u8(p + 1 + id + 8) != BasicType.object else { return nil }
            fixed = head + Int(base.u32be(p + 1 + id + 4)) * size
        case HeapTag.classDump:
            return classDumpLength(at: p, limit: limit)
        case HeapTag.rootUnknown, HeapTag.rootStickyClass, HeapTag.rootMonitorUsed, HeapTag.rootInternedString,
             HeapTag.rootFinalizing, HeapTag.rootDebugger, HeapTag.rootReferenceCleanup, HeapTag.rootVMInternal,
             HeapTag.unreachable:
            fixed = 1 + id
        case HeapTag.rootJNIGlobal: fixed = 1 + 2 * id
        case HeapTag.rootJNILocal, HeapTag.rootJavaFrame, HeapTag.rootThreadObject, HeapTag.rootJNIMonitor:
            fixed = 1 + id + 8
        case HeapTag.rootNativeStack, HeapTag.rootThreadBlock: fixed = 1 + id + 4
        case HeapTag.primArrayNoData: fixed = 1 + id + 4 + 4 + 1
        case HeapTag.heapDumpInfo: fixed = 1 + 4 + id
        default: return nil
        }
        return p + fixed <= limit ? fixed : nil
    }

    static func isKnown(_ tag: UInt8) -> Bool {
        switch tag {
        case HeapTag.instanceDump, HeapTag.objArrayDump, HeapTag.primArrayDump, HeapTag.classDump,
             HeapTag.rootUnknown, HeapTag.rootStickyClass, HeapTag.rootMonitorUsed, HeapTag.rootInternedString,
             HeapTag.rootFinalizing, HeapTag.rootDebugger, HeapTag.rootReferenceCleanup, HeapTag.rootVMInternal,
             HeapTag.unreachable, HeapTag.rootJNIGlobal, HeapTag.rootJNILocal, HeapTag.rootJavaFrame,
             HeapTag.rootThreadObject, HeapTag.rootJNIMonitor, HeapTag.rootNativeStack, HeapTag.rootThreadBlock,
             HeapTag.primArrayNoData, HeapTag.heapDumpInfo:
            return true
        default:
            return false
        }
    }

    /// CLASS_DUMP: fixed part, then constant pool, statics and instance field descriptors.
    func classDumpLength(at p: Int, limit: Int) -> Int? {
        let id = idSize
        var q = p + 1 + id + 4 + 6 * id + 4
        guard q + 2 <= limit else { return nil }
        let cp = Int(base.u16be(q))
        q += 2
        for _ in 0..<cp {
            guard q + 3 <= limit else { return nil }
            let size = BasicType.size(base.u8(q + 2), idSize: id)
            guard size > 0 else { return nil }
            q += 3 + size
        }
        guard q + 2 <= limit else { return nil }
        let statics = Int(base.u16be(q))
        q += 2
        for _ in 0..<statics {
            guard q + id + 1 <= limit else { return nil }
            let size = BasicType.size(base.u8(q + id), idSize: id)
            guard size > 0 else { return nil }
            q += id + 1 + size
        }
        guard q + 2 <= limit else { return nil }
        let fields = Int(base.u16be(q))
        q += 2 + fields * (id + 1)
        return q <= limit ? q - p : nil
    }
}
