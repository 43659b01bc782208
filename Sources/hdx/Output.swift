import ArgumentParser
import DumpProgress
import Foundation
import DumpInput
import DumpKit
import HeapGraph

/// Writes to standard error without buffering surprises.
enum FileHandleOutput {
    static func stderr(_ text: String) {
        FileHandle.standardError.write((text.hasSuffix("\n") ? text : text + "\n").data(using: .utf8)!)
    }
}

/// Encodes command results as pretty JSON with sorted keys (stable for diffs and scripts).
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write("\n".data(using: .utf8)!)
    }
}

/// Loads a dump for a command: progress on stderr when it is a terminal, a one-line error and exit 1 on bad input.
enum CommandLoading {
    static func load(_ path: String, dump number: Int? = nil) throws -> LoadedDump {
        let progress: ProgressSink? = isatty(2) != 0 ? TerminalProgress.sink() : nil
        do {
            let dump = try DumpLoader.load(path: path, dump: number, progress: progress)
            if progress != nil { TerminalProgress.clear() }
            return dump
        } catch {
            if progress != nil { TerminalProgress.clear() }
            FileHandleOutput.stderr("hdx: \(error.description)")
            throw ExitCode(1)
        }
    }
}

extension CommandLoading {
    /// Loads two dumps in parallel and compares them: different kinds are a usage error (exit 2), an unreadable
    /// dump exits 1 with its one-line message.
    static func comparison(old: String, new: String, oldDump: Int? = nil, newDump: Int? = nil) throws -> DumpComparison {
        do {
            return try DumpComparison.load(oldPath: old, newPath: new, oldDump: oldDump, newDump: newDump)
        } catch let e as DumpComparison.Failure {
            throw UsageFailure(message: e.description)
        } catch {
            FileHandleOutput.stderr("hdx: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Wrong usage found while running (an id that names nothing, dumps that cannot be compared): one line, exit 2.
struct UsageFailure: Error {
    var message: String
}

/// A one-line progress indicator on stderr (`reading  42%`), redrawn at most ten times a second.
enum TerminalProgress {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var last = 0.0
        var lastText = ""
    }
    private static let state = State()

    static func sink() -> ProgressSink {
        ProgressSink(report: { phase, fraction in
            let now = PhaseClock.now()
            state.lock.lock()
            defer { state.lock.unlock() }
            let text = "\(phase) \(Int(fraction * 100))%"
            guard now - state.last > 0.1 || text != state.lastText && fraction >= 1 else { return }
            state.last = now
            state.lastText = text
            FileHandle.standardError.write("\r\u{1B}[K hdx: \(text)".data(using: .utf8)!)
        })
    }

    static func clear() {
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
    }
}

/// Looks up an object (or HANA allocator) named on the command line; wrong ids are usage errors (exit 2).
enum NodeArgument {
    static func resolve(_ text: String, in dump: LoadedDump) throws -> UInt32 {
        guard let node = dump.index.details.node(forIDString: text) else {
            throw UsageFailure(message: "no object with id \(text) in \(dump.path)")
        }
        return node
    }
}
