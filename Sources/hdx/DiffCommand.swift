import ArgumentParser

/// `hdx diff OLD NEW [--json]`: what grew between two dumps.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Compare two dumps side by side: what grew.")

    @Argument(help: "The older dump.") var old: String
    @Argument(help: "The newer dump.") var new: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        print("hdx: diff is not yet available")
        throw ExitCode(2)
    }
}
