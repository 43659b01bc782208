import DumpProgress
import Foundation
import Testing
@testable import DumpInput

/// The mapping slots the SIGBUS handler reads are written under DumpProgress's `Locked`: threads registering at once
/// never get the same slot, and every slot they free is free afterwards. (PendingFiles' slots are not hammered the
/// same way: adding and removing names installs and restores signal handlers, which would race with the test that
/// sends itself SIGTERM.)
@Suite struct SignalSlotTests {
    @Test func concurrentMappingRegistrationsGetDistinctSlots() {
        let threads = 8, each = 12
        let results = Locked([[Int?]](repeating: [], count: threads))
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for k in 0..<each {
                let base = UnsafeRawPointer(bitPattern: 0x4000_0000 + (t * each + k) * 0x1000)!
                let slot = MappingGuard.register(base: base, length: 0x1000, file: "t\(t)-\(k)")
                results.withLock { $0[t].append(slot) }
            }
        }
        let slots = results.withLock { $0 }
        let all = slots.flatMap { $0 }
        #expect(all.count == threads * each)
        #expect(!all.contains(nil), "slots ran out: \(all.filter { $0 == nil }.count) registrations failed")
        let claimed = all.compactMap { $0 }
        #expect(Set(claimed).count == claimed.count, "two registrations got the same slot")
        for (t, list) in slots.enumerated() {
            for (k, slot) in list.enumerated() {
                guard let slot else { continue }
                #expect(MappingGuard.starts[slot] == UInt(0x4000_0000 + (t * each + k) * 0x1000))
            }
        }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for slot in slots[t] { if let slot { MappingGuard.unregister(slot) } }
        }
        for slot in claimed { #expect(MappingGuard.starts[slot] == 0 && MappingGuard.messages[slot] == nil) }
    }
}
