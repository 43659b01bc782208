import Foundation
import Testing
import DumpInput
@testable import HanaReader

/// The OOM culprit is the thread whose stack is the `[MEMORY_OOM]` "Current callstack". The expected thread,
/// connection and statement hash come from the dump's own text, read here with plain line handling (not hdx's
/// parser): the callstack's function names, each `[STACK_SHORT]` thread's function names, the `[THREADS]` line and
/// the `M_SERVICE_THREADS` row of the thread whose stack ends with the callstack.
@Suite struct CulpritTests {
    struct Expected {
        var tid: String
        var name: String
        var callstackFrames: Int
        var connection: Int64?
        var statementHash: String?
        /// Threads with an `Allocation failed` / `Out of memory` pending exception.
        var threadsWithFailures: [String]
        var culpritHasException: Bool
    }

    /// The function of a frame line ` 7: 0x… in ltt::allocator::allocate(unsigned long)+0x2e at memory.cpp:64 (…)`.
    static func function(_ line: Substring) -> String? {
        let t = line.drop { $0 == " " }
        guard let colon = t.firstIndex(of: ":"), t[..<colon].allSatisfy(\.isNumber),
              let inRange = t.range(of: " in ") else { return nil }
        let rest = t[inRange.upperBound...]
        guard let plus = rest.range(of: "+0x", options: .backwards) else { return String(rest) }
        return String(rest[..<plus.lowerBound])
    }

    static func expected(_ path: String) throws -> Expected {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The OOM callstack.
        let start = try #require(lines.firstIndex { $0.hasPrefix("Current callstack:") })
        var callstack: [String] = []
        for l in lines[(start + 1)...] {
            guard let f = function(l) else { break }
            callstack.append(f)
        }
        // The [STACK_SHORT] threads: header `<ctx>[thr=<tid>]: <name> at`, frames, exceptions, `--`.
        // The section itself (the table of contents near the top names it too).
        let stackStart = try #require(lines.lastIndex { $0.hasPrefix("[STACK_SHORT]") })
        var threads: [(tid: String, name: String, frames: [String], failed: Bool)] = []
        var inExceptions = false
        for l in lines[(stackStart + 1)...] {
            if l.hasPrefix("[OK]") { break }
            if let thr = l.range(of: "[thr="), l.hasSuffix(" at") || l.hasSuffix(" is inactive") {
                let tid = l[thr.upperBound...].prefix { $0 != "]" }
                let name = l[l.index(thr.upperBound, offsetBy: tid.count + 3)...].split(separator: " ").first ?? ""
                threads.append((String(tid), String(name), [], false))
                inExceptions = false
            } else if l.hasPrefix("exception ") {
                inExceptions = true
            } else if inExceptions, l.contains("Allocation failed") || l.contains("Out of memory") {
                threads[threads.count - 1].failed = true
            } else if !inExceptions, let f = function(l), !threads.isEmpty {
                threads[threads.count - 1].frames.append(f)
            }
        }
        let matches = threads.filter { $0.frames.count >= callstack.count && Array($0.frames.suffix(callstack.count)) == callstack }
        #expect(matches.count == 1, "exactly one thread's stack ends with the OOM callstack")
        let culprit = try #require(matches.first)
        // Connection from [THREADS], statement hash from M_SERVICE_THREADS (`"host";port;tid;…;hash;…`).
        var connection: Int64?
        if let info = lines.first(where: { $0.contains("[thr=\(culprit.tid)]: ") && $0.contains(", CID: ") }),
           let cid = info.range(of: ", CID: ") {
            connection = Int64(info[cid.upperBound...].prefix { $0 == "-" || $0.isNumber })
        }
        var hash: String?
        if let header = lines.firstIndex(where: { $0.hasPrefix("HOST;PORT;THREAD_ID;") }) {
            let columns = lines[header].split(separator: ";").map(String.init)
            let h = try #require(columns.firstIndex(of: "STATEMENT_HASH"))
            for row in lines[(header + 1)...] {
                if row.hasPrefix("(") { break }
                let f = row.split(separator: ";", omittingEmptySubsequences: false)
                if f.count > h, f[2] == Substring(culprit.tid) {
                    let v = f[h].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    hash = v.isEmpty ? nil : v
                }
            }
        }
        return Expected(tid: "thr=" + culprit.tid, name: culprit.name, callstackFrames: callstack.count,
                        connection: connection, statementHash: hash,
                        threadsWithFailures: threads.filter(\.failed).map { "thr=" + $0.tid },
                        culpritHasException: culprit.failed)
    }

    static let samples = [Samples.oom1, Samples.oom2, Samples.staleException, Samples.oldNoException]

    @Test(arguments: samples)
    func theCulpritIsTheThreadWithTheOOMCallstack(_ path: String) throws {
        let want = try Self.expected(path)
        let v = try Samples.load(path).verdict
        let t = try #require(v.culpritThread)
        #expect(t.id == want.tid)
        #expect(t.name == want.name)
        #expect(v.statement?.connectionID == want.connection)
        #expect(v.statement?.statementHash == want.statementHash)
        let evidence = try #require(v.culpritEvidence)
        #expect(evidence.hasPrefix("its stack matches the OOM callstack (\(want.callstackFrames) frames)"))
        #expect(evidence.contains(want.culpritHasException ? "its pending exception agrees" : "it has no pending exception"))
        let finding = try #require(v.findings.first { $0.hasPrefix("Culprit: thread \(want.tid) (\(want.name)) — ") })
        if let hash = want.statementHash { #expect(finding.contains("statement hash \(hash)")) }
        // Other threads' allocation failures are named as earlier failures, never as the culprit.
        let others = want.threadsWithFailures.filter { $0 != want.tid }
        if others.isEmpty {
            #expect(!v.findings.contains { $0.contains("earlier failures") })
        } else {
            let note = try #require(v.findings.first { $0.hasPrefix("Pending allocation-failure exceptions of other threads") })
            for o in others { #expect(note.contains(o)) }
        }
    }

    /// The two shapes that went wrong: a stale exception on another thread, and no exception anywhere.
    @Test func staleExceptionAndNoException() throws {
        let stale = try Self.expected(Samples.staleException)
        #expect(!stale.culpritHasException)
        #expect(stale.threadsWithFailures.count == 1 && stale.threadsWithFailures[0] != stale.tid)
        let old = try Self.expected(Samples.oldNoException)
        #expect(old.threadsWithFailures.isEmpty)
        let v = try Samples.load(Samples.oldNoException).verdict
        #expect(v.failureType == "PROCESS_ALLOCATION_LIMIT")
        #expect(v.failedAllocationBytes == 1_342_177_280)   // "Failed to allocate 1342177280 byte." (older form)
        #expect(v.culpritThread?.id == old.tid)
    }

    /// Without a callstack the pending exception decides, and the finding says so.
    @Test func withoutACallstackThePendingExceptionDecides() throws {
        let text = try String(contentsOfFile: Samples.oom1, encoding: .utf8)
        var out: [Substring] = []
        var skipping = false
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if l.hasPrefix("Current callstack:") { skipping = true; out.append(l); continue }
            if skipping, Self.function(l) != nil { continue }
            skipping = false
            out.append(l)
        }
        let path = Samples.temp(out.joined(separator: "\n"), name: "nocallstack.rtedump.oom.trc")
        let v = try Samples.load(path).verdict
        #expect(v.culpritThread?.id == "thr=22817")
        let evidence = try #require(v.culpritEvidence)
        #expect(evidence.hasPrefix("identified by its pending allocation-failure exception for the failed size"))
        #expect(evidence.contains("the OOM block has no callstack"))
    }

    /// A callstack whose inner half no thread has decides nothing; a tie between identical stacks is broken by the
    /// pending exception for the failed size.
    @Test func partialMatchesAndTies() throws {
        let text = try String(contentsOfFile: Samples.oom1, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(lines.firstIndex { $0.hasPrefix("Current callstack:") })
        // 1. Rename the callstack's 11 innermost functions: only the outer 9 of 20 frames still match a thread.
        var renamed = lines
        for i in (at + 1)...(at + 11) { renamed[i] = Substring(renamed[i].replacingOccurrences(of: " in ", with: " in Renamed::")) }
        let v1 = try Samples.load(Samples.temp(renamed.joined(separator: "\n"), name: "partial.rtedump.oom.trc")).verdict
        #expect(v1.culpritThread?.id == "thr=22817")
        let e1 = try #require(v1.culpritEvidence)
        #expect(e1.hasPrefix("identified by its pending allocation-failure exception for the failed size"))
        #expect(e1.contains("no thread's stack matches the OOM callstack in its inner half"))
        // 2. A copy of the culprit's [STACK_SHORT] block under another thread id, without the exception: a tie.
        let header = try #require(lines.firstIndex { $0.hasPrefix("1871[thr=22817]: SqlExecutor at") })
        let excl = try #require(lines[header...].firstIndex { $0.hasPrefix("exception ") })
        var copy = Array(lines[header..<excl])
        copy[0] = "99[thr=99999]: SqlExecutor at"
        copy.append("--")
        var tied = lines
        tied.insert(contentsOf: copy, at: header)
        let v2 = try Samples.load(Samples.temp(tied.joined(separator: "\n"), name: "tie.rtedump.oom.trc")).verdict
        #expect(v2.culpritThread?.id == "thr=22817")
        let e2 = try #require(v2.culpritEvidence)
        #expect(e2.hasPrefix("its stack matches the OOM callstack (20 frames)"))
        #expect(e2.contains("2 threads have this stack; its pending exception for the failed size singles it out"))
    }

    /// Frames compare by function, and the match counts from the outer end of both stacks.
    @Test func outerFrameMatching() {
        #expect(HanaCulprit.commonOuterFrames(["a", "b", "c"], ["x", "a", "b", "c"]) == 3)
        #expect(HanaCulprit.commonOuterFrames(["a", "b", "c"], ["b", "c"]) == 2)
        #expect(HanaCulprit.commonOuterFrames(["a", "b", "c"], ["a", "b", "d"]) == 0)
        #expect(HanaCulprit.commonOuterFrames([], ["a"]) == 0)
    }
}
