import ArgumentParser

/// `--json` / `--csv` of the commands that print a table: the two flags, their help and the check that they exclude
/// each other (`--json and --csv exclude each other`, a usage error: exit 2). `Wording` says what the command does
/// with neither (print text, or open an interactive screen on a terminal), so the help reads as before.
struct OutputFormatOptions<Wording: OutputFormatWording>: ParsableArguments {
    @Flag(help: ArgumentHelp(Wording.jsonHelp)) var json = false
    @Flag(help: ArgumentHelp(Wording.csvHelp)) var csv = false

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
    }
}

/// The help of `--json` and `--csv` for one kind of command.
protocol OutputFormatWording {
    static var jsonHelp: String { get }
    static var csvHelp: String { get }
}

/// Commands that print text without the flags (histogram, dominators, immediate-dominators).
enum TextFormatWording: OutputFormatWording {
    static var jsonHelp: String { "Print JSON." }
    static var csvHelp: String { "Print CSV (RFC 4180, integer bytes)." }
}

/// `hdx diff`: the side-by-side explorer on a terminal, text otherwise.
enum DiffFormatWording: OutputFormatWording {
    static var jsonHelp: String {
        "Print JSON instead of opening the side-by-side explorer (text when stdout is not a terminal)."
    }
    static var csvHelp: String { "Print the rows as CSV (RFC 4180, integer bytes)." }
}

/// `hdx growth`: the growth explorer on a terminal, text otherwise.
enum GrowthFormatWording: OutputFormatWording {
    static var jsonHelp: String { "Print JSON instead of opening the explorer (text when stdout is not a terminal)." }
    static var csvHelp: String { "Print the rows as CSV (RFC 4180, integer bytes)." }
}
