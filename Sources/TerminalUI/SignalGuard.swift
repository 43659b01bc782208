import CNcursesw
import DumpInput
#if canImport(Glibc)
import Glibc
#endif

/// Restores the terminal when the process dies: on crashes (SIGSEGV, SIGILL, SIGABRT, …) it leaves curses, puts
/// stderr back (copying what was written meanwhile) and re-raises into the previous handler (the Swift backtracer);
/// on SIGTERM, SIGHUP, SIGINT and SIGQUIT it does the same and exits with 128 + signal. Only async-signal-safe calls
/// besides `endwin` (which ncurses itself calls from its signal handlers).
enum SignalGuard {
    nonisolated(unsafe) static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) static var savedStderr: Int32 = -1
    nonisolated(unsafe) static var captureFD: Int32 = -1
    nonisolated(unsafe) static var cursesActive: Int32 = 0
    nonisolated(unsafe) static var buffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 8)

    /// SIGBUS is `MappingGuard`'s (a dump changed while mapped: one line, exit 1); it calls `restoreTerminal` first.
    static let crashSignals: [Int32] = [SIGSEGV, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
    static let exitSignals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]

    static func install() {
        MappingGuard.install()
        MappingGuard.beforeExit = { SignalGuard.restoreTerminal() }
        for sig in crashSignals {
            var sa = sigaction()
            sa.__sigaction_handler.sa_handler = { s in
                SignalGuard.restoreTerminal()
                sigaction(s, SignalGuard.previous + Int(s), nil)
                raise(s)
            }
            sigemptyset(&sa.sa_mask)
            sigaction(sig, &sa, previous + Int(sig))
        }
        for sig in exitSignals {
            var sa = sigaction()
            sa.__sigaction_handler.sa_handler = { s in
                SignalGuard.restoreTerminal()
                _exit(128 + s)
            }
            sigemptyset(&sa.sa_mask)
            sigaction(sig, &sa, previous + Int(sig))
        }
    }

    static func uninstall() {
        MappingGuard.beforeExit = nil
        for sig in crashSignals + exitSignals { sigaction(sig, previous + Int(sig), nil) }
    }

    /// Leaves curses and gives stderr back, printing what was captured while curses ran.
    static func restoreTerminal() {
        if cursesActive != 0 {
            cursesActive = 0
            endwin()
        }
        if savedStderr >= 0 {
            dup2(savedStderr, 2)
            close(savedStderr)
            savedStderr = -1
        }
        if captureFD >= 0 {
            lseek(captureFD, 0, SEEK_SET)
            var first = true
            while true {
                let n = read(captureFD, buffer, 4096)
                if n <= 0 { break }
                if first {
                    let header = ">>>>>>>>>> stderr output\n"
                    _ = header.withCString { write(2, $0, strlen($0)) }
                    first = false
                }
                _ = write(2, buffer, n)
            }
            close(captureFD)
            captureFD = -1
        }
    }

    /// Sends stderr to an unlinked temporary file while curses owns the screen (writes there would be lost).
    static func captureStderr() {
        var template = Array("/tmp/hdx-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        savedStderr = dup(2)
        dup2(fd, 2)
        captureFD = fd
    }
}
