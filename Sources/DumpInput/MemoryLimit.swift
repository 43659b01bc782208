#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--max-memory SIZE` and the choice between building the index in memory and out of core.
///
/// The budget is the smaller of `--max-memory` and three quarters of what `available()` reports (MemAvailable, the
/// cgroup's limit, `ulimit -d`), the quarter left for the page cache that holds the dump itself. An index whose
/// estimate exceeds the budget is built out of core (HPROF: its big arrays in mapped temporary files). Address space
/// (`ulimit -v`) is the one limit that mapping files does not help with: above it the load is refused as before.
extension MemoryBudget {
    /// The `--max-memory` bound in bytes (set once by the command line before anything is loaded); nil: none.
    nonisolated(unsafe) public static var maxMemory: Int?

    /// What the out-of-core decision found.
    public struct Plan: Sendable, Equatable {
        public var outOfCore: Bool
        /// Why the index is built out of core (estimate vs budget), for the warnings; nil in memory.
        public var reason: String?
        /// The same in a few words for the loading screen: `out of core 1481>400 MiB`.
        public var shortReason: String?
    }

    /// `400M`, `4G`, `1.5G`, `512k`, `123456` (bytes), `2GiB`, `300MB`: binary units (K = 1024). Nil for anything
    /// else, for zero and for values beyond 2^62 bytes.
    public static func parseSize(_ text: String) -> Int? {
        var s = Substring(text)
        guard !s.isEmpty else { return nil }
        let lower = s.lowercased()
        var shift = 0
        for (suffixes, bits) in [(["kib", "kb", "k"], 10), (["mib", "mb", "m"], 20), (["gib", "gb", "g"], 30),
                                 (["tib", "tb", "t"], 40), (["b"], 0)] {
            if let suf = suffixes.first(where: { lower.hasSuffix($0) }) {
                s = s.dropLast(suf.count)
                shift = bits
                break
            }
        }
        guard !s.isEmpty, s.allSatisfy({ ($0 >= "0" && $0 <= "9") || $0 == "." }),
              s.filter({ $0 == "." }).count <= 1, s.first != ".", s.last != ".",
              let value = Double(s), value > 0 else { return nil }
        let bytes = value * Double(1 << shift)
        guard bytes >= 1, bytes <= Double(1 << 62) else { return nil }
        return Int(bytes.rounded(.up))
    }

    /// The bytes the index may take in anonymous memory and what sets that bound; nil when nothing is known.
    public static func budget(maxMemory: Int? = MemoryBudget.maxMemory) -> (bytes: Int, limit: String)? {
        let avail = available().map { (bytes: $0.bytes / 4 * 3, limit: "3/4 of \($0.limit)") }
        guard let maxMemory else { return avail }
        if let avail, avail.bytes < maxMemory { return avail }
        return (maxMemory, "--max-memory")
    }

    /// Decides where an index of about `needed` bytes is built. Throws, as `check` does, only when the address
    /// space (`ulimit -v`) cannot hold it, mapped or not. `HDX_FORCE_OUT_OF_CORE=1` forces the out-of-core path.
    public static func plan(needed: Int, file: String, what: String,
                            maxMemory: Int? = MemoryBudget.maxMemory) throws(DumpError) -> Plan {
        trace(needed: needed, what: what)
        if let (bytes, limit) = available(), limit == "ulimit -v", needed > bytes, !skipsCheck {
            throw DumpError(file: file, "\(what) needs about \(formatMiB(needed)) of memory, only "
                                + "\(formatMiB(bytes)) available (\(limit)); run hdx where it has more memory")
        }
        if let force = getenv("HDX_FORCE_OUT_OF_CORE"), force.pointee == UInt8(ascii: "1") {
            return Plan(outOfCore: true, reason: "forced by HDX_FORCE_OUT_OF_CORE=1 (estimate \(formatMiB(needed)))",
                        shortReason: "out of core: forced")
        }
        guard let (bytes, limit) = budget(maxMemory: maxMemory), needed > bytes else {
            return Plan(outOfCore: false, reason: nil)
        }
        return Plan(outOfCore: true, reason: "\(what) needs about \(formatMiB(needed)), more than \(limit) "
                        + "allows (\(formatMiB(bytes)))",
                    shortReason: "out of core \((needed + (1 << 20) - 1) >> 20)>\((bytes + (1 << 20) - 1) >> 20) MiB")
    }

    /// A dump read in one pass over its mapping (HANA): its size never makes the load fail. When the file is larger
    /// than the budget (or `HDX_FORCE_OUT_OF_CORE=1`), why it is read streaming with its tables in temporary files
    /// (the reader words the warning), and the loading screen's phase.
    public static func streamingPlan(fileBytes: Int, maxMemory: Int? = MemoryBudget.maxMemory) -> Plan {
        if let force = getenv("HDX_FORCE_OUT_OF_CORE"), force.pointee == UInt8(ascii: "1") {
            return Plan(outOfCore: true, reason: "forced by HDX_FORCE_OUT_OF_CORE=1", shortReason: "streaming")
        }
        guard let (bytes, limit) = budget(maxMemory: maxMemory), fileBytes > bytes else {
            return Plan(outOfCore: false, reason: nil)
        }
        func size(_ b: Int) -> String { b < 1 << 20 ? "\((b + 1023) >> 10) KiB" : formatMiB(b) }
        return Plan(outOfCore: true, reason: "the trace of \(size(fileBytes)) is larger than \(limit) allows (\(size(bytes)))",
                    shortReason: "streaming \((fileBytes + (1 << 20) - 1) >> 20)>\((bytes + (1 << 20) - 1) >> 20) MiB")
    }

    static var skipsCheck: Bool {
        if let skip = getenv("HDX_SKIP_MEMORY_CHECK"), skip.pointee == UInt8(ascii: "1") { return true }
        return false
    }

    /// Reads `--max-memory SIZE` / `--max-memory=SIZE` from the arguments before `--` (the parser validates it
    /// again and rejects bad values with exit 2).
    public static func maxMemory(inArguments args: [String]) -> Int? {
        let options = args.prefix { $0 != "--" }
        var value: String?
        for (i, a) in options.enumerated() {
            if a == "--max-memory", i + 1 < options.count { value = options[options.startIndex + i + 1] }
            if a.hasPrefix("--max-memory=") { value = String(a.dropFirst("--max-memory=".count)) }
        }
        return value.flatMap(parseSize)
    }
}
