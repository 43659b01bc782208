import ArgumentParser

/// `--dump N`: which heap dump of an HPROF file that holds several (1-based; default: the first, as MAT and VisualVM
/// read). A number the file does not have exits 1 with one line.
struct DumpChoice: ParsableArguments {
    @Option(name: .customLong("dump"), help: ArgumentHelp(
        "Which heap dump of an HPROF file that holds several (1-based; default: the first).", valueName: "N"))
    var number: Int?
    @OptionGroup var index: IndexChoice
}

/// `--no-index`: neither read nor write the persisted index (see PersistedIndex in DumpKit). The flag is read once
/// before parsing (main.swift) so that every command that loads a dump obeys it; declared here so that it parses.
struct IndexChoice: ParsableArguments {
    @Flag(name: .customLong("no-index"), help: "Neither read nor write the persisted index (DUMP.hdxindex).")
    var noIndex = false
    @OptionGroup var memory: MemoryChoice
}
