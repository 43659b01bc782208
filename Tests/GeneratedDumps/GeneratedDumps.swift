import Foundation
import DumpKit
import HeapGraph

/// Dumps the tests write at test time with the runtimes on this machine (the JDK, node), from the generators in
/// SampleDumps/generators/. Foundation only (no Testing): a program that fails throws.
public enum GeneratedDumps {
    /// SampleDumps/generators/ of this checkout, with a trailing slash.
    public static let generators = String(#filePath).components(separatedBy: "/Tests/")[0] + "/SampleDumps/generators/"

    public struct ProgramFailed: Error, CustomStringConvertible {
        public let command: [String]
        public var description: String { "failed: " + command.joined(separator: " ") }
    }

    /// The executable `name` on PATH, or nil.
    public static func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `tool` with `args`, output discarded; throws when it exits non-zero.
    public static func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ProgramFailed(command: [tool] + args) }
    }

    /// Compiles SampleDumps/generators/java/`program`.java, runs it (serial GC, so the layout is the plain one) with
    /// the path of the dump it writes, and loads that dump; nil, with a notice naming `what`, without a JDK.
    /// `options`: more JVM options (`-XX:-CompactStrings`).
    public static func java(_ program: String, notChecked what: String, options: [String] = []) throws -> LoadedDump? {
        guard let javac = tool("javac"), let java = tool("java") else {
            print("notice: no JDK on PATH, \(what) not checked")
            return nil
        }
        let dir = NSTemporaryDirectory() + "hdx-\(program)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try run(javac, ["-d", dir, generators + "java/\(program).java"])
        try run(java, ["-XX:+UseSerialGC"] + options + ["-cp", dir, program, dir + "/dump.hprof"])
        return try DumpLoader.load(path: dir + "/dump.hprof")
    }
}
