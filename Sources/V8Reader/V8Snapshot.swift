import DumpInput
import HeapGraph
public final class V8Snapshot: Sendable {
    public let index: HeapIndex
    init(index: HeapIndex) { self.index = index }
    public static func load(_ file: MappedFile, extraWarnings: [String] = [],
                            progress: ProgressSink? = nil) throws(DumpError) -> V8Snapshot {
        throw DumpError(file: file.path, offset: 0, "V8 heap snapshots are not supported yet")
    }
}
