import ArgumentParser
import DumpInput

/// `--max-memory SIZE`: a bound on hdx's own (anonymous) memory; an index that would not fit is built out of core
/// (see MemoryLimit.swift in DumpInput). Read once before parsing (main.swift) so that every command that loads a
/// dump obeys it; declared here so that it parses and a bad value is a usage error (exit 2).
struct MemoryChoice: ParsableArguments {
    @Option(name: .customLong("max-memory"), help: ArgumentHelp(
        "Bound hdx's own memory (400M, 4G); a bigger index is built out of core (default: 3/4 of MemAvailable).",
        valueName: "SIZE"))
    var maxMemory: String?

    func validate() throws {
        if let maxMemory, MemoryBudget.parseSize(maxMemory) == nil {
            throw ValidationError("--max-memory: expected a size such as 400M or 4G, got '\(maxMemory)'")
        }
    }
}
