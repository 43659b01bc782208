#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long one loading phase took, and the process's peak resident memory when it ended.
public struct PhaseTiming: Sendable, Equatable {
    public var phase: String
    public var seconds: Double
    /// Peak resident set size so far (Linux VmHWM), 0 where unknown.
    public var peakResidentBytes: UInt64

    public init(phase: String, seconds: Double, peakResidentBytes: UInt64 = 0) {
        self.phase = phase
        self.seconds = seconds
        self.peakResidentBytes = peakResidentBytes
    }
}

/// Measures consecutive phases with a monotonic clock.
public struct PhaseClock: Sendable {
    private var last: Double

    public init() { last = PhaseClock.now() }

    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public mutating func lap(_ phase: String) -> PhaseTiming {
        let t = PhaseClock.now()
        defer { last = t }
        return PhaseTiming(phase: phase, seconds: t - last, peakResidentBytes: ResidentMemory.peakBytes())
    }
}

/// The calling thread's CPU time: for the trace notes of the phases that share the cores (`HDX_TRACE_MEMORY`: which
/// core did how much) and for benchmarks on a busy box (what a call cost the thread, whatever else ran).
public enum ThreadCPU {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `body`, noting its CPU seconds on this thread as `label` in the memory trace (under the retained phase, the
    /// one that notes them).
    public static func noting<T>(_ label: String, _ body: () -> T) -> T {
        let start = seconds()
        let out = body()
        let cpu = Int((seconds() - start) * 1000)
        MemoryTrace.note("retained: \(label) \(cpu) ms CPU")
        return out
    }
}
