import Testing
@testable import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

/// The spill primitive (Spill.swift): after a spill the array holds the same bytes, its pages are a shared mapping of
/// a deleted file (read from /proc/self/maps) whose resident size (its Rss in /proc/self/smaps, not hdx's figure) is 0
/// until it is read; `drop` takes it out again; an unwritable folder or memory that is not its own malloc mapping
/// leaves the array as it was.
@Suite struct SpillTests {
    /// The Rss in KiB of the /proc/self/smaps entry that starts at `start`, or nil.
    static func residentKiB(mappingAt start: Int) -> Int? {
        guard let f = fopen("/proc/self/smaps", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 4096)
        var inside = false
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let head = text.prefix { $0 != " " }.split(separator: "-")
            if head.count == 2, let lo = Int(head[0], radix: 16), Int(head[1], radix: 16) != nil {
                inside = lo == start
            } else if inside && text.hasPrefix("Rss:") {
                return Int(text.dropFirst(4).filter { $0.isNumber })
            }
        }
        return nil
    }

    static let count = 10_000_000   // 40 MB: above glibc's largest mmap threshold, so its own malloc mapping

    static func filledArray() -> ContiguousArray<UInt32> {
        ContiguousArray((0..<count).lazy.map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) })
    }

    #if os(Linux)
    @Test func spilledArrayKeepsItsBytesAndLeavesMemoryUntilRead() throws {
        let dir = try OutOfCoreTests.freshDirectory()
        defer { rmdir(dir) }
        let array = Self.filledArray()
        let expected = Self.filledArray()
        try array.withUnsafeBytes { raw in
            let pages = try #require(Spill.wholePages(raw))
            #expect(Spill.ownMappingRefusal(raw) == nil)
            let spilled = Spill.spill(raw, directory: dir)
            #expect(spilled == pages.count)
            let line = try #require(FileBackedArraysTests.mapping(of: raw.baseAddress! + raw.count / 2))
            #expect(line.contains("rw-s") && line.contains("(deleted)"), "\(line)")
            #expect(Self.residentKiB(mappingAt: pages.lowerBound) == 0)
            // Nothing was left in the folder (the file was unlinked at once).
            #expect(OutOfCoreTests.entries(dir) == 0)
        }
        #expect(array == expected)
        try array.withUnsafeBytes { raw in
            let pages = try #require(Spill.wholePages(raw))
            #expect(try #require(Self.residentKiB(mappingAt: pages.lowerBound)) >= pages.count / 1024)
            Spill.drop(raw)
            #expect(Self.residentKiB(mappingAt: pages.lowerBound) == 0)
        }
        #expect(array == expected)
    }

    @Test func unwritableFolderKeepsTheArray() {
        let array = Self.filledArray()
        array.withUnsafeBytes { raw in
            #expect(Spill.spill(raw, directory: "/nonexistent/hdx-spill") == 0)
            let line = FileBackedArraysTests.mapping(of: raw.baseAddress! + raw.count / 2) ?? ""
            #expect(line.contains("rw-p") && !line.contains("(deleted)"), "\(line)")
        }
        #expect(array == Self.filledArray())
    }

    @Test func memoryNotItsOwnMappingIsKept() throws {
        let dir = try OutOfCoreTests.freshDirectory()
        defer { rmdir(dir) }
        let array = Self.filledArray()
        // The second half of the array: no malloc chunk starts right before it.
        array.withUnsafeBytes { raw in
            let half = UnsafeRawBufferPointer(rebasing: raw[(raw.count / 2)...])
            #expect(Spill.ownMappingRefusal(half) != nil)
            #expect(Spill.spill(half, directory: dir) == 0)
        }
        // Drop never touches anonymous memory.
        array.withUnsafeBytes { Spill.drop($0) }
        #expect(array == Self.filledArray())
    }
    #endif
}
