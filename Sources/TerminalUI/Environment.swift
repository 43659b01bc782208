#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads environment variables without Foundation.
enum Environment {
    static func get(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    /// `NO_COLOR` set to anything non-empty (no-color.org).
    static var noColor: Bool { !(get("NO_COLOR") ?? "").isEmpty }
}
