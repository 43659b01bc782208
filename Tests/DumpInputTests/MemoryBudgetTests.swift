import Foundation
import Testing
@testable import DumpInput

/// The memory check: parses what the kernel reports and refuses with one line that names the need.
@Suite struct MemoryBudgetTests {
    @Test func parsesProcLines() {
        let parsed = MemoryBudget.keyedKilobytes("VmPeak:\t  220716 kB\nVmSize:\t  100 kB\nThreads:\t3\nMemAvailable:   2 kB\n")
        #expect(parsed == ["VmPeak": 220716 * 1024, "VmSize": 100 * 1024, "MemAvailable": 2048])
    }

    @Test func formatsMiBRoundingUp() {
        #expect(MemoryBudget.formatMiB(1) == "1 MiB")
        #expect(MemoryBudget.formatMiB(1 << 20) == "1 MiB")
        #expect(MemoryBudget.formatMiB(1234 << 20) == "1,234 MiB")
        #expect(MemoryBudget.formatMiB(1_234_567 << 20) == "1,234,567 MiB")
    }

    @Test func refusesWhatCannotFitWithOneLineNamingTheNeed() throws {
        let available = try #require(MemoryBudget.available())
        let needed = available.bytes + (1 << 40)
        do {
            try MemoryBudget.check(needed: needed, file: "big.hprof", what: "the index of 7 objects")
            Issue.record("accepted \(needed) bytes with \(available.bytes) available")
        } catch {
            let line = error.description
            #expect(line.hasPrefix("big.hprof: the index of 7 objects needs about \(MemoryBudget.formatMiB(needed))"))
            #expect(!line.contains("\n"))
        }
        try MemoryBudget.check(needed: 1 << 20, file: "small.hprof", what: "the index")
    }
}
