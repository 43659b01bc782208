import ArgumentParser
import DumpInput
import DumpKit
import HanaReader

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `hdx hana …`: what only SAP HANA runtime dumps have — system views as CSV and stacks as folded lines.
struct HanaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hana",
        abstract: "SAP HANA runtime dump tools: export [STATISTICS] views, print thread stacks and allocators.",
        subcommands: [Views.self, Stacks.self, HanaAllocators.self])

    /// Opens a HANA dump or exits 1 with the one-line error on stderr.
    static func open(_ path: String) throws -> HanaDump {
        do {
            let dump = try DumpLoader.load(path: path)
            guard let hana = dump.extras(HanaDump.self) else {
                throw DumpError(file: path, offset: 0, "expected a SAP HANA runtime dump, found a \(dump.format.displayName)")
            }
            return hana
        } catch {
            printError("hdx: \(error)")
            throw ExitCode(1)
        }
    }

    /// One line on stderr; dump content and file names in it are shown terminal-safe.
    static func printError(_ s: String) {
        let bytes = Array((TerminalText.visible(s) + "\n").utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    struct Views: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every [STATISTICS] view as <VIEW>.csv into a directory (like the Dump Viewer's -mv).")

        @Argument(help: "The HANA runtime dump (.trc).")
        var file: String

        @OptionGroup var memory: MemoryChoice

        @Option(name: .long, help: "Output directory (created when missing).")
        var out: String?

        @Option(name: .long, help: "Only this view (repeatable).")
        var view: [String] = []

        @Flag(name: .long, help: "List the views (name, rows, columns) instead of writing them.")
        var list = false

        func validate() throws {
            if !list && out == nil { throw ValidationError("Missing --out DIR (or use --list).") }
        }

        func run() throws {
            let dump = try HanaCommand.open(file)
            if list {
                for v in dump.views {
                    // Tab-separated: each field made terminal-safe on its own (a tab inside one shows as \t).
                    print("\(TerminalText.visible(v.name))\t\(v.lineCount) rows\t\(v.columns.count) columns\t"
                          + TerminalText.visible(v.title))
                }
                return
            }
            let wanted = view.isEmpty ? nil : Set(view)
            if let wanted {
                let missing = wanted.subtracting(dump.views.map(\.name))
                if !missing.isEmpty {
                    HanaCommand.printError("hdx: \(file): no view named \(missing.sorted().joined(separator: ", "))")
                    throw ExitCode(1)
                }
            }
            do {
                let written = try dump.writeViews(to: out!, only: wanted, inputs: [file])
                for w in written { TextOutput.line(w) }
            } catch {
                HanaCommand.printError("hdx: \(error)")
                throw ExitCode(1)
            }
        }
    }

    struct Stacks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the [STACK_SHORT] threads, folded stacks (--folded) or their call graph (--dot).")

        @Argument(help: "The HANA runtime dump (.trc).")
        var file: String

        @OptionGroup var memory: MemoryChoice

        @Flag(name: .long, help: "Folded stacks: frame;frame;frame count (outermost first), for flamegraph.pl.")
        var folded = false

        @Flag(name: .long, help: "The call graph as Graphviz DOT (frames with thread counts, caller -> callee; threads with exceptions apart).")
        var dot = false

        @Option(name: .long, help: "Only the thread with this id (thr=<tid> or <tid>).")
        var thread: String?

        @Flag(name: .long, help: "Keep full signatures (argument lists) in folded frames.")
        var fullSymbols = false

        @Flag(name: .long, help: "Put the thread name as the root frame of folded stacks.")
        var threadNames = false

        func validate() throws {
            if let thread, HanaCommand.Stacks.tid(thread) == nil {
                throw ValidationError("--thread expects thr=<tid> or a number, got \"\(thread)\".")
            }
            if folded && dot { throw ValidationError("--folded and --dot exclude each other") }
            if dot && thread != nil { throw ValidationError("--dot draws all threads; --thread does not apply") }
        }

        static func tid(_ text: String) -> UInt64? {
            UInt64(text.hasPrefix("thr=") ? String(text.dropFirst(4)) : text)
        }

        func run() throws {
            let dump = try HanaCommand.open(file)
            let tid = thread.flatMap(HanaCommand.Stacks.tid)
            if let tid, dump.threadIndex(tid: tid) == nil {
                HanaCommand.printError("hdx: \(file): no thread thr=\(tid) in [STACK_SHORT]")
                throw ExitCode(1)
            }
            if dot {
                print(dump.callGraphDOT(fullSymbols: fullSymbols), terminator: "")
                return
            }
            if folded {
                for line in dump.foldedStacks(tid: tid, fullSymbols: fullSymbols, threadNames: threadNames) {
                    TextOutput.line(line)
                }
                return
            }
            let indices = tid.flatMap { dump.threadIndex(tid: $0) }.map { [$0] } ?? Array(dump.threads.indices)
            for i in indices {
                let t = dump.thread(at: i)
                TextOutput.line("\(t.entry.id) \(t.entry.name)" + (t.entry.active ? "" : " (inactive)"))
                for f in t.frames { TextOutput.line(f.text) }
                for e in t.exceptions {
                    TextOutput.line("  exception \(e.code) (\(e.location)): \(e.text)")
                }
                TextOutput.line("--")
            }
        }
    }
}
