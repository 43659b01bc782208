import ArgumentParser

/// `--dump N`: which heap dump of an HPROF file that holds several (1-based; default: the first, as MAT and VisualVM
/// read). A number the file does not have exits 1 with one line.
struct DumpChoice: ParsableArguments {
    @Option(name: .customLong("dump"), help: ArgumentHelp(
        "Which heap dump of an HPROF file that holds several (1-based; default: the first).", valueName: "N"))
    var number: Int?
}
