#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the process's peak and current resident memory from /proc/self/status (Linux); 0 elsewhere.
public enum ResidentMemory {
    public static func peakBytes() -> UInt64 { field("VmHWM:") }
    public static func currentBytes() -> UInt64 { field("VmRSS:") }
    /// Resident anonymous memory (heap, `malloc`, private mappings): what only swap could take away.
    public static func anonymousBytes() -> UInt64 { field("RssAnon:") }
    /// Resident pages of mapped files (the dump, index files, spilled arrays): the kernel can drop the clean ones.
    public static func fileBytes() -> UInt64 { field("RssFile:") + field("RssShmem:") }

    private static func field(_ name: String) -> UInt64 {
        guard let f = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(name) {
                let digits = text.dropFirst(name.count).filter { $0.isNumber }
                return (UInt64(digits) ?? 0) * 1024
            }
        }
        return 0
    }
}

/// With HDX_TRACE_MEMORY=1, prints the resident memory at named points to stderr (for finding peaks).
public enum MemoryTrace {
    private static let enabled: Bool = getenv("HDX_TRACE_MEMORY") != nil

    public static func note(_ point: String) {
        guard enabled else { return }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let ms = (Int(ts.tv_sec) * 1000 + Int(ts.tv_nsec) / 1_000_000) % 1_000_000
        let line = "memory: [\(ms) ms] \(point): current \(ResidentMemory.currentBytes() >> 20) MiB "
            + "(anon \(ResidentMemory.anonymousBytes() >> 20), file \(ResidentMemory.fileBytes() >> 20)), "
            + "peak \(ResidentMemory.peakBytes() >> 20) MiB\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
