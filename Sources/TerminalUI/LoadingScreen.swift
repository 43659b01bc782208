import ExplorerCore
import HeapGraph

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
