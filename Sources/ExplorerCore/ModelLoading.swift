import DumpProgress
import DumpInput
import DumpKit
import DumpReports
import HeapGraph

/// A model built on a loading thread and handed to the UI thread, which alone touches it afterwards: the loading
/// thread keeps no reference once it returns it, so the hand-over is safe although the models are not Sendable.
package struct Handover<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

/// The explorer's one loading pipeline: read the dump (or dumps), run the analyses its first screens show (leak
/// suspects, the HANA verdict) and build the model, all on the calling (loading) thread. The terminal backend only
/// waits for it behind the loading screen; the single, comparison and growth explorers load alike.
package enum ModelLoading {
    /// `hdx FILE`: one dump (`dump`: which one of a file that holds several; nil = the first).
    package static func single(path: String, dump: Int?, progress: ProgressSink) throws(DumpError)
        -> Handover<ExplorerModel> {
        let loaded = try DumpLoader.load(path: path, dump: dump, progress: progress)
        progress.phase("analysing", 0.5)
        return Handover(ExplorerModel(dump: loaded))
    }

    /// `hdx diff OLD NEW`: both dumps (in parallel), their comparison and NEW's model.
    package static func comparison(old: String, new: String, oldDump: Int?, newDump: Int?,
                                  progress: ProgressSink) throws -> Handover<ComparisonModel> {
        let cmp = try DumpComparison.load(oldPath: old, newPath: new, oldDump: oldDump, newDump: newDump,
                                          progress: progress)
        progress.phase("analysing", 0.5)
        return Handover(ComparisonModel(comparison: cmp, newModel: ExplorerModel(dump: cmp.new)))
    }

    /// `hdx growth S1 S2 S3 …`: the series (snapshots read one after the other) and the last snapshot's model.
    package static func growth(paths: [String], progress: ProgressSink) throws -> Handover<GrowthModel> {
        var last: LoadedDump?
        let series = try GrowthSeries.load(paths: paths, load: { p throws(DumpError) in
            try DumpLoader.load(path: p, progress: progress)
        }, keepLast: { last = $0 })
        progress.phase("analysing", 0.5)
        guard let last else { throw DumpError(file: paths[paths.count - 1], "the last snapshot was not read") }
        return Handover(GrowthModel(series: series, lastModel: ExplorerModel(dump: last)))
    }

    /// The exit status for a failed load: 2 for dumps that cannot be compared (wrong usage), else 1.
    package static func exitStatus(for error: any Error) -> Int32 {
        error is DumpComparison.Failure ? 2 : 1
    }
}
