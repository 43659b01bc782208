#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput

extension PersistedIndex {
    /// The index a previous run of this command found corrupt (`HDX_INDEX_REJECT`): never read again by this run.
    static let rejected = getenv("HDX_INDEX_REJECT").map { String(cString: $0) }

    /// A chunk of `index` did not match its checksum when first read (`SectionGate`). No byte of it was used, but the
    /// dump in memory is built on that index, so the command starts over: the index is removed, and the same command
    /// line runs again in this process image (`exec`), which finds no index, reads the dump and writes a new one.
    /// The terminal is restored first (the explorer starts over on its first screen).
    static func rebuildAfterMismatch(index: String, section: String) -> Never {
        debug("index \(index) not used: section \(section) checksum mismatch; rebuilding")
        unlink(index)
        MappingGuard.beforeExit?()
        setenv("HDX_INDEX_REJECT", index, 1)
        let argv = CommandLine.unsafeArgv
        #if os(Linux)
        execv("/proc/self/exe", argv)
        #endif
        execvp(argv[0]!, argv)
        FileHandleError.write("hdx: \(TerminalText.visible(index)): the index is corrupt (section \(section)) and hdx "
                              + "could not restart to rebuild it: \(String(cString: strerror(errno))); run the command again\n")
        exit(1)
    }
}
