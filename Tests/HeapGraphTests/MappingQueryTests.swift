import Testing
@testable import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

/// The spill's check that an array is its own anonymous mapping, asked of the kernel in one step (`MappingQuery`,
/// PROCMAP_QUERY): it answers on this machine's kernel (Linux 6.18), and says no for a range with a hole, an address
/// with nothing mapped, a private file mapping, a shared anonymous one and an executable one.
@Suite struct MappingQueryTests {
    #if os(Linux)
    static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    @Test func answersForAnAnonymousMappingAndNotAcrossAHole() throws {
        let bytes = 16 * Self.page
        let p = try #require(mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        defer { munmap(p, bytes) }
        let range = Int(bitPattern: p)..<(Int(bitPattern: p) + bytes)
        guard let answer = MappingQuery.anonymousPrivate(covering: range) else {
            // Only a kernel before 6.11 may have no answer (then the maps file is read).
            #expect(Self.kernelVersion().lexicographicallyPrecedes([6, 11]), "PROCMAP_QUERY unanswered on Linux \(Self.kernelVersion())")
            return
        }
        #expect(answer)
        // A hole: unmap the middle page; nothing covers the whole range any more, nothing is at the hole.
        munmap(p + 8 * Self.page, Self.page)
        #expect(MappingQuery.anonymousPrivate(covering: range) == false)
        let hole = range.lowerBound + 8 * Self.page
        #expect(MappingQuery.anonymousPrivate(covering: hole..<(hole + Self.page)) == false)
    }

    /// The running kernel's major and minor version, from uname(2).
    static func kernelVersion() -> [Int] {
        var u = utsname()
        uname(&u)
        let release = withUnsafeBytes(of: &u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
    }

    @Test func fileAndSharedMappingsAreNotAnonymousPrivate() throws {
        guard MappingQuery.anonymousPrivate(covering: 0..<1) != nil else { return }   // see above
        let dir = try OutOfCoreTests.freshDirectory()
        defer { rmdir(dir) }
        let fd = try #require(StorageBlock.temporaryFile(in: dir))
        defer { close(fd) }
        #expect(ftruncate(fd, off_t(4 * Self.page)) == 0)
        let f = try #require(mmap(nil, 4 * Self.page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0))
        defer { munmap(f, 4 * Self.page) }
        let fileRange = Int(bitPattern: f)..<(Int(bitPattern: f) + 4 * Self.page)
        #expect(MappingQuery.anonymousPrivate(covering: fileRange) == false)
        let shared = try #require(mmap(nil, 4 * Self.page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0))
        defer { munmap(shared, 4 * Self.page) }
        let sharedRange = Int(bitPattern: shared)..<(Int(bitPattern: shared) + 4 * Self.page)
        #expect(MappingQuery.anonymousPrivate(covering: sharedRange) == false)
        // Executable anonymous memory is not what malloc hands out either ("rwxp", not "rw-p").
        let exec = mmap(nil, 4 * Self.page, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let exec, exec != MAP_FAILED {
            defer { munmap(exec, 4 * Self.page) }
            let execRange = Int(bitPattern: exec)..<(Int(bitPattern: exec) + 4 * Self.page)
            #expect(MappingQuery.anonymousPrivate(covering: execRange) == false)
        }
    }
    #endif
}
