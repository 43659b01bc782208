import Dispatch

/// Splits the heap slices into contiguous groups of about equal bytes and runs one worker per group.
enum ParallelSlices {
    static func groups(_ slices: [HeapSlice], workers: Int) -> [Range<Int>] {
        guard !slices.isEmpty else { return [] }
        let total = slices.reduce(0) { $0 + ($1.end - $1.start) }
        let per = max(total / max(workers, 1), 1)
        var out: [Range<Int>] = []
        var start = 0
        var acc = 0
        for (i, s) in slices.enumerated() {
            acc += s.end - s.start
            if acc >= per * (out.count + 1) && out.count < workers - 1 {
                out.append(start..<(i + 1))
                start = i + 1
            }
        }
        if start < slices.count { out.append(start..<slices.count) }
        return out
    }

    /// Groups per worker for passes whose cost per byte varies (byte arrays cost a page fault per 4 KiB, instances
    /// a lookup per reference): more groups than workers, taken in turn by whichever worker is free, so that one
    /// worker does not finish long before the other.
    static let groupsPerWorker = 8

    /// Groups for a pass over `slices` on all workers (see `groupsPerWorker`).
    static func balancedGroups(_ slices: [HeapSlice]) -> [Range<Int>] {
        groups(slices, workers: workerCount * groupsPerWorker)
    }

    static var workerCount: Int {
        let cpus = sysconfCPUs()
        return max(1, min(cpus, 8))
    }

    static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}

#if canImport(Glibc)
import Glibc
private func sysconfCPUs() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
import Darwin
private func sysconfCPUs() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif
