import ArgumentParser
import DumpInput
import DumpKit
import HanaScreens
#if canImport(Glibc)
import Glibc
#endif

// Exit status per the command-line contract: 0 success, 1 unreadable dump (or output that cannot be written),
// 2 wrong usage. Standard output is checked: a failed write is one line on stderr and exit 1.
StandardOutput.reserveStandardDescriptors()
// The explorer's format screens beyond the standard ones.
HanaScreens.register()
PersistedIndex.enabled = !CommandLine.arguments.dropFirst().prefix { $0 != "--" }.contains("--no-index")
    && getenv("HDX_NO_INDEX").map { String(cString: $0) } != "1"
MemoryBudget.maxMemory = MemoryBudget.maxMemory(inArguments: Array(CommandLine.arguments.dropFirst()))
do {
    var command = try Hdx.parseAsRoot()
    try command.run()
    StandardOutput.flush()
} catch let exit as ExitCode {
    StandardOutput.flush(quiet: exit.rawValue != 0)
    Glibc.exit(exit.rawValue)
} catch let usage as UsageFailure {
    StandardOutput.flush(quiet: true)
    FileHandleOutput.stderr("hdx: \(usage.message)")
    Glibc.exit(2)
} catch {
    let code = Hdx.exitCode(for: error)
    let message = Hdx.fullMessage(for: error)
    if code == .success {
        print(message)
        StandardOutput.flush()
        Glibc.exit(0)
    }
    StandardOutput.flush(quiet: true)
    if !message.isEmpty {
        FileHandleOutput.stderrLines(message)
    }
    Glibc.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
}
