import CNcursesw
import ExplorerCore
#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be used.
package struct TerminalError: Error, CustomStringConvertible, Sendable {
    package var description: String
}

/// The curses screen: starts and ends it, draws grids with theme styles, reads keys. Everything curses is here.
final class TerminalSession {
    let colors: Int
    let utf8: Bool
    private var styleCache: [Style: (attr: attr_t, pair: Int16)] = [:]
    private var nextPair: Int16 = 1
    private var theme: Theme
    private var ended = false
    /// The terminal curses writes to (OSC 52 goes there too).
    private let output: UnsafeMutablePointer<FILE>?

    /// Starts curses on the terminal (stdin/stdout, or /dev/tty when they are redirected).
    init(theme: Theme, forceMono: Bool) throws(TerminalError) {
        let term = Environment.get("TERM") ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw TerminalError(description: "the explorer needs a terminal (TERM is \(term.isEmpty ? "not set" : "dumb")); "
                                + "use the --json commands (hdx summary FILE --json) in scripts")
        }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nc_codeset()).uppercased()
        utf8 = codeset == "UTF-8" || codeset == "UTF8"
        var inFile: UnsafeMutablePointer<FILE>?
        var outFile: UnsafeMutablePointer<FILE>?
        if isatty(0) != 0 && isatty(1) != 0 {
            inFile = fdopen(0, "r")
            outFile = fdopen(1, "w")
        } else {
            let fd = open("/dev/tty", O_RDWR)
            guard fd >= 0 else {
                throw TerminalError(description: "the explorer needs a terminal and none is attached; "
                                    + "use the --json commands (hdx summary FILE --json) in scripts")
            }
            inFile = fdopen(fd, "r")
            outFile = fdopen(dup(fd), "w")
        }
        SignalGuard.install()
        guard newterm(nil, outFile, inFile) != nil else {
            SignalGuard.uninstall()
            throw TerminalError(description: "cannot use terminal type \"\(term)\" (no terminfo entry?)")
        }
        output = outFile
        SignalGuard.cursesActive = 1
        SignalGuard.captureStderr()
        set_escdelay(25)
        raw()
        noecho()
        nonl()
        keypad(nc_stdscr(), true)
        curs_set(0)
        var c = 0
        if !forceMono && has_colors() {
            start_color()
            use_default_colors()
            c = Int(nc_colors())
        }
        colors = c < 8 ? 0 : c
        self.theme = theme
    }

    var width: Int { Int(getmaxx(nc_stdscr())) }
    var height: Int { Int(getmaxy(nc_stdscr())) }

    /// Copies a grid to the screen, one run of equal style at a time.
    func draw(_ grid: Grid, theme: Theme) {
        if theme.name != self.theme.name { styleCache = [:]; self.theme = theme }
        let h = min(grid.height, height), w = min(grid.width, width)
        var run: [wchar_t] = []
        for y in 0..<h {
            var x = 0
            while x < w {
                let role = grid[x, y].role
                let start = x
                run.removeAll(keepingCapacity: true)
                while x < w && grid[x, y].role == role {
                    let cell = grid[x, y]
                    if !cell.continuation {
                        for s in cell.ch.unicodeScalars { run.append(wchar_t(bitPattern: s.value)) }
                    }
                    x += 1
                }
                run.append(0)
                let (attr, pair) = resolve(theme.style(for: role))
                attr_set(attr, pair, nil)
                _ = run.withUnsafeBufferPointer { mvaddwstr(Int32(y), Int32(start), $0.baseAddress!) }
            }
        }
        attr_set(nc_a_normal(), 0, nil)
        refresh()
    }

    private func resolve(_ style: Style) -> (attr_t, Int16) {
        if let hit = styleCache[style] { return hit }
        var attr = nc_a_normal()
        if style.bold { attr |= nc_a_bold() }
        if style.dim { attr |= nc_a_dim() }
        if style.reverse { attr |= nc_a_reverse() }
        if style.underline { attr |= nc_a_underline() }
        var pair: Int16 = 0
        if colors > 0 && (style.fg != .default || style.bg != .default) && Int(nextPair) < Int(nc_color_pairs()) {
            let fg = style.fg.terminalIndex(colors: colors), bg = style.bg.terminalIndex(colors: colors)
            if let existing = styleCache.first(where: { $0.key.fg == style.fg && $0.key.bg == style.bg && $0.value.pair != 0 }) {
                pair = existing.value.pair
            } else {
                init_pair(nextPair, fg, bg)
                pair = nextPair
                nextPair += 1
            }
        }
        styleCache[style] = (attr, pair)
        return (attr, pair)
    }

    /// Writes an escape sequence curses does not know (OSC 52) straight to the terminal.
    func writeRaw(_ s: String) {
        guard let output, !ended else { return }
        fputs(s, output)
        fflush(output)
    }

    /// Waits up to `timeoutMs` for a key (nil on timeout).
    func readKey(timeoutMs: Int32) -> Key? {
        wtimeout(nc_stdscr(), timeoutMs)
        var ch: wint_t = 0
        let r = wget_wch(nc_stdscr(), &ch)
        if r == ERR { return nil }
        return KeyDecoder.decode(isFunctionKey: r == KEY_CODE_YES, code: Int32(bitPattern: ch))
    }

    /// Leaves curses and restores the terminal (idempotent).
    func end() {
        guard !ended else { return }
        ended = true
        SignalGuard.restoreTerminal()
        SignalGuard.uninstall()
    }

    deinit { end() }
}

/// Turns what `wget_wch` returns into a `Key`.
enum KeyDecoder {
    static func decode(isFunctionKey: Bool, code: Int32) -> Key? {
        if isFunctionKey {
            switch code {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BACKSPACE: return .backspace
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_RESIZE: return .resize
            default:
                for n in 1...12 where code == nc_key_f(Int32(n)) { return .function(n) }
                return nil
            }
        }
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(96 + code))))
        default:
            guard code >= 32, let s = Unicode.Scalar(UInt32(code)) else { return nil }
            return .char(Character(s))
        }
    }
}
