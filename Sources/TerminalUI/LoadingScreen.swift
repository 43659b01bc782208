import ExplorerCore
import HeapGraph

/// The exit status of an explorer that ended before its first screen.
struct ExitStatus: Error {
    let code: Int32
}

/// How waiting for a background job ended.
enum LoadingOutcome<Value> {
    case loaded(Value)
    case failed(any Error)
    /// `q` or Esc: a normal exit.
    case cancelled
    /// Ctrl-C.
    case interrupted
}

extension Explorer {
    /// Waits for `job` behind the loading screen. Loaded: its value. Failed, cancelled or interrupted: the session is
    /// ended, one line says why, and the exit status is returned instead (`failure` maps an error to it).
    static func awaitModel<Value>(_ job: BackgroundJob<Handover<Value>>, state: inout LoadingState,
                                            session: TerminalSession, glyphs: Glyphs, theme: Theme,
                                            failure: (any Error) -> Int32 = { _ in 1 }) -> Result<Value, ExitStatus> {
        switch waitWithLoadingScreen(job, state: &state, session: session, glyphs: glyphs, theme: theme) {
        case .loaded(let value): return .success(value.value)
        case .failed(let error):
            session.end()
            printError("hdx: \(error)")
            return .failure(ExitStatus(code: failure(error)))
        case .cancelled:
            session.end()
            printError("hdx: loading cancelled")
            return .failure(ExitStatus(code: 0))
        case .interrupted:
            session.end()
            printError("hdx: loading cancelled")
            return .failure(ExitStatus(code: interrupted))
        }
    }

    /// Draws the loading screen about ten times a second until `job` finishes or the user cancels it (q, Esc,
    /// Ctrl-C). The screen stays up; callers end the session and print messages after it is restored.
    static func waitWithLoadingScreen<Value: Sendable>(_ job: BackgroundJob<Value>, state: inout LoadingState,
                                                       session: TerminalSession, glyphs: Glyphs,
                                                       theme: Theme) -> LoadingOutcome<Value> {
        while true {
            if let result = job.poll(into: &state) {
                switch result {
                case .success(let value): return .loaded(value)
                case .failure(let error): return state.cancelling ? .cancelled : .failed(error)
                }
            }
            session.draw(LoadingView.render(state, width: session.width, height: session.height, glyphs: glyphs),
                         theme: theme)
            if let key = session.readKey(timeoutMs: 100) {
                switch key {
                case .ctrl("c"):
                    job.cancel()
                    return .interrupted
                case .char("q"), .escape:
                    job.cancel()
                    return .cancelled
                default: break
                }
            }
        }
    }
}
