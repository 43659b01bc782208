#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpProgress

/// Temporary names that exist while `PrivateFile` writes: removed when SIGINT, SIGTERM, SIGHUP or SIGQUIT ends the
/// process meanwhile (then the signal goes on to the handler installed before, e.g. the default: terminate). Only
/// SIGKILL can still leave one behind. The handler only calls unlink(2), sigaction(2) and raise(3).
enum PendingFiles {
    static let slots = 16
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    nonisolated(unsafe) static let names = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slots)
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    /// How many names are pending; its lock also guards the slots' writers (the handler reads them unlocked).
    static let active = Locked(0)

    /// Remembers `path` until `remove`; installs the handlers while any name is pending. Returns the slot.
    static func add(_ path: String) -> Int? {
        active.withLock { active in add(path, active: &active) }
    }

    private static func add(_ path: String, active: inout Int) -> Int? {
        if active == 0 {
            for i in 0..<slots { names[i] = nil }
            for sig in signals {
                var sa = sigaction()
                #if canImport(Glibc)
                sa.__sigaction_handler.sa_handler = { s in PendingFiles.handle(s) }
                #else
                sa.__sigaction_u.__sa_handler = { s in PendingFiles.handle(s) }
                #endif
                sigemptyset(&sa.sa_mask)
                sigaction(sig, &sa, previous + Int(sig))
            }
        }
        for i in 0..<slots where names[i] == nil {
            names[i] = strdup(path)
            active += 1
            return i
        }
        return nil
    }

    /// Forgets the name in `slot` (the file was renamed or removed); restores the handlers when none is left.
    static func remove(_ slot: Int?) {
        guard let slot else { return }
        active.withLock { active in
            let name = names[slot]
            names[slot] = nil
            free(name)
            active -= 1
            if active == 0 {
                for sig in signals { sigaction(sig, previous + Int(sig), nil) }
            }
        }
    }

    static func handle(_ sig: Int32) {
        for i in 0..<slots {
            if let name = names[i] { unlink(name) }
        }
        sigaction(sig, previous + Int(sig), nil)
        raise(sig)   // blocked until this handler returns, then handled as before
    }
}
