import DumpInput
import HanaReader
import HeapGraph
import HprofReader
import V8Reader

/// The formats hdx reads, in the order their first bytes are tried. A new format: its reader module, one line here,
/// its target in Package.swift.
public enum DumpReaders {
    public static let all: [any DumpReader] = [
        HprofDumpReader(),
        V8DumpReader(),
        HanaDumpReader(),
    ]

    /// The reader whose format starts with these bytes (only the first 4 KiB are looked at; gzip is inflated first).
    public static func reader(for bytes: UnsafeRawBufferPointer) -> (any DumpReader)? {
        let head = UnsafeRawBufferPointer(rebasing: bytes.prefix(4096))
        return all.first { $0.recognizes(head) }
    }

    /// The reader that wrote a persisted index with this tag (`PersistableReader.persistenceTag`), if any.
    static func persistable(tag: String) -> (any PersistableReader)? {
        for case let r as any PersistableReader in all where r.persistenceTag == tag { return r }
        return nil
    }

    /// `not a heap dump: expected an HPROF header (…), a V8 heap snapshot (…) or a SAP HANA runtime dump`.
    public static var notADump: String {
        let what = all.map(\.format.expectation)
        let list = what.count > 1 ? what.dropLast().joined(separator: ", ") + " or " + what.last! : what.joined()
        return "not a heap dump: expected " + list
    }
}

extension DumpFormat {
    /// The format whose first bytes these are; nil when no reader recognises them.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> DumpFormat? {
        DumpReaders.reader(for: bytes)?.format
    }
}
