import DumpProgress
import ExplorerCore
import HeapGraph

extension Explorer {
    /// `hdx growth S1 S2 S3 …` on a terminal: reads the snapshots one after the other behind a loading screen (q or
    /// Ctrl-C cancels), then opens the growth explorer (the last snapshot underneath, for instances). Exit status as
    /// `runComparison`: 0 done or cancelled with q, 1 a snapshot cannot be read or the kinds differ, 2 no usable
    /// terminal, 130 cancelled with Ctrl-C.
    package static func runGrowth(paths: [String], options: ExplorerOptions = ExplorerOptions()) -> Int32 {
        guard let (look, session, glyphs, theme) = openScreen(options) else { return 2 }
        let names = paths.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        var state = LoadingState(path: names[0] + (glyphs.ascii ? " ... " : " … ") + names[names.count - 1]
                                     + " (\(paths.count) snapshots)", fileBytes: 0, started: PhaseClock.now())
        state.expected = ["dominators", "retained", "analysing"]
        let job = BackgroundJob<Handover<GrowthModel>> { sink in try ModelLoading.growth(paths: paths, progress: sink) }
        let model: GrowthModel
        switch awaitModel(job, state: &state, session: session, glyphs: glyphs, theme: theme) {
        case .success(let value): model = value
        case .failure(let status): return status.code
        }
        let app = ExplorerApp.growth(model, glyphs: glyphs)
        if app.model.startupMessage == nil { app.model.startupMessage = look.warning }
        runLoop(app, session: session, theme: theme)
        session.end()
        if let w = look.warning { printError("hdx: " + w) }
        return 0
    }
}
