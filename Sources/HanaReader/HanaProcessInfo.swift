/// Who wrote the dump: service, host, port, PID, SID, executable and HANA version, gathered from the preamble,
/// `[PROCESS_INFO]`, `[BUILD]`, the OOM block and the file name (`indexserver_<host>.<port>.rtedump.<ts>.<pid>.oom.trc`).
public struct HanaProcessInfo: Sendable, Equatable {
    public var service: String?
    public var host: String?
    public var port: Int?
    public var pid: Int?
    public var sid: String?
    public var executable: String?
    public var version: String?
    /// From the file name: `rtedump`, `crashdump`, `emergencydump`, … and the flavour (`oom`, `compositelimit_oom`, …).
    public var fileKind: String?
    public var fileFlavour: String?
    /// `20250311-142207` from the file name.
    public var fileTimestamp: String?

    public init() {}

    /// Fills what the file name tells (never overrides what the dump says).
    mutating func apply(fileName path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let parts = name.split(separator: ".").map(String.init)
        guard let k = parts.firstIndex(where: { ["rtedump", "crashdump", "emergencydump", "runtimedump"].contains($0) })
        else { return }
        fileKind = parts[k]
        if k >= 2 {
            if port == nil { port = Int(parts[k - 1]) }
            let sh = parts[..<(k - 1)].joined(separator: ".")
            if let us = sh.firstIndex(of: "_") {
                if service == nil { service = String(sh[..<us]) }
                if host == nil { host = String(sh[sh.index(after: us)...]) }
            }
        }
        if k + 1 < parts.count { fileTimestamp = parts[k + 1] }
        if k + 2 < parts.count, parts[k + 2].allSatisfy(\.isNumber), pid == nil { pid = Int(parts[k + 2]) }
        let flavourStart = k + 3
        if flavourStart < parts.count - 1 { fileFlavour = parts[flavourStart..<(parts.count - 1)].joined(separator: ".") }
    }

    /// Reads `Key: value` pairs (several per line separated by `, ` in the preamble).
    mutating func apply(keyValueLine text: String) {
        for part in text.split(separator: ",") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let key = part[..<colon].trimmed.lowercased()
            let value = part[part.index(after: colon)...].trimmed
            guard !value.isEmpty else { continue }
            switch key {
            case "pid": if pid == nil { pid = Int(value) }
            case "host": if host == nil { host = value }
            case "port": if port == nil { port = Int(value) }
            case "service": if service == nil { service = value }
            case "sid": if sid == nil { sid = value }
            case "executable": if executable == nil { executable = value }
            default: break
            }
        }
    }
}
