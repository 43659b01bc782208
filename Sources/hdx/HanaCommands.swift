import ArgumentParser

/// HANA-only tools (placeholder until the HANA reader lands).
struct HanaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hana", abstract: "SAP HANA runtime dump tools.")
}
