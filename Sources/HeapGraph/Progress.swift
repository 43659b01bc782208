#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives progress while a dump loads: the phase name and the fraction done (0...1). Called from any thread.
public struct ProgressSink: Sendable {
    private let report: @Sendable (String, Double) -> Void
    private let cancelled: @Sendable () -> Bool

    public init(report: @escaping @Sendable (String, Double) -> Void,
                cancelled: @escaping @Sendable () -> Bool = { false }) {
        self.report = report
        self.cancelled = cancelled
    }

    public func phase(_ name: String, _ fraction: Double) { report(name, fraction) }
    public var isCancelled: Bool { cancelled() }
}

/// How long one loading phase took.
public struct PhaseTiming: Sendable, Equatable {
    public var phase: String
    public var seconds: Double

    public init(phase: String, seconds: Double) {
        self.phase = phase
        self.seconds = seconds
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
        return PhaseTiming(phase: phase, seconds: t - last)
    }
}
