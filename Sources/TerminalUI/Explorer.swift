import DumpInput
import DumpProgress
import ExplorerCore
import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

/// The interactive explorer on a terminal: `hdx FILE` / `hdx open FILE`.
package enum Explorer {
    /// Exit status when the user interrupts loading with Ctrl-C.
    package static let interrupted: Int32 = 130

    /// Loads `path` off the UI thread behind a loading screen (q or Ctrl-C cancels), then runs the explorer until
    /// the user quits. Returns the exit status: 0 done or cancelled with q, 1 the dump cannot be read (the error is
    /// printed on stderr after the screen is restored), 2 no usable terminal, 130 cancelled with Ctrl-C.
    package static func run(path: String, options: ExplorerOptions = ExplorerOptions()) -> Int32 {
        let number = options.dump
        // Without --dump, a file holding several heap dumps asks which one (see DumpPicker).
        var reload: (@Sendable (Int, ProgressSink) throws -> Handover<ExplorerModel>)?
        if number == nil {
            reload = { n, sink in try ModelLoading.single(path: path, dump: n, progress: sink) }
        }
        return run(path: path, options: options, load: { sink in
            try ModelLoading.single(path: path, dump: number, progress: sink)
        }, reload: reload)
    }

    /// Same as `run(path:options:)` with the loading given as a job (`ModelLoading`): it runs off the UI thread
    /// behind the loading screen and hands over a ready model (dump and analyses). `reload` loads another dump of
    /// the same file when the file holds several and the user picks one.
    static func run(path: String, options: ExplorerOptions,
                    load: @escaping @Sendable (ProgressSink) throws -> Handover<ExplorerModel>,
                    reload: (@Sendable (Int, ProgressSink) throws -> Handover<ExplorerModel>)?) -> Int32 {
        guard let (look, session, glyphs, theme) = openScreen(options) else { return 2 }

        // Loading screen.
        var fileBytes = 0
        var st = stat()
        if stat(path, &st) == 0 { fileBytes = Int(st.st_size) }
        var state = LoadingState(path: path, fileBytes: fileBytes, started: PhaseClock.now())
        state.expected = ["dominators", "retained", "analysing"]
        var job = BackgroundJob<Handover<ExplorerModel>> { sink in try load(sink) }
        var model: ExplorerModel
        var asked = false
        while true {
            switch awaitModel(job, state: &state, session: session, glyphs: glyphs, theme: theme) {
            case .success(let value): model = value
            case .failure(let status): return status.code
            }
            // Several heap dumps in the file and no --dump: ask which one (the first is loaded already).
            guard !asked, let reload, let h = model.dump?.extras.dumpsInFile, h.count > 1 else { break }
            asked = true
            var picker = DumpPicker(path: path, heapBytes: h.heapBytes, loaded: h.number)
            var choice: DumpPicker.Outcome?
            while choice == nil {
                session.draw(picker.render(width: session.width, height: session.height, glyphs: glyphs), theme: theme)
                if let key = session.readKey(timeoutMs: 1000) { choice = picker.handle(key) }
            }
            guard case .open(let n) = choice else {
                session.end()
                return 0
            }
            if n == h.number { break }
            state = LoadingState(path: path, fileBytes: fileBytes, started: PhaseClock.now())
            state.expected = ["dominators", "retained", "analysing"]
            job = BackgroundJob<Handover<ExplorerModel>> { sink in try reload(n, sink) }
        }
        if let w = look.warning { model.startupMessage = w }
        let app = ExplorerApp(model: model, glyphs: glyphs)
        runLoop(app, session: session, theme: theme)
        session.end()
        if let w = look.warning { printError("hdx: " + w) }
        return 0
    }

    /// Runs an explorer that is already built (a loaded dump, a comparison) until the user quits.
    package static func run(app makeApp: (Glyphs) -> ExplorerApp, options: ExplorerOptions) -> Int32 {
        guard let (look, session, glyphs, theme) = openScreen(options) else { return 2 }
        let app = makeApp(glyphs)
        if app.model.startupMessage == nil { app.model.startupMessage = look.warning }
        runLoop(app, session: session, theme: theme)
        session.end()
        return 0
    }

    /// Starts the curses session with the theme and glyphs the options and the terminal allow; nil (after printing
    /// why) when there is no usable terminal.
    static func openScreen(_ options: ExplorerOptions) -> (Look, TerminalSession, Glyphs, Theme)? {
        let look = Look.resolve(options)
        let session: TerminalSession
        do {
            session = try TerminalSession(theme: look.theme, forceMono: look.mono)
        } catch {
            printError("hdx: " + error.description)
            return nil
        }
        let glyphs = Glyphs(ascii: options.ascii || !session.utf8, barStyle: look.theme.barStyle)
        return (look, session, glyphs, session.colors == 0 ? BuiltinThemes.mono : look.theme)
    }

    static func runLoop(_ app: ExplorerApp, session: TerminalSession, theme: Theme) {
        app.clipboardAllowed = Clipboard.allowedHere
        session.draw(app.render(width: session.width, height: session.height), theme: theme)
        while !app.wantsQuit {
            // Background work (a search, a collection's entries) shows its progress ten times a second.
            guard let key = session.readKey(timeoutMs: app.hasBackgroundWork ? 100 : 1000) else {
                // Screens computed off the UI thread (Reports, searches) show their results without a key.
                app.pollBackground()
                session.draw(app.render(width: session.width, height: session.height), theme: theme)
                continue
            }
            app.handle(key)
            if app.wantsQuit { break }
            app.pollBackground()
            if let text = app.clipboardRequest {
                app.clipboardRequest = nil
                session.writeRaw(Clipboard.osc52(text))
            }
            session.draw(app.render(width: session.width, height: session.height), theme: theme)
        }
    }

    /// One line on stderr; dump content and file names in it are shown terminal-safe.
    static func printError(_ s: String) {
        let line = TerminalText.visible(s) + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}

/// The theme and colour decision for a run.
struct Look {
    var theme: Theme
    var mono: Bool
    var warning: String?

    static func resolve(_ options: ExplorerOptions) -> Look {
        let (theme, warning) = Theme.resolve(options.theme, directories: options.themeDirectories)
        let mono = options.noColor || Environment.noColor
        if mono {
            var t = BuiltinThemes.mono
            if theme.name != "mono" { t.barStyle = theme.barStyle }
            return Look(theme: t, mono: true, warning: warning)
        }
        return Look(theme: theme, mono: false, warning: warning)
    }
}
