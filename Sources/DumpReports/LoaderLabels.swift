import DumpKit
import HeapGraph
import HprofReader

/// The class loader that defined each class, as the explorer groups the histogram by it (MAT's "group by class
/// loader"): per class index `jdk.internal.loader.ClassLoaders$AppClassLoader 0xfaaebed8`, or `<bootstrap>` for the
/// JVM's own loader (and classes without a CLASS_DUMP: primitive arrays). Nil for formats without class loaders.
public enum LoaderLabels {
    public static func of(_ dump: LoadedDump) -> [String]? {
        guard let hprof = dump.extras(HprofDump.self) else { return nil }
        let details = dump.index.details
        var cache: [UInt32: String] = [:]
        return hprof.definingLoaders().map { loader in
            guard let loader else { return "<bootstrap>" }
            if let hit = cache[loader] { return hit }
            let label = details.displayClassName(loader) + " " + details.idString(loader)
            cache[loader] = label
            return label
        }
    }
}
