import DumpInput
import DumpKit
import ExplorerCore
import Foundation
import HeapGraph
import Synchronization

/// Loads a dump on its own thread and shares its progress with the UI thread, which polls it while drawing.
final class BackgroundLoad: Sendable {
    private struct Shared {
        var phase: String?
        var fraction: Double = 0
        var reports: [(String, Double, Double)] = []
        var result: Result<LoadedDump, DumpError>?
    }

    private let shared = Mutex(Shared())
    private let cancelFlag = Atomic<Bool>(false)

    /// Starts loading `path` right away.
    init(path: String, load: @escaping @Sendable (String, ProgressSink) throws(DumpError) -> LoadedDump
                                = { path, sink throws(DumpError) in try DumpLoader.load(path: path, progress: sink) }) {
        let thread = Thread { [self] in
            let sink = ProgressSink(report: { [self] phase, fraction in
                let now = PhaseClock.now()
                shared.withLock { s in
                    // Keep one report per phase change plus the latest fraction; the UI folds them in order.
                    if s.phase != phase || s.reports.isEmpty {
                        s.reports.append((phase, fraction, now))
                    } else {
                        s.reports[s.reports.count - 1] = (phase, fraction, now)
                    }
                    s.phase = phase
                    s.fraction = fraction
                }
            }, cancelled: { [self] in cancelFlag.load(ordering: .relaxed) })
            let result: Result<LoadedDump, DumpError>
            do throws(DumpError) {
                result = .success(try load(path, sink))
            } catch {
                result = .failure(error)
            }
            shared.withLock { $0.result = result }
        }
        thread.stackSize = 64 << 20
        thread.start()
    }

    func cancel() { cancelFlag.store(true, ordering: .relaxed) }

    /// Moves the reports since the last call into `state`; returns the result once loading has finished.
    func poll(into state: inout LoadingState) -> Result<LoadedDump, DumpError>? {
        let (reports, result) = shared.withLock { s -> ([(String, Double, Double)], Result<LoadedDump, DumpError>?) in
            let r = s.reports
            s.reports = []
            return (r, s.result)
        }
        for (phase, fraction, time) in reports { state.update(phase: phase, fraction: fraction, at: time) }
        state.now = PhaseClock.now()
        return result
    }
}
