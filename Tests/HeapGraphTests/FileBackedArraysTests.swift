import Testing
@testable import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

/// The out-of-core `ContiguousArray`s (FileBackedArrays.swift): their pages really are a mapping of a file in the
/// storage's folder (read from /proc/self/maps, not from hdx), they hold what was written, the mapping goes away with
/// the array, and in memory (or below the size threshold) they are plain arrays.
@Suite struct FileBackedArraysTests {
    /// The /proc/self/maps lines whose range contains `address`.
    static func mapping(of address: UnsafeRawPointer) -> String? {
        guard let f = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 4096)
        let a = UInt(bitPattern: address)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let range = text.prefix { $0 != " " }.split(separator: "-")
            guard range.count == 2, let lo = UInt(range[0], radix: 16), let hi = UInt(range[1], radix: 16) else {
                continue
            }
            if lo <= a && a < hi { return text }
        }
        return nil
    }

    #if os(Linux)
    @Test func outOfCoreArraysAreFileMappingsThatGoAwayWithTheArray() throws {
        let dir = try OutOfCoreTests.freshDirectory()
        defer { rmdir(dir) }
        let storage = ArrayStorage(directory: dir)
        let count = 1_000_003
        var middle: UInt = 0
        do {
            var sevens = storage.array(repeating: UInt32(7), count: count)
            let zeros = storage.array(repeating: UInt64(0), count: count)
            var filled = storage.uninitializedArray(UInt32.self, count: count)
            for i in 0..<count { filled[i] = UInt32(truncatingIfNeeded: i &* 2_654_435_761) }
            sevens[count - 1] = 8
            #expect(sevens.count == count && zeros.count == count && filled.count == count)
            #expect(sevens.dropLast().allSatisfy { $0 == 7 } && sevens[count - 1] == 8)
            #expect(zeros.allSatisfy { $0 == 0 })
            #expect((0..<count).allSatisfy { filled[$0] == UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) })
            try sevens.withUnsafeBufferPointer { b in
                let inside = try #require(b.baseAddress).advanced(by: count / 2)
                middle = UInt(bitPattern: inside)
                let line = try #require(Self.mapping(of: inside))
                #expect(line.contains(dir), "the middle of the array is mapped from \(dir): \(line)")
                #expect(line.contains(" rw-s "), "a shared mapping: \(line)")
            }
            let copy = filled.withUnsafeBufferPointer { storage.array(copying: $0) }
            #expect(copy == filled)
            #expect(OutOfCoreTests.entries(dir) == 0, "the temporary files have no name")
        }
        if let p = UnsafeRawPointer(bitPattern: middle), let line = Self.mapping(of: p) {
            #expect(!line.contains(dir), "the file mapping went with the array: \(line)")
        }
    }
    #endif

    @Test func inMemoryAndSmallArraysArePlainArrays() throws {
        let small = ArrayStorage(directory: "/var/tmp").array(repeating: UInt8(5), count: 100)
        #expect(small == ContiguousArray(repeating: 5, count: 100))
        let plain = ArrayStorage.memory.array(repeating: Int32(-5), count: 500_000)
        #expect(plain.allSatisfy { $0 == -5 })
        try plain.withUnsafeBufferPointer { b in
            let base = try #require(b.baseAddress)
            let line = try #require(Self.mapping(of: base))
            #expect(!line.contains(" rw-s "), "anonymous memory: \(line)")
        }
        // A folder that cannot be written: the array stays in memory, with the same contents.
        let fallback = ArrayStorage(directory: "/nonexistent/hdx-ooc").array(repeating: UInt16(9), count: 300_000)
        #expect(fallback.allSatisfy { $0 == 9 })
    }
}
