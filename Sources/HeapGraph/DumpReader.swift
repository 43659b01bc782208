import DumpProgress
import DumpInput

/// One format's reader: it recognises its files from their first bytes and reads one into the graph index plus
/// what only that format has. DumpKit's `DumpReaders.all` lists the readers; a new format is a new reader module,
/// one line there and its target in Package.swift.
public protocol DumpReader: Sendable {
    var format: DumpFormat { get }
    /// Whether `head` (the file's first bytes, at most 4 KiB, gzip already inflated) starts a dump of this format.
    func recognizes(_ head: UnsafeRawBufferPointer) -> Bool
    /// Reads the dump. `dump`: which dump of a file that holds several (1-based; nil = the first); `warnings` come
    /// from opening the file (the gzip stream) and go first into `DumpInfo.warnings`.
    func read(_ file: MappedFile, dump: Int?, warnings: [String], progress: ProgressSink?) throws(DumpError)
        -> LoadedDump
}

/// What a reader keeps beside the index: HPROF threads and strings, V8 node types, HANA sections and the verdict.
/// Code that needs one format's extras asks for its type (`dump.extras(HanaDump.self)`).
public protocol DumpExtras: Sendable {
    /// Paths from GC roots to `node` in the order the format's own tools show them; nil for the shortest ones.
    func pathsFromRoots(to node: UInt32, max: Int) -> [[UInt32]]?
    /// Which dump of a file that holds several this is; nil when the file holds one.
    var dumpsInFile: DumpsInFile? { get }
    /// DevTools' distance of `node` from the roots (V8: ≥ 100,000,000 when only the system reaches it); nil when the
    /// format has no distances or the node is unreachable.
    func distance(_ node: UInt32) -> Int?
    /// Whether the format has distances (cheap: nothing is computed).
    var hasDistances: Bool { get }
    /// Per class, the smallest distance of an object the class's histogram row counts (-5: none has one); nil when
    /// the format has no distances.
    func classDistances() -> ContiguousArray<Int32>?
    /// Every node's distance at once (negative: none), for sorting many nodes by distance without a call per node;
    /// nil when the format has no distances.
    func distanceTable() -> Column<Int32>?
    /// DevTools' Containment view's references of `node` (V8), in the order the dump wrote them: never the
    /// `invisible` ones; the "hidden data" (references of type `hidden` and references to V8's `hidden` internals)
    /// only when `showHidden`. `hidden`: how many references the rule left out for hidden data. nil: the format has
    /// no Containment view.
    func containmentFields(of node: UInt32, showHidden: Bool) -> (fields: [FieldValue], hidden: Int)?
}

extension DumpExtras {
    public func pathsFromRoots(to node: UInt32, max: Int) -> [[UInt32]]? { nil }
    public var dumpsInFile: DumpsInFile? { nil }
    public func distance(_ node: UInt32) -> Int? { nil }
    public var hasDistances: Bool { false }
    public func classDistances() -> ContiguousArray<Int32>? { nil }
    public func distanceTable() -> Column<Int32>? { nil }
    public func containmentFields(of node: UInt32, showHidden: Bool) -> (fields: [FieldValue], hidden: Int)? { nil }
}

/// A file that holds several heap dumps, and which of them was read.
public struct DumpsInFile: Sendable, Equatable {
    public var count: Int
    /// 1-based.
    public var number: Int
    /// Bytes of heap records in each dump of the file, in file order.
    public var heapBytes: [Int]

    public init(count: Int, number: Int, heapBytes: [Int]) {
        self.count = count
        self.number = number
        self.heapBytes = heapBytes
    }

    /// The one-line error for a dump number the file does not have.
    public static func outOfRange(_ wanted: Int, count: Int) -> String {
        switch count {
        case 0: return "expected a heap dump to read as dump \(wanted), but the file holds none"
        case 1: return "expected --dump 1: the file holds only one heap dump (asked for dump \(wanted))"
        default: return "expected --dump between 1 and \(count): the file holds \(count) heap dumps (asked for dump \(wanted))"
        }
    }
}

/// No extras (tests, hand-built indexes).
public struct NoExtras: DumpExtras {
    public init() {}
}

/// One opened dump: the format-neutral index every screen and command uses, plus its reader's extras.
public final class LoadedDump: Sendable {
    public let index: HeapIndex
    public let extras: any DumpExtras

    public init(index: HeapIndex, extras: any DumpExtras = NoExtras()) {
        self.index = index
        self.extras = extras
    }

    public var format: DumpFormat { index.info.format }
    public var path: String { index.info.path }

    /// The extras when they are of type `T` (`dump.extras(HprofDump.self)`).
    public func extras<T: DumpExtras>(_ type: T.Type) -> T? { extras as? T }

    /// Paths from GC roots to `node`, root side first, weak references excluded: in the order the format's tools
    /// show them (V8: DevTools' Retainers view, from the user roots), elsewhere the shortest ones.
    public func pathsFromRoots(to node: UInt32, max: Int) -> [[UInt32]] {
        extras.pathsFromRoots(to: node, max: max) ?? RootPaths.shortest(in: index.graph, to: node, max: max)
    }
}
