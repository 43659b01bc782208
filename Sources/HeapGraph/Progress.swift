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

/// Reads the process's peak and current resident memory from /proc/self/status (Linux); 0 elsewhere.
public enum ResidentMemory {
    public static func peakBytes() -> UInt64 { field("VmHWM:") }
    public static func currentBytes() -> UInt64 { field("VmRSS:") }

    private static func field(_ name: String) -> UInt64 {
        guard let f = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(name) {
                let digits = text.dropFirst(name.count).filter { $0.isNumber }
                return (UInt64(digits) ?? 0) * 1024
            }
        }
        return 0
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

/// With HDX_TRACE_MEMORY=1, prints the resident memory at named points to stderr (for finding peaks).
public enum MemoryTrace {
    private static let enabled: Bool = getenv("HDX_TRACE_MEMORY") != nil

    public static func note(_ point: String) {
        guard enabled else { return }
        let line = "memory: \(point): current \(ResidentMemory.currentBytes() >> 20) MiB, peak \(ResidentMemory.peakBytes() >> 20) MiB\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
