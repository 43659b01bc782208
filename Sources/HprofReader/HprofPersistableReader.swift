import DumpInput
import DumpProgress
import HeapGraph

/// HPROF in the persisted index: the format-neutral index plus `x.hprof` (HprofIndexExtras.swift).
extension HprofDumpReader: PersistableReader {
    /// 2: the record checkpoints (section `x.hprof.records`); an index of version 1 is rebuilt.
    public var persistenceVersion: UInt32 { 2 }

    public func persist(_ dump: LoadedDump, into sections: inout IndexSections) -> Bool {
        dump.extras(HprofDump.self)?.persist(into: &sections) ?? false
    }

    public func restore(_ file: MappedFile, dump: Int, from sections: IndexSectionReader, timings: [PhaseTiming])
        throws(IndexFormatError) -> LoadedDump {
        let hprof = try HprofDump.restore(file, from: sections, timings: timings)
        guard hprof.dumpNumber == dump else { throw IndexFormatError("x.hprof: written for another dump number") }
        return LoadedDump(index: hprof.index, extras: hprof)
    }
}
