import DumpInput
import DumpProgress
import ExplorerCore
import Foundation
import HeapGraph

/// Runs a long job (loading two dumps and comparing them) on its own thread and shares its progress with the UI
/// thread, which polls it while drawing the loading screen (one dump, or two and their comparison).
final class BackgroundJob<Value: Sendable>: Sendable {
    private struct Shared {
        var phase: String?
        var reports: [(String, Double, Double)] = []
        var result: Result<Value, any Error>?
    }

    private let shared = Locked(Shared())
    private let cancelFlag = Locked(false)

    /// Starts `work` right away with a progress sink that reports here.
    init(_ work: @escaping @Sendable (ProgressSink) throws -> Value) {
        let thread = Thread { [self] in
            let sink = ProgressSink(report: { [self] phase, fraction in
                let now = PhaseClock.now()
                shared.withLock { s in
                    if s.phase != phase || s.reports.isEmpty {
                        s.reports.append((phase, fraction, now))
                    } else {
                        // Never backwards within a phase: workers on both cores report as they start their parts,
                        // and the later part's report can arrive first.
                        s.reports[s.reports.count - 1] = (phase, max(fraction, s.reports[s.reports.count - 1].1), now)
                    }
                    s.phase = phase
                }
            }, cancelled: { [self] in cancelFlag.withLock { $0 } })
            let result: Result<Value, any Error>
            do {
                result = .success(try work(sink))
            } catch {
                result = .failure(error)
            }
            shared.withLock { $0.result = result }
        }
        thread.stackSize = 64 << 20
        thread.start()
    }

    func cancel() { cancelFlag.withLock { $0 = true } }

    /// Moves the reports since the last call into `state`; returns the result once the job has finished.
    func poll(into state: inout LoadingState) -> Result<Value, any Error>? {
        let (reports, result) = shared.withLock { s -> ([(String, Double, Double)], Result<Value, any Error>?) in
            let r = s.reports
            s.reports = []
            return (r, s.result)
        }
        for (phase, fraction, time) in reports { state.update(phase: phase, fraction: fraction, at: time) }
        state.now = PhaseClock.now()
        return result
    }
}
