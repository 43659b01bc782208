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

