import Testing
@testable import HeapGraph

/// The two allocation shortcuts of the dominator tree build (ArrayStorage.swift): an array faulted in on both cores
/// is all zeros, in memory and out of core, and a `reused` view of a spare array reads and writes that array's bytes
/// and keeps them alive after the original is gone.
@Suite struct StoredArrayReuseTests {
    /// 20 MiB: above the size from which both cores fault in half each.
    @Test(arguments: [false, true])
    func zeroedOnBothCoresIsAllZero(outOfCore: Bool) {
        let storage = outOfCore ? ArrayStorage.outOfCore() : .memory
        let count = 5 << 20
        let a: StoredArray<UInt32> = storage.allocateZeroedOnBothCores(count)
        #expect(a.count == count)
        #expect(a.buffer.allSatisfy { $0 == 0 })
        a.buffer[count - 1] = 7   // writable to the last element
        #expect(a[count - 1] == 7)
    }

    @Test func reusedViewSharesTheBytesAndOutlivesTheOriginal() {
        var original: StoredArray<Link>? = ArrayStorage.memory.allocate(1000, repeating: Link(up: 0, best: 0))
        original!.buffer[10] = Link(up: 0xAAAA_AAAA, best: 0x5555_5555)
        let words = original!.reused(as: UInt32.self, byteOffset: 80, count: 2)
        #expect(words[0] == 0xAAAA_AAAA && words[1] == 0x5555_5555)
        let tail = original!.reused(as: UInt32.self, byteOffset: 4000, count: 1000)
        original = nil
        tail.buffer.update(repeating: 3)   // still mapped: the view keeps the block
        #expect(tail.column.allSatisfy { $0 == 3 })
        #expect(words.byteCapacity == 8000)
    }
}
