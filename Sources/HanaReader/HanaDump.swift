import DumpInput
import HeapGraph
public final class HanaDump: Sendable {
    public let index: HeapIndex
    init(index: HeapIndex) { self.index = index }
    public static func load(_ file: MappedFile, extraWarnings: [String] = [],
                            progress: ProgressSink? = nil) throws(DumpError) -> HanaDump {
        throw DumpError(file: file.path, offset: 0, "SAP HANA dumps are not supported yet")
    }
}
