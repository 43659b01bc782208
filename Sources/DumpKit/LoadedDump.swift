import HeapGraph
import HprofReader
import V8Reader
import HanaReader

/// One opened dump: the format-neutral index every screen and command uses, plus what only its format has.
public final class LoadedDump: Sendable {
    public let format: DumpFormat
    public let index: HeapIndex
    /// HPROF only: threads, stack traces, strings, field layouts.
    public let hprof: HprofDump?
    /// V8 only: node types, edge names, detachedness, node ids.
    public let v8: V8Snapshot?
    /// HANA only: sections, the OOM or crash verdict, allocators, threads and their stacks, system views.
    public let hana: HanaDump?

    public init(format: DumpFormat, index: HeapIndex, hprof: HprofDump? = nil, v8: V8Snapshot? = nil,
                hana: HanaDump? = nil) {
        self.format = format
        self.index = index
        self.hprof = hprof
        self.v8 = v8
        self.hana = hana
    }

    public var path: String { index.info.path }

    /// Paths from GC roots to `node`, root side first, weak references excluded: for V8 in the order and from the
    /// user roots (the global object) that DevTools' Retainers view uses, elsewhere the shortest ones.
    public func pathsFromRoots(to node: UInt32, max: Int) -> [[UInt32]] {
        if let v8 { return v8.retainerPaths(to: node, max: max) }
        return RootPaths.shortest(in: index.graph, to: node, max: max)
    }
}
