import DumpInput
import DumpKit
import ExplorerCore
import HeapGraph
#if canImport(Glibc)
import Glibc
#endif

/// The interactive explorer on a terminal: `hdx FILE` / `hdx open FILE`.
public enum Explorer {
    /// Exit status when the user interrupts loading with Ctrl-C.
    public static let interrupted: Int32 = 130

    /// Loads `path` off the UI thread behind a loading screen (q or Ctrl-C cancels), then runs the explorer until
    /// the user quits. Returns the exit status: 0 done or cancelled with q, 1 the dump cannot be read (the error is
    /// printed on stderr after the screen is restored), 2 no usable terminal, 130 cancelled with Ctrl-C.
    public static func run(path: String, options: ExplorerOptions = ExplorerOptions()) -> Int32 {
        let number = options.dump
        let load: @Sendable (String, ProgressSink) throws(DumpError) -> LoadedDump = { path, sink throws(DumpError) in
            try DumpLoader.load(path: path, dump: number, progress: sink)
        }
        // Without --dump, a file holding several heap dumps asks which one (see DumpPicker).
        var reload: (@Sendable (String, Int, ProgressSink) throws(DumpError) -> LoadedDump)?
        if number == nil {
            reload = { path, n, sink throws(DumpError) in try DumpLoader.load(path: path, dump: n, progress: sink) }
        }
        return run(path: path, options: options, load: load, reload: reload)
    }

    /// Same as `run(path:options:)` with a custom loader (tests, demos) and a hook to adjust the screens before they
    /// show (extra Overview sections, more tabs).
    public static func run(path: String, options: ExplorerOptions,
                           load: @escaping @Sendable (String, ProgressSink) throws(DumpError) -> LoadedDump,
                           reload: (@Sendable (String, Int, ProgressSink) throws(DumpError) -> LoadedDump)? = nil,
                           configure: ((ExplorerModel) -> [TabSpec]?)? = nil) -> Int32 {
        guard let (look, session, glyphs, theme) = openScreen(options) else { return 2 }

        // Loading screen.
        var fileBytes = 0
        var st = stat()
        if stat(path, &st) == 0 { fileBytes = Int(st.st_size) }
        var state = LoadingState(path: path, fileBytes: fileBytes, started: PhaseClock.now())
        state.expected = ["dominators", "retained"]
        var job = BackgroundJob<LoadedDump> { sink in try load(path, sink) }
        var dump: LoadedDump
        var asked = false
        while true {
            switch waitWithLoadingScreen(job, state: &state, session: session, glyphs: glyphs, theme: theme) {
            case .loaded(let value): dump = value
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
            // Several heap dumps in the file and no --dump: ask which one (the first is loaded already).
            guard !asked, let reload, let h = dump.hprof, h.dumpCount > 1 else { break }
            asked = true
            var picker = DumpPicker(path: path, heapBytes: h.dumpHeapBytes, loaded: h.dumpNumber)
            var choice: DumpPicker.Outcome?
            while choice == nil {
                session.draw(picker.render(width: session.width, height: session.height, glyphs: glyphs), theme: theme)
                if let key = session.readKey(timeoutMs: 1000) { choice = picker.handle(key) }
            }
            guard case .open(let n) = choice else {
                session.end()
                return 0
            }
            if n == h.dumpNumber { break }
            state = LoadingState(path: path, fileBytes: fileBytes, started: PhaseClock.now())
            state.expected = ["dominators", "retained"]
            job = BackgroundJob<LoadedDump> { sink in try reload(path, n, sink) }
        }
        let model = ExplorerModel(dump: dump)
        if let w = look.warning { model.startupMessage = w }
        let app = ExplorerApp(model: model, glyphs: glyphs, tabs: configure?(model))
        runLoop(app, session: session, theme: theme)
        session.end()
        if let w = look.warning { printError("hdx: " + w) }
        return 0
    }

    /// Runs an explorer that is already built (a loaded dump, a comparison) until the user quits.
    public static func run(app makeApp: (Glyphs) -> ExplorerApp, options: ExplorerOptions) -> Int32 {
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
        session.draw(app.render(width: session.width, height: session.height), theme: theme)
        while !app.wantsQuit {
            guard let key = session.readKey(timeoutMs: 1000) else { continue }
            app.handle(key)
            if app.wantsQuit { break }
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
