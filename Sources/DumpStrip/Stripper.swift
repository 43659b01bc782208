import DumpInput

/// `hdx strip`: writes a sanitized copy of a dump that still analyses the same (see each format's stripper).
public enum Stripper {
    public enum Kind: String, Sendable { case hprof, v8, hana }

    /// Strips `input` (already mapped; gzip already inflated) into a new private file at `outPath`.
    /// `inputPath` is the file as named on the command line, which the output must never replace.
    public static func strip(_ input: MappedFile, kind: Kind, inputPath: String, outPath: String, force: Bool,
                             options: StripOptions) throws -> StripResult {
        let out = try privateFile(outPath, force: force, inputs: [inputPath])
        do {
            let sink = try OutputSink(fd: out.fd, name: outPath, gzip: options.gzip && kind == .hprof)
            var result: StripResult
            switch kind {
            case .hprof: result = try HprofStripper.strip(input, to: sink, options: options)
            case .v8: result = try V8Stripper.strip(input, to: sink, options: options)
            case .hana: result = try HanaStripper.strip(input, to: sink, options: options)
            }
            try sink.finish()
            do { try out.commit() } catch { throw StripFailure(.io, error.description) }
            if options.gzip && kind != .hprof { result.warnings.append("--gzip applies to HPROF only; the output is not compressed") }
            return result
        } catch {
            out.abandon()
            throw error
        }
    }

    /// The output, created through `PendingPrivateFile` (DumpInput: mode 0600, `O_EXCL|O_NOFOLLOW`, temporary name
    /// renamed into place, never a symlink, never an input). A refused target is a usage error (exit 2).
    static func privateFile(_ path: String, force: Bool, inputs: [String]) throws(StripFailure) -> PendingPrivateFile {
        if let reason = PrivateFile.refusal(path, inputs: inputs, replace: force) {
            throw StripFailure(.usage, "\(path) \(reason)")
        }
        do { return try PendingPrivateFile(path, inputs: inputs, replace: force) } catch {
            throw StripFailure(.io, error.description)
        }
    }

    /// Writes the pseudonym mapping (`pseudonym → original`) as JSON to a new private file.
    public static func writeMapping(_ result: StripResult, to path: String, force: Bool,
                                    notOnto inputs: [String]) throws {
        let out = try privateFile(path, force: force, inputs: inputs)
        do {
            let sink = try OutputSink(fd: out.fd, name: path, gzip: false)
            try sink.write("{\n  \"format\" : \"\(result.format)\",\n  \"names\" : {")
            var first = true
            for (p, original) in result.pseudonyms.originals.sorted(by: { $0.key < $1.key }) {
                try sink.write((first ? "\n" : ",\n") + "    \"\(p)\" : " + jsonString(original))
                first = false
            }
            try sink.write(first ? "}\n}\n" : "\n  }\n}\n")
            try sink.finish()
            do { try out.commit() } catch { throw StripFailure(.io, error.description) }
        } catch {
            out.abandon()
            throw error
        }
    }

    /// A JSON string literal (escapes quotes, backslashes and control characters; other characters as UTF-8).
    public static func jsonString(_ s: String) -> String {
        JSONText.quoted(s, lineSeparators: true)
    }
}
