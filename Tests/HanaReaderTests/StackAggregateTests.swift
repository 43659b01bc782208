import DumpInput
import Testing
@testable import HanaReader

/// Folded stacks and the call graph come from stacks aggregated by frame bytes (`HanaStackAggregate`); these tests
/// check them against a hand computation on a tiny trace and against a brute-force fold of every thread's parsed
/// frames (`thread(at:)`, one line per thread) on generated traces.
@Suite struct StackAggregateTests {
    static let header = """
    [BUILD] Build information
    [STACK_SHORT] Short call stacks and pending exceptions of all threads

    [BUILD]  Build information: (2025-01-02 03:04:05 001 Local)
    Version         : 2.00.059.00
    [OK]
    --
    [STACK_SHORT]  Short call stacks and pending exceptions of all threads: (2025-01-02 03:04:05 002 Local)

    """

    /// Same function at two offsets, `;` in names, an unresolved frame, a CRLF line, `inptime::` without a blank,
    /// a tab-indented frame, a ten-digit "frame" number (not a frame), frames after an exception (not the stack),
    /// an inactive thread.
    static let tricky = header + """
    1[thr=201]: Worker;A at
     1: 0x0000000000000010 in leaf(int)+0x1 at a.cpp:1 (liba.so)
     2: 0x0000000000000020 in mid<a;b>::go(char const*)+0x2 (liba.so)
     3: 0x0000000000000030 in Main::run()+0x3 at m.cpp:3 (libm.so)
    --
    2[thr=202]: Worker;A at
     1: 0x0000000000000011 in leaf(int)+0x9 at a.cpp:7 (liba.so)
     2: 0x0000000000000020 in mid<a;b>::go(char const*)+0x2 (liba.so)
     3: 0x0000000000000030 in Main::run()+0x3 at m.cpp:3 (libm.so)
    --
    3[thr=203]: Other at
     1: 0x0000000000000040
     2: 0x0000000000000030 in Main::run()+0x3 at m.cpp:3 (libm.so)\r
    --
    4[thr=204]: Failing at
     1: 0x0000000000000010 in leaf(int)+0x1 at a.cpp:1 (liba.so)
     2: 0x0000000000000030 in Main::run()+0x3 at m.cpp:3 (libm.so)
    exception  1: no.1000002  (ltt/impl/memory.cpp:64)
        Allocation failed ; $size$=4096; $name$=Leaf
    exception throw location:
     1: 0x0000000000000050 in thrower()+0x1 (liba.so)
    --
    5[thr=205]: Tabs at
    \t1: 0x0000000000000060 inptime::x()
     1234567890: 0x0000000000000070 in foo()
    \t 2: 0x0000000000000030 in Main::run()+0x3 at m.cpp:3 (libm.so)
    --
    6[thr=206]: Sleeper is inactive
    --
    [OK]
    --

    """

    @Test func trickyTraceByHand() throws {
        let d = try Samples.load(Samples.temp(Self.tricky))
        #expect(d.threads.count == 6)
        #expect(d.foldedStacks() == [
            "Main::run;<no symbol> 1",
            "Main::run;leaf 1",
            "Main::run;mid<a:b>::go;leaf 2",
            "Main::run;ptime::x 1",
        ])
        #expect(d.foldedStacks(threadNames: true) == [
            "Failing;Main::run;leaf 1",
            "Other;Main::run;<no symbol> 1",
            "Tabs;Main::run;ptime::x 1",
            "Worker:A;Main::run;mid<a:b>::go;leaf 2",
        ])
        #expect(d.foldedStacks(fullSymbols: true) == [
            "Main::run();<no symbol> 1",
            "Main::run();leaf(int) 1",
            "Main::run();mid<a:b>::go(char const*);leaf(int) 2",
            "Main::run();ptime::x() 1",
        ])
        #expect(d.foldedStacks(tid: 202) == ["Main::run;mid<a:b>::go;leaf 1"])
        #expect(d.foldedStacks(tid: 206) == [])

        let (normal, exception) = d.callGraphs()
        #expect(normal.threadCount == 4)
        #expect(normal.nodes.map(\.function) == ["Main::run", "mid<a;b>::go", "leaf", "<no symbol>", "ptime::x"])
        #expect(normal.nodes.map(\.threads) == [4, 2, 2, 1, 1])
        #expect(normal.edges == [.init(caller: 0, callee: 1, threads: 2), .init(caller: 1, callee: 2, threads: 2),
                                 .init(caller: 0, callee: 3, threads: 1), .init(caller: 0, callee: 4, threads: 1)])
        #expect(exception.threadCount == 1)
        #expect(exception.nodes.map(\.function) == ["Main::run", "leaf"])
        #expect(exception.edges == [.init(caller: 0, callee: 1, threads: 1)])
    }

    /// Generated traces: random stacks over a pool of frame texts (offsets that differ for one function, the
    /// same text at other addresses, exceptions, inactive threads, CRLF), against the brute-force fold.
    @Test(arguments: [1, 2, 3, 4])
    func generatedTracesMatchBruteForce(seed: UInt64) throws {
        let d = try Samples.load(Samples.temp(Self.generated(seed: seed, threads: 400)))
        for full in [false, true] {
            for names in [false, true] {
                #expect(d.foldedStacks(fullSymbols: full, threadNames: names)
                        == Self.bruteFolded(d, fullSymbols: full, threadNames: names))
            }
            let (normal, exception) = d.callGraphs(fullSymbols: full)
            let (bn, be) = Self.bruteCallGraphs(d, fullSymbols: full)
            #expect(normal == bn)
            #expect(exception == be)
        }
        for i in stride(from: 0, to: d.threads.count, by: 37) {
            let tid = d.threads.tid(i)
            #expect(d.foldedStacks(tid: tid, threadNames: true)
                    == Self.bruteFolded(d, fullSymbols: false, threadNames: true, only: d.threadIndex(tid: tid)))
        }
    }

    static func generated(seed: UInt64, threads: Int) -> String {
        var rng = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ n: Int) -> Int {
            rng ^= rng << 13
            rng ^= rng >> 7
            rng ^= rng << 17
            return Int(rng % UInt64(n))
        }
        let symbols = ["Main::run()", "Sync::wait(int)", "a;b::c(x;y)", "Tpl<A, B<C> >::operator()(int) const",
                       "syscall", "ptime::Query::execute(ptime::Env&)", "Ünï::cödé(char)", "x::operator<(int)"]
        var out = header
        for t in 0..<threads {
            let state = next(10)
            out += "\(t)[thr=\(5000 + t)]: Thread\(next(5));\(t % 3) \(state == 0 ? "is inactive" : "at")\n"
            if state != 0 {
                for f in 1...(1 + next(6)) {
                    let sym = symbols[next(symbols.count)]
                    let suffix = ["", "+0x\(next(3))", "+0x1 at f.cpp:\(next(2))", "+0x2 (libx.so)"][next(4)]
                    let crlf = next(8) == 0 ? "\r" : ""
                    out += next(20) == 0 ? " \(f): 0x00000000000000\(10 + next(80))\(crlf)\n"
                        : " \(f): 0x0000000000000\(100 + next(3)) in \(sym)\(suffix)\(crlf)\n"
                }
                if state == 1 {
                    out += "exception  1: no.1000002  (ltt/impl/memory.cpp:64)\n    Allocation failed ; $size$=1\n"
                    out += "exception throw location:\n 1: 0x0000000000000001 in thrower()\n"
                }
            }
            out += "--\n"
        }
        return out + "[OK]\n--\n"
    }

    static func fold(_ s: String) -> String {
        String(s.map { $0 == ";" ? ":" : ($0 == "\n" || $0 == "\r" ? " " : $0) })
    }

    /// One folded line per thread from its parsed frames, identical lines counted.
    static func bruteFolded(_ d: HanaDump, fullSymbols: Bool, threadNames: Bool, only: Int? = nil) -> [String] {
        var counts: [String: Int] = [:]
        for i in only.map({ [$0] }) ?? Array(d.threads.indices) {
            let t = d.thread(at: i)
            guard !t.frames.isEmpty else { continue }
            let frames = t.frames.reversed().map { fold(fullSymbols ? $0.symbol : $0.function) }
            let line = ((threadNames ? [fold(t.entry.name)] : []) + frames).joined(separator: ";")
            counts[line, default: 0] += 1
        }
        return counts.keys.sorted().map { "\($0) \(counts[$0]!)" }
    }

    /// Nodes numbered by first appearance over the threads in file order; each thread counts once per node and
    /// once per caller → callee pair.
    static func bruteCallGraphs(_ d: HanaDump, fullSymbols: Bool) -> (HanaDump.CallGraph, HanaDump.CallGraph) {
        var graphs = [HanaDump.CallGraph(), HanaDump.CallGraph()]
        for i in d.threads.indices {
            let t = d.thread(at: i)
            guard !t.frames.isEmpty else { continue }
            let g = t.exceptions.isEmpty && t.entry.exceptionCount == 0 ? 0 : 1
            graphs[g].threadCount += 1
            let ids = t.frames.reversed().map { f -> Int in
                let name = fullSymbols ? f.symbol : f.function
                if let k = graphs[g].nodes.firstIndex(where: { $0.function == name }) { return k }
                graphs[g].nodes.append(.init(function: name, threads: 0))
                return graphs[g].nodes.count - 1
            }
            for n in Set(ids) { graphs[g].nodes[n].threads += 1 }
            var pairs: [(Int, Int)] = []
            for (a, b) in zip(ids, ids.dropFirst()) where !pairs.contains(where: { $0 == (a, b) }) {
                pairs.append((a, b))
            }
            for (a, b) in pairs {
                if let e = graphs[g].edges.firstIndex(where: { $0.caller == a && $0.callee == b }) {
                    graphs[g].edges[e].threads += 1
                } else {
                    graphs[g].edges.append(.init(caller: a, callee: b, threads: 1))
                }
            }
        }
        return (graphs[0], graphs[1])
    }
}

/// Warnings about single lines are capped at 100 in the reading pass, with one line counting the others.
@Suite struct HanaWarningCapTests {
    @Test func malformedThreadHeadersAreCapped() throws {
        var text = StackAggregateTests.header
        var offsets: [Int] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        var lineNumbers: [Int] = []
        for k in 0..<250 {
            offsets.append(text.utf8.count)
            lines += 1
            lineNumbers.append(lines)
            text += "\(k)[thr=x\(k)]: Bad at\n"
            text += " 1: 0x0000000000000001 in f()\n--\n"
            lines += 2
        }
        text += "[OK]\n--\n"
        let d = try Samples.load(Samples.temp(text))
        let bad = d.warnings.filter { $0.contains("cannot read the thread id") }
        #expect(bad.count == 100)
        for (k, w) in bad.enumerated() {
            #expect(w.hasPrefix("line \(lineNumbers[k]) (byte \(offsets[k])): cannot read the thread id"))
        }
        #expect(d.warnings.last == "… and 150 more warnings about single lines (only the first 100 are listed)")
        #expect(d.warnings.count == 101)
        #expect(d.index.info.warnings == d.warnings)
    }

    @Test func capKeepsOtherWarnings() {
        let ws = ["the trace read streaming"] + (1...103).map { "line \($0): bad" } + ["no M_HEAP_MEMORY view"]
        let capped = HanaWarningCap.cap(ws)
        #expect(capped.count == 1 + 100 + 1 + 1)
        #expect(capped[100] == "line 100: bad")
        #expect(capped[101] == "no M_HEAP_MEMORY view")
        #expect(capped.last == "… and 3 more warnings about single lines (only the first 100 are listed)")
        #expect(HanaWarningCap.cap(Array(ws.prefix(50))) == Array(ws.prefix(50)))
    }
}
