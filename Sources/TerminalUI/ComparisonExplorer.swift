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
    package static func runComparison(old: String, new: String, options: ExplorerOptions = ExplorerOptions()) -> Int32 {
        guard let (look, session, glyphs, theme) = openScreen(options) else { return 2 }

        var fileBytes = 0
        var st = stat()
        if stat(old, &st) == 0 { fileBytes = Int(st.st_size) }
        // The box title is the last path component: name both files without slashes.
        let names = [old, new].map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        var state = LoadingState(path: names[0] + (glyphs.ascii ? " -> " : " → ") + names[1], fileBytes: fileBytes,
                                 started: PhaseClock.now())
        state.expected = ["dominators", "retained", "analysing"]
        let job = BackgroundJob<Handover<ComparisonModel>> { sink in
            try ModelLoading.comparison(old: old, new: new, oldDump: options.oldDump, newDump: options.dump,
                                        progress: sink)
        }
        let model: ComparisonModel
        switch awaitModel(job, state: &state, session: session, glyphs: glyphs, theme: theme, failure: ModelLoading.exitStatus(for:)) {
        case .success(let value): model = value
        case .failure(let status): return status.code
        }
        let app = ExplorerApp.comparison(model, glyphs: glyphs)
        if app.model.startupMessage == nil { app.model.startupMessage = look.warning }
        runLoop(app, session: session, theme: theme)
        session.end()
        if let w = look.warning { printError("hdx: " + w) }
        return 0
    }
}
