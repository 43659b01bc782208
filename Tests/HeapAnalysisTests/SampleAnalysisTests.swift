import Foundation
import Testing
import DumpKit
import HeapAnalysis
import HeapGraph

/// Planted leaks of SampleDumps/generators/java/LeakDemo.java found as suspects, and planted growth found by the
/// comparison of the before/after pair.
@Suite struct SampleAnalysisTests {
    static let samples = String(#filePath).components(separatedBy: "/Tests/")[0] + "/SampleDumps/java/"
    static let dump: LoadedDump = try! DumpLoader.load(path: samples + "leakdemo.hprof")

    func name(_ n: UInt32) -> String { Self.dump.index.details.displayClassName(n) }

    @Test func cacheIsASuspectAccumulatedInItsTable() throws {
        let suspects = LeakSuspects.find(in: Self.dump.index)
        let cache = try #require(suspects.first { name($0.node) == "class LeakDemo$SessionCache" })
        #expect(name(cache.accumulationPoint) == "java.util.HashMap$Node[]")
        #expect(cache.share > 0.3)
        let idx = Self.dump.index
        let fields = zip(cache.path, cache.path.dropFirst()).map { idx.details.referenceName(from: $0, to: $1) ?? "?" }
        #expect(fields.suffix(2) == ["CACHE", "table"], "\(fields)")
        #expect(cache.path.last == cache.accumulationPoint)
        #expect(idx.graph.isRoot(cache.path[0]))
    }

    @Test func smallerLeaksAppearWithALowerThreshold() throws {
        let suspects = LeakSuspects.find(in: Self.dump.index, threshold: 0.05)
        let names = suspects.map { name($0.node) }
        #expect(names.contains("class LeakDemo$EventBus"), "\(names)")
        let worker = try #require(suspects.first { name($0.node) == "java.lang.Thread" })
        #expect(name(worker.accumulationPoint) == "byte[]", "the ThreadLocal's value")
        #expect(Self.dump.index.graph.shallowSize(worker.accumulationPoint) >= 102_400)
    }

    @Test func growthOfThePairAccumulatesInTheCache() throws {
        let cmp = try DumpComparison.load(oldPath: Self.samples + "leakdemo-before.hprof.gz",
                                          newPath: Self.samples + "leakdemo-after.hprof.gz")
        let steps = cmp.growth.steps
        #expect(steps.map(\.key).suffix(3) == ["class LeakDemo$SessionCache", "java.util.HashMap",
                                                "java.util.HashMap$Node[]"], "\(steps.map(\.key))")
        // The sessions added between the dumps: the difference of the cache's own size field.
        func cacheSize(_ d: LoadedDump) -> Int? {
            let k = d.index.graph.classes.names.firstIndex(of: "LeakDemo$SessionCache")!
            let cls = d.index.graph.classes.classObjects[k]!
            let map = d.index.details.fields(of: cls).first { $0.name == "CACHE" }!.target!
            return d.index.details.fields(of: map).first { $0.name == "size" }.flatMap { Int($0.value) }
        }
        let added = try #require(cacheSize(cmp.new)) - (try #require(cacheSize(cmp.old)))
        let session = try #require(cmp.histogram.rows.first { $0.className == "LeakDemo$Session" })
        #expect(session.countDelta == added)
        #expect(added > 100)
        let top = cmp.histogram.rows.prefix(10).map(\.className)
        #expect(top.contains("LeakDemo$Session"), "\(top)")
        // The heap did not move between the two dumps: objects are matched by address, and the new sessions are
        // exactly the ones the cache's size field says were added (none removed).
        #expect(cmp.matchedBy == "address")
        #expect(cmp.objectMatch?["LeakDemo$Session"].map { $0.added == added && $0.removed == 0 } == true)
    }

    @Test func differentKindsAreRefused() throws {
        let hana = Self.samples + "../hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc"
        #expect(throws: DumpComparison.Failure.self) {
            _ = try DumpComparison.load(oldPath: Self.samples + "leakdemo.hprof", newPath: hana)
        }
    }
}
