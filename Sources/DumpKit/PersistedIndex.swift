#if canImport(Glibc)
import DumpProgress
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DumpInput
import HeapGraph

/// Opening a dump through its persisted index: use a valid one, else build the index once (other hdx processes on
/// the same dump wait meanwhile) and write it for the next run.
///
/// Place: `DUMP.hdxindex` beside the dump (`DUMP.dumpN.hdxindex` for heap dump N > 1 of an HPROF file), else, when
/// that folder cannot be written, `$XDG_CACHE_HOME/hdx/` (default `~/.cache/hdx/`) under a name made of the dump's
/// file name and a hash of its full path. Which formats are indexed is the readers' choice (`PersistableReader`:
/// HPROF and V8; HANA dumps are small text and are read every time). A gzip dump's index is keyed by the `.gz` file
/// and keeps the inflated bytes in a private file beside it (`InflatedCache`), so a reopen inflates nothing.
public enum PersistedIndex {
    /// Whether loads use the persisted index: on for the hdx command (unless `--no-index` or `HDX_NO_INDEX=1`), off
    /// for library callers and tests.
    /// Set once by the command line before anything is loaded.
    nonisolated(unsafe) public static var enabled = false {
        didSet { if enabled { SectionGate.onMismatch = { rebuildAfterMismatch(index: $0, section: $1) } } }
    }

    /// Whether a reopen verifies every section before use (`hdx index` on an existing index) instead of each chunk
    /// when it is first read.
    nonisolated(unsafe) public static var verifyEverything = false

    /// Called by `DumpLoader.load`: the dump from its index, or read (and its index then persisted).
    static func load(path: String, dump: Int?, progress: ProgressSink?) throws(DumpError) -> LoadedDump {
        guard enabled, let id = DumpIdentity(path: path, dump: dump ?? 1), id.indexable else {
            return try DumpLoader.loadWithoutIndex(path: path, dump: dump, progress: progress)
        }
        defer { close(id.fd) }
        if let found = restore(id, progress: progress) { return found }
        // Wait for another hdx building this index, then look again.
        progress?.phase("waiting for the index", 0)
        while flock(id.fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(id.fd, LOCK_UN) }
        if let found = restore(id, progress: progress) { return found }
        let (file, warnings) = try DumpLoader.open(path: path, progress: progress)
        guard let reader = DumpReaders.reader(for: file.bytes) else {
            throw DumpError(file: path, offset: 0, DumpReaders.notADump)
        }
        let loaded = try DumpLoader.read(reader, file, dump: dump, warnings: warnings, progress: progress)
        if let persistable = reader as? any PersistableReader {
            var sections = IndexSections()
            if persistable.persist(loaded, into: &sections) {
                write(sections, tag: persistable.persistenceTag, id: id, inflated: id.gzip ? file : nil)
            }
        }
        return loaded
    }

    static func restore(_ id: DumpIdentity, progress: ProgressSink?) -> LoadedDump? {
        for place in [id.besidePath, id.cachePath] where place != rejected {
            var clock = PhaseClock()
            guard case .success(let (sections, tag)) = IndexFile.read(place, key: id.key),
                  let reader = DumpReaders.persistable(tag: tag) else {
                continue
            }
            do throws(IndexFormatError) {
                let file: MappedFile
                if id.gzip {
                    file = try InflatedCache.map(index: place, sections: sections, dumpPath: id.path)
                } else {
                    do { file = try MappedFile(path: id.path) } catch { throw IndexFormatError(error.description) }
                }
                file.adviseRandom()
                if verifyEverything, let bad = sections.verifyAll() {
                    throw IndexFormatError("section \(bad) checksum mismatch")
                }
                let timing = clock.lap("index")
                let loaded = try reader.restore(file, dump: id.dump, from: sections, timings: [timing])
                progress?.phase("index", 1)
                debug("index read from \(place)")
                return loaded
            } catch {
                debug("index \(place) not used: \(error.description)")
                continue
            }
        }
        return nil
    }

    /// Writes the index (and for gzip the inflated bytes first) beside the dump, else in the cache folder.
    static func write(_ sections: IndexSections, tag: String, id: DumpIdentity, inflated: MappedFile?) {
        var errors: [String] = []
        for place in [id.besidePath, id.cachePath] {
            if place == id.cachePath { DumpIdentity.makeCacheDirectory() }
            var all = sections
            var cache: String?
            do {
                if let inflated {
                    let (path, section) = try InflatedCache.write(inflated, index: place, dumpPath: id.path)
                    cache = path
                    all.add(InflatedCache.sectionName, section)
                }
                try IndexFile.write(all, key: id.key, format: tag, to: place, dumpPath: id.path)
                debug("index built, written to \(place)")
                return
            } catch {
                if let cache { unlink(cache) }
                errors.append(error.description)
            }
        }
        FileHandleError.write("hdx: warning: index not written (\(errors.joined(separator: "; "))); the next run reads the dump again\n")
    }

    /// `HDX_INDEX_DEBUG=1`: one line on stderr saying whether the index was read or built (for tests).
    static func debug(_ message: @autoclosure () -> String) {
        guard debugging else { return }
        FileHandleError.write("hdx: debug: " + TerminalText.visible(message()) + "\n")
    }

    static let debugging = getenv("HDX_INDEX_DEBUG").map { String(cString: $0) } == "1"

    /// Removes the indexes of `path` (beside it and in the cache folder), or with nil everything in the cache
    /// folder that hdx wrote. Returns the removed paths.
    public static func clean(path: String?) -> [String] {
        var removed: [String] = []
        func remove(_ p: String) { if unlink(p) == 0 { removed.append(p) } }
        if let path {
            let dir = DumpIdentity.directory(of: path), name = DumpIdentity.fileName(of: path)
            let cachePrefix = DumpIdentity.cacheStem(for: path)
            for entry in listDirectory(dir) where entry.hasPrefix(name + ".") && hdxWrote(entry)
                || entry.hasPrefix("." + name + ".") && hdxWroteTemporary(entry) {
                remove(dir + entry)
            }
            let cache = DumpIdentity.cacheDirectory
            for entry in listDirectory(cache) where entry.hasPrefix(cachePrefix) {
                remove(cache + entry)
            }
        } else {
            let cache = DumpIdentity.cacheDirectory
            for entry in listDirectory(cache) where hdxWrote(entry) || hdxWroteTemporary(entry) {
                remove(cache + entry)
            }
        }
        return removed
    }

    /// An index or an inflated gzip cache (`InflatedCache`).
    static func hdxWrote(_ entry: String) -> Bool {
        entry.hasSuffix(".hdxindex") || entry.hasSuffix(InflatedCache.suffix)
    }

    /// One of their temporary files (`PrivateFile`: `.NAME.hdx-XXXXXXXX`).
    static func hdxWroteTemporary(_ entry: String) -> Bool {
        entry.contains(".hdxindex.hdx-") || entry.contains(InflatedCache.suffix + ".hdx-")
    }

    static func listDirectory(_ dir: String) -> [String] {
        guard let d = opendir(dir.isEmpty ? "." : dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }
}

