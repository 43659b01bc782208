import DumpProgress
import DumpReports
import Foundation
import HeapGraph

/// The histogram's package tree and class-loader tree (`t`), built on a background thread when a dump's model is
/// made (a third of a second each on a 15 M-object dump), so `t` finds them ready. A tree asked for before its
/// build ends is built on the spot.
final class PackageTreesJob: Sendable {
    private let trees = Locked<[Bool: PackageTree]>([:])
    private let loaderNames = Locked<[String]??>(nil)

    init(model: ExplorerModel) {
        guard model.grouping == .class else { return }
        let rows = model.index.histogram.rows, graph = model.graph, tree = model.tree
        let skipEmpty = !model.index.info.countsEmptyObjects
        let dump = model.dump
        let trees = self.trees, loaderNames = self.loaderNames
        DispatchQueue.global(qos: .utility).async {
            let packages = PackageTree(rows: rows, graph: graph, tree: tree, skipEmpty: skipEmpty)
            trees.withLock { $0[false] = $0[false] ?? packages }
            let loaders = dump.flatMap(LoaderLabels.of)
            loaderNames.withLock { $0 = .some(loaders) }
            guard let loaders else { return }
            let byLoader = PackageTree(rows: rows, graph: graph, tree: tree, skipEmpty: skipEmpty, groups: loaders)
            trees.withLock { $0[true] = $0[true] ?? byLoader }
        }
    }

    /// The class loader of each class once the job has looked them up (nil: not yet; `.some(nil)`: none).
    var loaders: [String]?? { loaderNames.withLock { $0 } }

    /// The tree if its background build has finished.
    func ready(byLoader: Bool) -> PackageTree? { trees.withLock { $0[byLoader] } }
}
