import ArgumentParser
import Foundation
import DumpInput
import DumpKit
import HeapGraph

/// Standard output for every command: one buffered writer that checks every write. A full disk (ENOSPC), a closed
/// pipe (EPIPE; SIGPIPE is ignored) or a closed descriptor (EBADF) ends hdx with one line on stderr and exit 1, never
/// with a crash or a silent exit 0 with the output lost. `main.swift` flushes it when the command returns.
enum StandardOutput {
    nonisolated(unsafe) private static var buffer: [UInt8] = []
    private static let limit = 1 << 16

    static func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    static func write(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    /// Writes what is buffered; on failure prints one line and exits 1 (or only exits 1 when `quiet`, for error
    /// paths that already printed their line).
    static func flush(quiet: Bool = false) {
        var done = 0
        defer { buffer.removeAll(keepingCapacity: true) }
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let e = n < 0 ? errno : EIO
                if !quiet { FileHandleOutput.stderr("hdx: cannot write to standard output: \(String(cString: strerror(e)))") }
                Glibc.exit(1)
            }
            done += n
        }
    }

    /// Makes sure descriptors 0, 1 and 2 are open, so that no file hdx opens later takes their number (a command
    /// run with `>&-` would otherwise print into its own output file or dump). A closed stdout or stderr becomes
    /// /dev/null opened read-only: writes to it fail (EBADF) and are reported like any other write error.
    static func reserveStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != fd {
                dup2(opened, fd)
                close(opened)
            }
        }
        signal(SIGPIPE, SIG_IGN)
    }
}

/// Every `print` in this module goes to `StandardOutput` (checked writes), not to the C library's unchecked stdout.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    var text = ""
    for (i, item) in items.enumerated() {
        if i > 0 { text += separator }
        text += String(describing: item)
    }
    StandardOutput.write(text + terminator)
}

/// Writes one line to standard error with write(2) (errors there cannot be reported anywhere; they are ignored).
enum FileHandleOutput {
    /// One line: control characters in it (dump content, file names) are shown visibly, a newline included.
    static func stderr(_ text: String) {
        let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
        raw(TerminalText.visible(line) + "\n")
    }

    /// Several lines (the argument parser's usage text): each line made terminal-safe on its own.
    static func stderrLines(_ text: String) {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.visible($0) }
            .joined(separator: "\n")
        raw(all.hasSuffix("\n") ? all : all + "\n")
    }

    static func raw(_ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            done += n
        }
    }
}

/// Files a command writes (`--html`): `PrivateFile` (new file, mode 0600, never through a symlink, never over a
/// dump being read, renamed into place when complete); a refusal or write error is one line and exit 1.
enum OutputFile {
    static func check(_ path: String, inputs: [String]) throws {
        do { try PrivateFile.checkTarget(path, inputs: inputs) } catch {
            FileHandleOutput.stderr("hdx: \(error.description)")
            throw ExitCode(1)
        }
    }

    static func write(_ text: String, to path: String, inputs: [String]) throws {
        do { try PrivateFile.write(text, to: path, inputs: inputs) } catch {
            FileHandleOutput.stderr("hdx: \(error.description)")
            throw ExitCode(1)
        }
    }
}

/// Encodes command results as pretty JSON with sorted keys (stable for diffs and scripts).
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = Data(TerminalText.json(String(decoding: try encoder.encode(value), as: UTF8.self)).utf8)
        StandardOutput.write(data)
        StandardOutput.write("\n")
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
            FileHandleOutput.raw("\r\u{1B}[K hdx: \(text)")
        })
    }

    static func clear() {
        FileHandleOutput.raw("\r\u{1B}[K")
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
