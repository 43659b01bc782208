import ArgumentParser

/// The root command: `hdx FILE` opens the explorer; subcommands answer one question each, with `--json` for scripts.
struct Hdx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hdx",
        abstract: "Explore heap dumps (HPROF, V8 .heapsnapshot) and SAP HANA runtime dumps in the terminal.",
        discussion: """
        The format is detected from the file's first bytes. Sizes are bytes; JSON keys are a stable interface.
        Exit status: 0 success, 1 the dump cannot be read, 2 wrong usage.
        """,
        version: "0.1.0",
        subcommands: [Open.self, Summary.self, Histogram.self, Dominators.self, Paths.self, Report.self,
                      ImmediateDominatorsCommand.self,
                      Diff.self, HanaCommand.self,
                      Growth.self, Strip.self, IndexCommand.self, Strings.self, Bench.self],
        defaultSubcommand: Open.self)
}
