import ArgumentParser
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// `hdx FILE` / `hdx open FILE`: the interactive explorer.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the interactive explorer (needs a terminal).")

    @Argument(help: "The dump.") var file: String
    @Option(help: "Theme: dark, light, mono, or a theme file path.") var theme: String?
    @Flag(name: .customLong("no-color"), help: "No colours (also when NO_COLOR is set).") var noColor = false
    @Flag(help: "Draw bars and lines with ASCII only (automatic in a non-UTF-8 locale).") var ascii = false
    @OptionGroup var dumpChoice: DumpChoice

    func run() throws {
        var options = ExplorerOptions(theme: theme, noColor: noColor, ascii: ascii)
        options.dump = dumpChoice.number
        let code = Explorer.run(path: file, options: options)
        if code != 0 { throw ExitCode(code) }
    }
}
