/// `[STACK_SHORT]` as folded stacks (`frame;frame;frame count`, outermost first), the input of flamegraph.pl.
extension HanaDump {
    /// Folded stacks of all threads with frames, or of the one thread `tid`. Identical stacks are merged and
    /// counted; lines are sorted. Frames are function names without arguments unless `fullSymbols`; with
    /// `threadNames` the thread name is the root frame.
    public func foldedStacks(tid: UInt64? = nil, fullSymbols: Bool = false, threadNames: Bool = false) -> [String] {
        let indices: [Int]?
        if let tid { indices = threadIndex(tid: tid).map { [$0] } ?? [] } else { indices = nil }
        let agg = stackAggregate(indices: indices, fullSymbols: fullSymbols, threadNames: threadNames, foldSafe: true)
        // Distinct stacks in the order of their first thread, merged as text (as one line per thread would be).
        var counts: [String: Int] = [:]
        for k in 0..<agg.stacks.count {
            let line = agg.stacks.stack(k).map { agg.names[Int($0)] }.joined(separator: ";")
            counts[line, default: 0] += agg.stacks.counts[k]
        }
        return counts.keys.sorted().map { "\($0) \(counts[$0]!)" }
    }

    /// Frames may not contain `;` (the separator) nor line breaks.
    static func foldSafe(_ s: String) -> String {
        String(s.map { $0 == ";" ? ":" : ($0 == "\n" || $0 == "\r" ? " " : $0) })
    }
}
