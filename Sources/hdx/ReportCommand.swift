import ArgumentParser

/// `hdx report FILE [--json] [--baseline OLD]`: leak suspects and system overview (HANA: the verdict).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Leak suspects and a system overview (HANA: the OOM or crash verdict).")

    @Argument(help: "The dump.") var file: String
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "An older dump of the same process to compare with.") var baseline: String?

    func run() throws {
        print("hdx: report is not yet available")
        throw ExitCode(2)
    }
}
