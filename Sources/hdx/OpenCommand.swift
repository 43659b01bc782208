import ArgumentParser

/// `hdx FILE` / `hdx open FILE`: the interactive explorer.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the interactive explorer (needs a terminal).")

    @Argument(help: "The dump.") var file: String
    @Option(help: "Theme: dark, light, mono, or a theme file path.") var theme: String?
    @Flag(name: .customLong("no-color"), help: "No colours (also when NO_COLOR is set).") var noColor = false
    @Flag(help: "Draw bars and lines with ASCII only.") var ascii = false

    func run() throws {
        print("hdx: the interactive explorer is not yet available; use summary, histogram, dominators or paths")
        throw ExitCode(2)
    }
}
