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

    /// Throws `LoadCancelled` once the user has asked to stop: readers and the dominator pass call this between
    /// phases (and every few million items inside long ones), so a cancelled load ends with no partial result.
    public func checkCancelled() throws(LoadCancelled) {
        if cancelled() { throw LoadCancelled() }
    }
}

/// The user stopped a load (q or Ctrl-C on the loading screen). Distinct from bad input (`DumpError`): the dump may
/// be fine, and nothing of it was kept.
public struct LoadCancelled: Error, Sendable, Equatable, CustomStringConvertible {
    public init() {}
    public var description: String { "loading cancelled" }
}

