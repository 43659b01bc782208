import DumpInput
import DumpKit
import ExplorerCore
import HeapGraph

extension Explorer {
    /// `hdx growth S1 S2 S3 …` on a terminal: reads the snapshots one after the other behind a loading screen (q or
    /// Ctrl-C cancels), then opens the growth explorer (the last snapshot underneath, for instances). Exit status as
    /// `runComparison`: 0 done or cancelled with q, 1 a snapshot cannot be read or the kinds differ, 2 no usable
    /// terminal, 130 cancelled with Ctrl-C.
    public static func runGrowth(paths: [String], options: ExplorerOptions = ExplorerOptions()) -> Int32 {
        guard let (look, session, glyphs, theme) = openScreen(options) else { return 2 }
        let names = paths.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        var state = LoadingState(path: names[0] + (glyphs.ascii ? " ... " : " … ") + names[names.count - 1]
                                     + " (\(paths.count) snapshots)", fileBytes: 0, started: PhaseClock.now())
        state.expected = ["dominators", "retained", "analysing"]
        let job = BackgroundJob<LoadedGrowth> { sink in
            var last: LoadedDump?
            let series = try GrowthSeries.load(paths: paths, load: { p throws(DumpError) in
                try DumpLoader.load(path: p, progress: sink)
            }, keepLast: { last = $0 })
            sink.phase("analysing", 0.5)
            guard let last else { throw DumpError(file: paths[paths.count - 1], "the last snapshot was not read") }
            return LoadedGrowth(series: series, lastModel: ExplorerModel(dump: last))
        }
        let loaded: LoadedGrowth
        switch waitWithLoadingScreen(job, state: &state, session: session, glyphs: glyphs, theme: theme) {
        case .loaded(let value): loaded = value
        case .failed(let error):
            session.end()
            printError("hdx: \(error)")
            return 1
        case .cancelled:
            session.end()
            printError("hdx: loading cancelled")
            return 0
        case .interrupted:
            session.end()
            printError("hdx: loading cancelled")
            return interrupted
        }
        let app = ExplorerApp.growth(GrowthModel(series: loaded.series, lastModel: loaded.lastModel), glyphs: glyphs)
        if app.model.startupMessage == nil { app.model.startupMessage = look.warning }
        runLoop(app, session: session, theme: theme)
        session.end()
        if let w = look.warning { printError("hdx: " + w) }
        return 0
    }
}

/// A finished series handed from the loading thread to the UI thread (which alone touches it afterwards).
struct LoadedGrowth: @unchecked Sendable {
    let series: GrowthSeries
    let lastModel: ExplorerModel
}
