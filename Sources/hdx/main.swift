import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// Exit status per the command-line contract: 0 success, 1 unreadable dump, 2 wrong usage.
do {
    var command = try Hdx.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Glibc.exit(exit.rawValue)
} catch let usage as UsageFailure {
    FileHandleOutput.stderr("hdx: \(usage.message)")
    Glibc.exit(2)
} catch {
    let code = Hdx.exitCode(for: error)
    let message = Hdx.fullMessage(for: error)
    if code == .success {
        print(message)
        Glibc.exit(0)
    }
    if !message.isEmpty {
        FileHandleOutput.stderrLines(message)
    }
    Glibc.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
}
