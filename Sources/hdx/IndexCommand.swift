import ArgumentParser
import DumpKit

/// `hdx index FILE`: builds the persisted index ahead of time; `hdx index --clean [FILE]`: removes what hdx wrote.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build the persisted index of a dump ahead of time, or remove indexes with --clean.",
        discussion: """
        The index is written beside the dump (DUMP.hdxindex) or, when that folder cannot be written, into \
        $XDG_CACHE_HOME/hdx/ (default ~/.cache/hdx/). Later runs map it instead of reading the dump again. \
        A gzip dump's index keeps the inflated bytes in a private copy beside it (DUMP.gz.hdxinflated). \
        --clean FILE removes the indexes (and inflated copies) of FILE in both places; --clean alone empties the \
        cache folder.
        """)

    @Argument(help: "The dump.") var file: String?
    @Flag(help: "Remove the indexes hdx wrote (of FILE, or all in the cache folder).") var clean = false
    @OptionGroup var dumpChoice: DumpChoice

    func validate() throws {
        if !clean && file == nil { throw ValidationError("expected a dump file (or --clean)") }
    }

    func run() throws {
        if clean {
            for removed in PersistedIndex.clean(path: file) { print("removed " + String(removed.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })) }
            return
        }
        guard let file else { return }
        guard PersistedIndex.enabled else { throw UsageFailure(message: "--no-index: nothing to build") }
        PersistedIndex.verifyEverything = true
        _ = try CommandLoading.load(file, dump: dumpChoice.number)
    }
}
