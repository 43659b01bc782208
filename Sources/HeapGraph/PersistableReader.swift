import DumpInput
import DumpProgress

/// A reader whose dumps can be kept in the persisted index (issue 13) and mapped back instead of read again.
/// DumpKit's `PersistedIndex` owns the file (placement, key, checksums, locking, gzip); the reader owns what goes in:
/// `persist` adds its sections (usually `HeapIndex.persist` plus one section of format extras), `restore` rebuilds
/// the dump from the verified sections over the dump's bytes. A new format opts in by conforming its reader; one
/// that does not (HANA) is simply read every time.
public protocol PersistableReader: DumpReader {
    /// Version of this reader's sections; bump it whenever their meaning changes (an index of another version is
    /// ignored and rebuilt).
    var persistenceVersion: UInt32 { get }
    /// The sections of `dump` (which this reader read); false when it has nothing to persist.
    func persist(_ dump: LoadedDump, into sections: inout IndexSections) -> Bool
    /// The dump from verified sections. `file` holds the dump's bytes (inflated when the dump is gzip), mapped and
    /// reported under the dump's path; `dump` is the 1-based dump number the index was written for.
    func restore(_ file: MappedFile, dump: Int, from sections: IndexSectionReader, timings: [PhaseTiming])
        throws(IndexFormatError) -> LoadedDump
}

extension PersistableReader {
    /// The index's format tag: format id and versions (`hprof/1.1`); an index whose tag differs is not read.
    public var persistenceTag: String { "\(format.id)/\(HeapIndex.persistenceVersion).\(persistenceVersion)" }
}
