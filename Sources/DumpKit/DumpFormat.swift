import DumpInput

/// The kinds of dump hdx reads, recognised from the first bytes of the file, never from its name.
public enum DumpFormat: String, Sendable, CaseIterable {
    case hprof, v8, hana

    /// Looks at the first bytes: `JAVA PROFILE ` (HPROF), a JSON object whose first key is `snapshot` (V8), a HANA
    /// trace header or section tag (HANA). Gzip is inflated before this is asked.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> DumpFormat? {
        let head = Array(bytes.prefix(4096))
        if head.starts(with: Array("JAVA PROFILE ".utf8)) { return .hprof }
        var i = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < head.count, head[i] == 0x20 || head[i] == 0x0A || head[i] == 0x0D || head[i] == 0x09 { i += 1 }
        if i < head.count, head[i] == UInt8(ascii: "{") {
            let text = String(decoding: head[i...].prefix(64), as: UTF8.self)
            let compact = text.filter { !$0.isWhitespace }
            if compact.hasPrefix("{\"snapshot\"") { return .v8 }
            return nil
        }
        let text = String(decoding: head, as: UTF8.self)
        let markers = ["[BUILD]", "[MEMORY_OOM]", "[STACK_SHORT]", "[CRASH_STACK]", "[OS_MEMORY]", "[THREADS]",
                       "[STATISTICS]", "[INDEXMANAGER_WAITGRAPH]", "[CRASH_SHORTINFO]", "[MEMMAP]",
                       "Runtime Dump", "runtime dump", "SAP HANA", "TOC:", "[PROCESS_INFO]", "[SYSTEM_INFO]"]
        if markers.contains(where: { text.contains($0) }) { return .hana }
        return nil
    }
}
