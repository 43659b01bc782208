import ArgumentParser
import DumpInput
import DumpKit
import DumpStrip
import Foundation

/// `hdx strip FILE OUT [--keep REGEX] [--names] [--mapping FILE] [--force] [--gzip] [--json]`: a sanitized copy
/// of a dump that still analyses the same (values gone, structure kept).
struct Strip: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a sanitized copy of a dump (values removed) that still analyses the same.",
        discussion: """
        HPROF: primitive arrays, primitive fields, statics and constant-pool values are zeroed (so every String's \
        characters); ids, classes, field names, references, sizes, roots, threads and frames are kept.
        V8: every string value becomes <string N>, script sources become empty; names are kept.
        HANA: SQL texts, statement parameters, user, application and host names become <sql N>, <user N>, \
        <app N>, <host N>; numbers and allocator names are kept.
        With --names, class, field, method, function and property names become stable pseudonyms (C…, f…, m…, \
        F…, p…); JDK, JavaScript built-in and V8 system names stay readable. OUT is created with mode 0600.
        """)

    @Argument(help: "The dump (.hprof, .hprof.gz, .heapsnapshot, HANA .trc).") var file: String
    @Argument(help: "The sanitized copy to write (never the input; never over an existing file without --force).")
    var out: String
    @Flag(help: "Also replace class, field, method, function and property names by pseudonyms.") var names = false
    @Option(help: "With --names: names matching this regular expression stay readable.") var keep: String?
    @Option(help: "With --names: write the pseudonym → name mapping to this file (mode 0600).") var mapping: String?
    @Flag(help: "Replace OUT (and the mapping file) if it exists.") var force = false
    @Flag(help: "Compress the output with gzip (HPROF).") var gzip = false
    @Flag(help: "Print what was replaced as JSON.") var json = false

    func validate() throws {
        if let keep, (try? Regex(keep)) == nil { throw ValidationError("--keep is not a valid regular expression: \(keep)") }
        if keep != nil && !names { throw ValidationError("--keep only applies with --names") }
        if mapping != nil && !names { throw ValidationError("--mapping only applies with --names") }
        if let mapping, mapping == out { throw ValidationError("--mapping and OUT must be different files") }
    }

    struct Output: Encodable {
        var format: String
        var input: String
        var output: String
        var bytesWritten: Int
        /// The size of OUT (differs from bytesWritten with --gzip).
        var fileBytes: Int
        var replaced: [String: Int]
        var pseudonyms: Int
        var mapping: String?
        var warnings: [String]
        var seconds: Double
    }

    func run() throws {
        let started = Date()
        var input: MappedFile
        do {
            // The one map-maybe-inflate path (a gzip dump is inflated into a nameless temporary file, bounded).
            input = try DumpLoader.open(path: file).file
        } catch {
            FileHandleOutput.stderr("hdx: \(error.description)")
            throw ExitCode(1)
        }
        let kind: Stripper.Kind
        switch DumpFormat.detect(UnsafeRawBufferPointer(start: input.base, count: min(input.count, 4096))) {
        case .hprof: kind = .hprof
        case .v8: kind = .v8
        case .hana: kind = .hana
        case nil:
            FileHandleOutput.stderr("hdx: \(file): at byte 0: expected an HPROF, V8 heap snapshot or SAP HANA dump")
            throw ExitCode(1)
        }
        var options = StripOptions(names: names, gzip: gzip)
        if let keep, let regex = try? Regex(keep) {
            let pattern = UncheckedRegex(regex)
            options.keep = { name in name.contains(pattern.regex) }
        }
        if let mapping, !force, FileManager.default.fileExists(atPath: mapping) || (try? FileManager.default.destinationOfSymbolicLink(atPath: mapping)) != nil {
            throw UsageFailure(message: "\(mapping) exists; pass --force to replace it")
        }
        let result: StripResult
        do {
            result = try Stripper.strip(input, kind: kind, inputPath: file, outPath: out, force: force, options: options)
            if let mapping {
                try Stripper.writeMapping(result, to: mapping, force: force, notOnto: [file, out])
            }
        } catch let failure as StripFailure {
            if failure.kind == .usage { throw UsageFailure(message: failure.message) }
            FileHandleOutput.stderr("hdx: \(failure.message)")
            throw ExitCode(1)
        } catch {
            FileHandleOutput.stderr("hdx: \(error)")
            throw ExitCode(1)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: out))?[.size] as? NSNumber)?.intValue ?? 0
        let output = Output(format: result.format, input: file, output: out, bytesWritten: result.bytesWritten,
                            fileBytes: size,
                            replaced: Dictionary(result.counts, uniquingKeysWith: +),
                            pseudonyms: result.pseudonyms.count, mapping: mapping, warnings: result.warnings,
                            seconds: (Date().timeIntervalSince(started) * 1000).rounded() / 1000)
        if json { return try JSONOutput.print(output) }
        print("\(out): \(ByteCount.format(UInt64(size))) \(result.format)\(size != output.bytesWritten ? " (\(ByteCount.format(UInt64(output.bytesWritten))) uncompressed)" : ""), stripped in \(output.seconds) s")
        for (k, v) in result.counts { print("  \(k): \(ByteCount.grouped(v))") }
        if names { print("  pseudonyms: \(ByteCount.grouped(result.pseudonyms.count))" + (mapping.map { " (mapping in \($0))" } ?? "")) }
        for w in result.warnings { print("  warning: \(w)") }
    }
}

/// A compiled `--keep` pattern shared with the stripper's closure (only read, never mutated).
private final class UncheckedRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
}
