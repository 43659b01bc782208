#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What memory is available to an index, before its big arrays are allocated.
///
/// Readers estimate what their index needs from the record counts (objects, references) right after their first scan
/// and call `plan` (MemoryLimit.swift): in memory, out of core, or (address space too small) refused with one line.
/// What is available is the smallest of: the address-space limit (`ulimit -v`, RLIMIT_AS) less what the process
/// already maps, the data limit (RLIMIT_DATA) less the process's data, the cgroup's memory limit less its usage, and
/// MemAvailable plus free swap. Without this, a failed allocation aborts the process with a backtrace.
public enum MemoryBudget {
    /// What limits memory, and how many bytes it leaves (nil when nothing is known).
    public static func available() -> (bytes: Int, limit: String)? {
        var best: (bytes: Int, limit: String)?
        func consider(_ bytes: Int, _ limit: String) {
            if best == nil || bytes < best!.bytes { best = (max(bytes, 0), limit) }
        }
        let status = procStatus()
        var rl = rlimit()
        if getrlimit(resourceAS, &rl) == 0, rl.rlim_cur != unlimited, let vm = status["VmSize"] {
            // Worker threads started later (one per core) each map a stack: address space the index cannot use. The
            // per-object figures were measured on 2 cores, so they include two workers' stacks.
            var stack = rlimit()
            let stackBytes = getrlimit(resourceStack, &stack) == 0 && stack.rlim_cur != unlimited
                ? min(Int(clamping: stack.rlim_cur), 8 << 20) : 8 << 20
            let workers = min(max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1), 64)
            consider(Int(clamping: rl.rlim_cur) - vm - max(workers - 2, 0) * stackBytes, "ulimit -v")
        }
        if getrlimit(resourceData, &rl) == 0, rl.rlim_cur != unlimited, let data = status["VmData"] {
            consider(Int(clamping: rl.rlim_cur) - data, "ulimit -d")
        }
        if let (limit, usage) = cgroupMemory() { consider(limit - usage, "the cgroup's memory.max") }
        let info = keyedKilobytes(readSmallFile("/proc/meminfo"))
        if let avail = info["MemAvailable"] { consider(avail + (info["SwapFree"] ?? 0), "available memory") }
        return best
    }

    /// Throws when `needed` bytes exceed what is available (for a build that has no out-of-core path; the index
    /// readers call `plan` instead). `what` says what the bytes are for, e.g. "the index of 1,234 objects".
    public static func check(needed: Int, file: String, what: String) throws(DumpError) {
        trace(needed: needed, what: what)
        if skipsCheck { return }
        guard let (bytes, limit) = available(), needed > bytes else { return }
        throw DumpError(file: file, "\(what) needs about \(formatMiB(needed)) of memory, only \(formatMiB(bytes)) "
                            + "available (\(limit)); run hdx where it has more memory")
    }

    /// `HDX_TRACE_MEMORY`: the estimate, and (at exit) how far the virtual size really grew past this point.
    static func trace(needed: Int, what: String) {
        if getenv("HDX_TRACE_MEMORY") != nil, let vm = virtualBytes() {
            // Calibration: the estimate, and (at exit) how far the virtual size really grew past this point.
            traceStart = vm.current
            let line = "memory budget: \(what): estimate \(needed >> 20) MiB, virtual now \(vm.current >> 20) MiB\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            atexit {
                guard let vm = MemoryBudget.virtualBytes() else { return }
                let line = "memory budget: virtual peak \(vm.peak >> 20) MiB, grew \((vm.peak - MemoryBudget.traceStart) >> 20) MiB after the check\n"
                _ = line.withCString { write(2, $0, strlen($0)) }
            }
        }
    }

    nonisolated(unsafe) static var traceStart = 0

    /// `1,234 MiB`.
    public static func formatMiB(_ bytes: Int) -> String {
        let mib = (bytes + (1 << 20) - 1) >> 20
        var digits = String(mib)
        var i = digits.count - 3
        while i > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: i))
            i -= 3
        }
        return digits + " MiB"
    }

    /// Virtual size and peak virtual size of this process (bytes), from /proc/self/status.
    public static func virtualBytes() -> (current: Int, peak: Int)? {
        let s = procStatus()
        guard let c = s["VmSize"], let p = s["VmPeak"] else { return nil }
        return (c, p)
    }

    #if canImport(Glibc)
    static let resourceAS = __rlimit_resource_t(RLIMIT_AS.rawValue)
    static let resourceData = __rlimit_resource_t(RLIMIT_DATA.rawValue)
    static let resourceStack = __rlimit_resource_t(RLIMIT_STACK.rawValue)
    #else
    static let resourceAS = RLIMIT_AS
    static let resourceData = RLIMIT_DATA
    static let resourceStack = RLIMIT_STACK
    #endif

    /// RLIM_INFINITY (all bits set; the C macro does not import).
    static let unlimited = rlim_t.max

    static func procStatus() -> [String: Int] { keyedKilobytes(readSmallFile("/proc/self/status")) }

    /// `Key:   123 kB` lines as bytes.
    static func keyedKilobytes(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let rest = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard rest.count == 2, rest[1] == "kB", let kb = Int(rest[0]) else { continue }
            out[String(line[..<colon])] = kb * 1024
        }
        return out
    }

    /// This process's cgroup memory limit and usage (v2 memory.max/current, v1 memory.limit_in_bytes/usage_in_bytes);
    /// nil when unlimited or unknown.
    static func cgroupMemory() -> (Int, Int)? {
        func firstInt(_ path: String) -> Int? {
            Int(readSmallFile(path).split(separator: "\n").first ?? "")
        }
        for line in readSmallFile("/proc/self/cgroup").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            if parts[0] == "0" && parts[1].isEmpty {
                for dir in ["/sys/fs/cgroup" + parts[2], "/sys/fs/cgroup"] {
                    if let limit = firstInt(dir + "/memory.max"), let usage = firstInt(dir + "/memory.current") {
                        return (limit, usage)
                    }
                }
            } else if parts[1].split(separator: ",").contains("memory") {
                for dir in ["/sys/fs/cgroup/memory" + parts[2], "/sys/fs/cgroup/memory"] {
                    if let limit = firstInt(dir + "/memory.limit_in_bytes"),
                       let usage = firstInt(dir + "/memory.usage_in_bytes") {
                        // v1 writes a huge number (about Int64.max rounded to pages) for "no limit".
                        return limit >= 1 << 60 ? nil : (limit, usage)
                    }
                }
            }
        }
        return nil
    }

    static func readSmallFile(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
