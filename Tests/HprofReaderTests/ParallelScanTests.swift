import Foundation
import Testing
import DumpInput
@testable import HprofReader

/// Pass 0 walks the heap records on several workers: objects, slices, classes, roots and warnings must come out in
/// file order, numbered as one sequential walk numbers them. Checked against what the writer put where.
@Suite struct ParallelScanTests {
    /// 24 segments; segment k holds k + 1 byte arrays (ids ascending) and a root on its first array, segment 0 also
    /// a class; segments 7 and 17 end in an unknown sub-record tag (two warnings, each with its byte offset).
    struct Written {
        var writer: HprofWriter
        var bodies: [Range<Int>] = []
        var warnings: [String] = []
        var rootIDs: [UInt64] = []
    }

    static func write() -> Written {
        var w = Written(writer: HprofWriter(version: "1.0.2", idSize: 8))
        var nextID: UInt64 = 0x10000
        for k in 0..<24 {
            let bodyStart = w.writer.bytes.count + 9
            var rootID: UInt64 = 0
            var warning: String?
            w.writer.record(0x1C) { h in
                if k == 0 { h.classDump(0x100, super: 0) }
                for a in 0...k {
                    if a == 0 { rootID = nextID; h.root(0xFF, nextID) }
                    h.primitiveArray(nextID, type: 8, count: k, elementSize: 1)
                    nextID += 0x20
                }
                if k == 7 || k == 17 {
                    let at = bodyStart + h.bytes.count
                    h.bytes += [0x77, 1, 2, 3, 4, 5]
                    warning = "unknown heap sub-record tag 0x77 at byte \(at) (expected a root, class, instance or array record); skipped the rest of this heap record (6 bytes)"
                }
            }
            w.bodies.append(bodyStart..<w.writer.bytes.count)
            w.rootIDs.append(rootID)
            if let warning { w.warnings.append(warning) }
        }
        w.writer.record(0x2C) { _ in }
        return w
    }

    func expectWritten(_ heap: HeapRecordScan, _ w: Written) {
        #expect(heap.objectCount == (1...24).reduce(0, +))
        #expect(heap.classes.map(\.id) == [0x100])
        #expect(heap.roots.map(\.id) == w.rootIDs)
        #expect(heap.slices.count == 24)
        for (k, s) in heap.slices.enumerated() {
            #expect(s.start == w.bodies[k].lowerBound)
            #expect(s.firstObject == k * (k + 1) / 2, "objects of the segments before")
            #expect(s.objectCount == k + 1)
        }
        #expect(heap.warnings.map(\.text) == w.warnings)
        #expect(heap.warnings.map(\.record) == [7, 17])
    }

    @Test(arguments: [1, 2, 3, 5])
    func workersNumberObjectsInFileOrder(workers: Int) throws {
        let w = Self.write()
        let file = try MappedFile(path: try w.writer.write("parallel-scan-\(workers).hprof"))
        let heap = HeapRecordScan.run(file: file, idSize: 8, records: w.bodies, progress: nil, workers: workers)
        expectWritten(heap, w)
    }

    @Test func scanKeepsWarningsInFileOrder() throws {
        var w = Self.write()
        // A record with an unknown top-level tag between the heap records and a cut-off record at the end: the
        // heap warnings come first, in file order, then the cut-off record, then the unknown-tag count.
        w.writer.record(0x99) { $0.u4(7) }
        let cutAt = w.writer.bytes.count
        w.writer.u1(0x01); w.writer.u4(0); w.writer.u4(100); w.writer.u8(5)
        let file = try MappedFile(path: try w.writer.write("parallel-scan-warnings.hprof"))
        var scan = HprofScan(file: file, header: try HprofHeader(file))
        scan.run(progress: nil)
        #expect(scan.objectCount == 300)
        #expect(scan.roots.map(\.id) == w.rootIDs)
        #expect(scan.slices.map(\.firstObject) == (0..<24).map { $0 * ($0 + 1) / 2 })
        #expect(scan.warnings.count == 4)
        #expect(Array(scan.warnings.prefix(2)) == w.warnings)
        #expect(scan.warnings[2].hasPrefix("record 0x1 at byte \(cutAt) runs past the end of the file"))
        #expect(scan.warnings[3].hasPrefix("skipped 1 record(s) with unknown tag 0x99"))
    }
}
