import Foundation
import Testing
import DumpInput
import DumpKit
import HeapGraph

/// Damaged dumps never crash hdx: thousands of mutations of a valid file (bit flips, overwritten length fields,
/// random cuts) each either load, with warnings, or fail with a one-line DumpError.
@Suite struct FuzzTests {
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    @Test(arguments: [4, 8])
    func mutatedDumpsLoadOrFailCleanly(idSize: Int) throws {
        let original = TinyHeap.write(idSize: idSize).bytes
        var rng = Rng(state: UInt64(idSize) * 977)
        var loaded = 0, failed = 0
        for round in 0..<1500 {
            var bytes = original
            switch round % 4 {
            case 0:   // flip a few bits anywhere after the header
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 20..<bytes.count, using: &rng)
                    bytes[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                }
            case 1:   // overwrite four bytes with a large or small value (hits length and count fields)
                let i = Int.random(in: 20..<(bytes.count - 4), using: &rng)
                let v: [UInt8] = [[0xff, 0xff, 0xff, 0xff], [0, 0, 0, 0], [0x7f, 0xff, 0xff, 0xf0], [0, 0, 1, 0]]
                    .randomElement(using: &rng)!
                bytes.replaceSubrange(i..<(i + 4), with: v)
            case 2:   // cut anywhere
                bytes = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &rng)))
            default:  // duplicate a random run (repeated records, shifted tags)
                let a = Int.random(in: 20..<bytes.count, using: &rng)
                let b = min(bytes.count, a + Int.random(in: 1...64, using: &rng))
                bytes.insert(contentsOf: bytes[a..<b], at: Int.random(in: 20..<bytes.count, using: &rng))
            }
            var w = HprofWriter(idSize: idSize)
            w.bytes = bytes
            let path = try w.write("fuzz-\(idSize).hprof")
            do throws(DumpError) {
                let d = try DumpLoader.load(path: path)
                // Whatever loaded must be a consistent index.
                #expect(d.index.reachableBytes <= d.index.shallowBytes)
                for n in d.index.topDominators(limit: 3) { _ = d.index.details.fields(of: n) }
                loaded += 1
            } catch {
                #expect(!error.description.contains("\n"))
                failed += 1
            }
        }
        #expect(loaded > 0, "some mutations (a flipped bit in a value) still load")
        #expect(failed > 0, "some mutations (a cut inside the header) must be rejected")
    }
}
