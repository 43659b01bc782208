import DumpInput
import DumpProgress
import HeapGraph

/// The scan as the model keeps it: the per-thread rows become tables with an index by thread id.
struct HanaModelScan {
    var sections: [HanaSection]
    var toc: [HanaTOCEntry]
    var preamble: [(line: Int, text: String)]
    var threads: HanaThreadTable
    var threadInfos: HanaThreadInfoTable
    var views: [HanaView]
    var warnings: [String]
    var lineCount: Int

    init(_ scan: HanaScan, file: MappedFile, storage: ArrayStorage) {
        sections = scan.sections
        toc = scan.toc
        preamble = scan.preamble
        threads = HanaThreadTable(rows: scan.threads.finish(), file: file, storage: storage)
        threadInfos = HanaThreadInfoTable(rows: scan.threadInfos.finish(), storage: storage)
        views = scan.views
        warnings = scan.warnings
        lineCount = scan.lineCount
    }
}

extension HanaDump {
    /// Where the per-thread tables live (issue 13, `--max-memory`). A trace is always read in one pass over its
    /// mapping, pages released as they are read, and its model holds no text of the threads (names, frames,
    /// `[THREADS]` lines are read from the mapping when shown). When the file is larger than the memory budget (or
    /// `HDX_FORCE_OUT_OF_CORE=1`), the tables (about 150 bytes per thread with its `[THREADS]` line) go to mapped
    /// private temporary files too, so the model's anonymous memory does not grow with the trace; the warning says
    /// so and why, and the loading screen shows the reason as a phase.
    static func storage(for file: MappedFile, progress: ProgressSink?) -> (ArrayStorage, [String]) {
        let plan = MemoryBudget.streamingPlan(fileBytes: file.count)
        guard plan.outOfCore, let reason = plan.reason else { return (.memory, []) }
        let (chosen, caveat) = ArrayStorage.probeOutOfCore()
        progress?.phase(plan.shortReason ?? "streaming", 0)
        let place = chosen.directory.map {
            "its thread tables in mapped temporary files in \($0), pages the kernel can write back and drop"
        }
        let how = ["pages released as they are read", place, caveat].compactMap { $0 }.joined(separator: "; ")
        return (chosen, ["the trace read streaming from its mapping (\(how)): \(reason)"])
    }
}
