#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpProgress

/// Turns a fault on a mapped dump into the one-line error and exit 1.
///
/// When a file is truncated (or rewritten shorter) while it is mapped, touching a page past its new end raises SIGBUS.
/// hdx reads dumps through mappings everywhere, so instead of guarding every load, one SIGBUS handler checks whether the
/// faulting address lies inside a registered mapping; if so it runs the cleanup hook (the explorer leaves curses),
/// writes `hdx: FILE: the file changed while it was read …` with write(2) and calls `_exit(1)`. Any other SIGBUS goes
/// to the handler that was installed before (the Swift runtime's backtracer, or the default action). Only
/// async-signal-safe calls run inside the handler.
public enum MappingGuard {
    static let slots = 256
    /// Per slot: start and end address of a mapping (start 0: free), and its message.
    nonisolated(unsafe) static let starts = UnsafeMutablePointer<UInt>.allocate(capacity: slots)
    nonisolated(unsafe) static let ends = UnsafeMutablePointer<UInt>.allocate(capacity: slots)
    nonisolated(unsafe) static let messages = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slots)
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
    /// Whether the handler is installed; its lock also guards the slots' writers (the handler reads them unlocked).
    static let installed = Locked(false)
    /// Runs first when the handler fires (async-signal-safe code only): the explorer puts the terminal back.
    nonisolated(unsafe) public static var beforeExit: (@convention(c) () -> Void)?

    /// The one line printed when `file` changes under hdx (also used by tests).
    public static func message(for file: String) -> String {
        "hdx: \(file): the file changed while it was read (truncated or replaced while hdx had it mapped)\n"
    }

    /// Installs the SIGBUS handler (once; later calls do nothing). `MappedFile` calls it for every mapping.
    public static func install() {
        installed.withLock { installed in
            guard !installed else { return }
            installed = true
            installHandler()
        }
    }

    private static func installHandler() {
        for i in 0..<slots {
            starts[i] = 0
            ends[i] = 0
            messages[i] = nil
        }
        var sa = sigaction()
        #if canImport(Glibc)
        sa.__sigaction_handler.sa_sigaction = { sig, info, _ in MappingGuard.handle(sig, info) }
        #else
        sa.__sigaction_u.__sa_sigaction = { sig, info, _ in MappingGuard.handle(sig, info) }
        #endif
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK
        sigemptyset(&sa.sa_mask)
        sigaction(SIGBUS, &sa, previous)
    }

    /// Registers `[base, base+length)` as the mapping of `file`; returns the slot for `unregister` (nil when full).
    static func register(base: UnsafeRawPointer, length: Int, file: String) -> Int? {
        install()
        return installed.withLock { _ -> Int? in
            for i in 0..<slots where starts[i] == 0 {
                messages[i] = strdup(message(for: file))
                ends[i] = UInt(bitPattern: base) + UInt(length)
                starts[i] = UInt(bitPattern: base)
                return i
            }
            return nil
        }
    }

    static func unregister(_ slot: Int) {
        installed.withLock { _ in
            starts[slot] = 0
            ends[slot] = 0
            free(messages[slot])
            messages[slot] = nil
        }
    }

    static func handle(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?) {
        if let info, info.pointee.si_code > 0 {
            #if canImport(Glibc)
            let address = UInt(bitPattern: info.pointee._sifields._sigfault.si_addr)
            #else
            let address = UInt(bitPattern: info.pointee.si_addr)
            #endif
            for i in 0..<slots {
                let start = starts[i]
                if start != 0, address >= start, address < ends[i], let text = messages[i] {
                    beforeExit?()
                    _ = write(2, text, strlen(text))
                    _exit(1)
                }
            }
        }
        // Not ours: put the terminal back, restore the previous handler and let it see the signal. A fault from an
        // instruction happens again when the handler returns; a signal sent with kill(2) is raised again.
        beforeExit?()
        sigaction(SIGBUS, previous, nil)
        if info == nil || info!.pointee.si_code <= 0 { raise(sig) }
    }
}
