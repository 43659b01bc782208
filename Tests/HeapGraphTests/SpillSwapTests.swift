import Dispatch
import DumpProgress
import Testing
@testable import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

/// The spill's swap (Spill.swift): an array spilled in several pieces ends up as shared mappings covering all its
/// whole pages, and a thread reading the array all through the spill always reads its bytes (the swap by `mremap`
/// leaves no moment where a piece is unmapped or zero).
@Suite struct SpillSwapTests {
    #if os(Linux)
    @Test func readerBesideTheSpillAlwaysSeesTheBytes() throws {
        let dir = try OutOfCoreTests.freshDirectory()
        defer { rmdir(dir) }
        let array = SpillTests.filledArray()
        let expected = array.reduce(UInt64(0)) { $0 &+ UInt64($1) }
        let pieces = SpillTests.count * 4 / Spill.swapPiece
        #expect(pieces >= 4)
        let sums = Locked<[UInt64]>([])
        let spilling = Locked(true)
        try array.withUnsafeBytes { raw in
            let pages = try #require(Spill.wholePages(raw))
            let words = raw.bindMemory(to: UInt32.self)
            let shared = SharedBuffer(pointer: UnsafeMutableBufferPointer(mutating: words))
            let started = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                let w = shared.pointer
                started.signal()
                repeat {
                    var s: UInt64 = 0
                    for x in w { s &+= UInt64(x) }
                    sums.withLock { $0.append(s) }
                } while spilling.withLock { $0 }
                done.signal()
            }
            started.wait()
            #expect(Spill.spill(raw, directory: dir) == pages.count, "\(Spill.lastRefusal.withLock { $0 })")
            spilling.withLock { $0 = false }
            done.wait()
            let covered = Spill.sharedMappings(within: pages).reduce(0) { $0 + $1.count }
            #expect(covered == pages.count)
        }
        let seen = sums.withLock { $0 }
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0 == expected })
        #expect(array == SpillTests.filledArray())
    }
    #endif
}
