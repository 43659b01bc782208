/// `[STACK_SHORT]` as folded stacks (`frame;frame;frame count`, outermost first), the input of flamegraph.pl.
extension HanaDump {
    /// Folded stacks of all threads with frames, or of the one thread `tid`. Identical stacks are merged and
    /// counted; lines are sorted. Frames are function names without arguments unless `fullSymbols`; with
    /// `threadNames` the thread name is the root frame.
    public func foldedStacks(tid: UInt64? = nil, fullSymbols: Bool = false, threadNames: Bool = false) -> [String] {
        var counts: [String: Int] = [:]
        let indices: [Int]
        if let tid { indices = threadIndex(tid: tid).map { [$0] } ?? [] } else { indices = Array(threads.indices) }
        for i in indices where threads.frameCount(i) > 0 {
            let t = thread(at: i)
            guard !t.frames.isEmpty else { continue }
            var parts: [String] = []
            parts.reserveCapacity(t.frames.count + 1)
            if threadNames { parts.append(HanaDump.foldSafe(t.entry.name)) }
            for f in t.frames.reversed() {
                parts.append(HanaDump.foldSafe(fullSymbols ? f.symbol : f.function))
            }
            counts[parts.joined(separator: ";"), default: 0] += 1
        }
        return counts.keys.sorted().map { "\($0) \(counts[$0]!)" }
    }

    /// Frames may not contain `;` (the separator) nor line breaks.
    static func foldSafe(_ s: String) -> String {
        String(s.map { $0 == ";" ? ":" : ($0 == "\n" || $0 == "\r" ? " " : $0) })
    }
}
