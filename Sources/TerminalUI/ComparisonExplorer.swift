import DumpKit
import DumpProgress
import ExplorerCore
import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

extension Explorer {
    /// `hdx diff OLD NEW` on a terminal: loads both dumps in parallel behind a loading screen (q or Ctrl-C cancels),
    /// compares them and runs the comparison explorer until the user quits. Returns the exit status: 0 done or
    /// cancelled with q, 1 a dump cannot be read, 2 no usable terminal or dumps of different kinds (the message is
    /// printed on stderr after the screen is restored), 130 cancelled with Ctrl-C.
    public static func runComparison(old: String, new: String, options: ExplorerOptions = ExplorerOptions()) -> Int32 {
        guard let (look, session, glyphs, theme) = openScreen(options) else { return 2 }

        var fileBytes = 0
        var st = stat()
        if stat(old, &st) == 0 { fileBytes = Int(st.st_size) }
        // The box title is the last path component: name both files without slashes.
        let names = [old, new].map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        var state = LoadingState(path: names[0] + (glyphs.ascii ? " -> " : " → ") + names[1], fileBytes: fileBytes,
                                 started: PhaseClock.now())
        state.expected = ["dominators", "retained", "analysing"]
        let job = BackgroundJob<LoadedComparison> { sink in
            let cmp = try DumpComparison.load(oldPath: old, newPath: new, oldDump: options.oldDump,
                                              newDump: options.dump, progress: sink)
            sink.phase("analysing", 0.5)
            // The NEW model's analyses (leak suspects) run here, off the UI thread.
            return LoadedComparison(comparison: cmp, newModel: ExplorerModel(dump: cmp.new))
        }
        let loaded: LoadedComparison
        switch waitWithLoadingScreen(job, state: &state, session: session, glyphs: glyphs, theme: theme) {
        case .loaded(let value): loaded = value
        case .failed(let error):
            session.end()
            printError("hdx: \(error)")
            return error is DumpComparison.Failure ? 2 : 1
        case .cancelled:
            session.end()
            printError("hdx: loading cancelled")
            return 0
        case .interrupted:
            session.end()
            printError("hdx: loading cancelled")
            return interrupted
        }
        let model = ComparisonModel(comparison: loaded.comparison, newModel: loaded.newModel)
        let app = ExplorerApp.comparison(model, glyphs: glyphs)
        if app.model.startupMessage == nil { app.model.startupMessage = look.warning }
        runLoop(app, session: session, theme: theme)
        session.end()
        if let w = look.warning { printError("hdx: " + w) }
        return 0
    }
}

/// A finished comparison handed from the loading thread to the UI thread. The loading thread builds the model and
/// never touches it again after publishing it, so the hand-over is safe although `ExplorerModel` is not Sendable.
struct LoadedComparison: @unchecked Sendable {
    let comparison: DumpComparison
    let newModel: ExplorerModel
}
