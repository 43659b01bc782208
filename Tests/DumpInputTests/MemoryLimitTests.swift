import Testing
@testable import DumpInput

/// `--max-memory SIZE` values (binary units) and the budget it sets.
@Suite struct MemoryLimitTests {
    @Test func sizesInBinaryUnits() {
        #expect(MemoryBudget.parseSize("400M") == 400 << 20)
        #expect(MemoryBudget.parseSize("4G") == 4 << 30)
        #expect(MemoryBudget.parseSize("4g") == 4 << 30)
        #expect(MemoryBudget.parseSize("2GiB") == 2 << 30)
        #expect(MemoryBudget.parseSize("300MB") == 300 << 20)
        #expect(MemoryBudget.parseSize("512k") == 512 << 10)
        #expect(MemoryBudget.parseSize("1.5G") == 3 << 29)
        #expect(MemoryBudget.parseSize("1T") == 1 << 40)
        #expect(MemoryBudget.parseSize("123456") == 123_456)
        #expect(MemoryBudget.parseSize("10b") == 10)
        for bad in ["", "M", "0", "0M", "-1", "-4G", "12X", "4GG", "1.2.3G", ".5G", "5.G", "1e9", " 4G", "4 G",
                    "99999999999T", "0x10M"] {
            #expect(MemoryBudget.parseSize(bad) == nil, "\(bad)")
        }
    }

    @Test func argumentsBeforeTheDoubleDash() {
        #expect(MemoryBudget.maxMemory(inArguments: ["summary", "f", "--max-memory", "400M"]) == 400 << 20)
        #expect(MemoryBudget.maxMemory(inArguments: ["summary", "--max-memory=1G", "f"]) == 1 << 30)
        #expect(MemoryBudget.maxMemory(inArguments: ["summary", "--", "--max-memory", "400M"]) == nil)
        #expect(MemoryBudget.maxMemory(inArguments: ["summary", "--max-memory"]) == nil)
    }

    @Test func theBudgetDecidesWhereTheIndexIsBuilt() throws {
        let limit = 400 << 20
        let small = try MemoryBudget.plan(needed: 100 << 20, file: "a.hprof", what: "the index", maxMemory: limit)
        #expect(small == .init(outOfCore: false, reason: nil, shortReason: nil))
        let big = try MemoryBudget.plan(needed: 700 << 20, file: "a.hprof", what: "the index", maxMemory: limit)
        #expect(big.outOfCore)
        #expect(big.reason == "the index needs about 700 MiB, more than --max-memory allows (400 MiB)")
        #expect(big.shortReason == "out of core 700>400 MiB")
    }

    @Test func aTraceLargerThanTheBudgetIsReadStreamingNeverRefused() {
        let limit = 100 << 20
        #expect(MemoryBudget.streamingPlan(fileBytes: 50 << 20, maxMemory: limit)
                    == .init(outOfCore: false, reason: nil, shortReason: nil))
        let big = MemoryBudget.streamingPlan(fileBytes: 300 << 20, maxMemory: limit)
        #expect(big.outOfCore)
        #expect(big.reason == "the trace of 300 MiB is larger than --max-memory allows (100 MiB)")
        #expect(big.shortReason == "streaming 300>100 MiB")
        let tiny = MemoryBudget.streamingPlan(fileBytes: 122_749, maxMemory: 1024)
        #expect(tiny.reason?.hasSuffix("the trace of 120 KiB is larger than --max-memory allows (1 KiB)") == true)
    }
}
