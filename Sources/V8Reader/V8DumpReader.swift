import DumpProgress
import DumpInput
import HeapGraph

extension DumpFormat {
    /// V8 heap snapshots (Chrome DevTools, Node's `writeHeapSnapshot`).
    public static let v8 = DumpFormat(
        id: "v8", shortName: "V8", displayName: "V8 heap snapshot",
        expectation: "a V8 heap snapshot (a JSON object starting with \"snapshot\")",
        stableIDs: true, words: .devTools)
}

/// Reads V8 heap snapshots: a JSON object whose first key is `snapshot`.
public struct V8DumpReader: DumpReader {
    public init() {}

    public var format: DumpFormat { .v8 }

    public func recognizes(_ head: UnsafeRawBufferPointer) -> Bool {
        guard let start = JSONStart.firstByte(head), head[start] == UInt8(ascii: "{") else { return false }
        let text = String(decoding: head[start...].prefix(64), as: UTF8.self)
        return text.filter { !$0.isWhitespace }.hasPrefix("{\"snapshot\"")
    }

    public func read(_ file: MappedFile, dump: Int?, warnings: [String], progress: ProgressSink?) throws(DumpError)
        -> LoadedDump {
        if let dump, dump != 1 { throw DumpError(file: file.path, offset: file.count, DumpsInFile.outOfRange(dump, count: 1)) }
        let snapshot = try V8Snapshot.load(file, extraWarnings: warnings, progress: progress)
        return LoadedDump(index: snapshot.index, extras: snapshot)
    }
}

extension V8Snapshot: DumpExtras {
    /// DevTools' Retainers view order, from the user roots (the global object).
    public func pathsFromRoots(to node: UInt32, max: Int) -> [[UInt32]]? { retainerPaths(to: node, max: max) }
    public var hasDistances: Bool { true }
    public func distanceTable() -> Column<Int32>? { retainerIndex.distance }
}
