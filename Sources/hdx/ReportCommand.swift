import ArgumentParser
import DumpKit
#if canImport(Glibc)
import Glibc
#endif

/// `hdx report FILE [--json] [--html OUT] [--baseline OLD]`: leak suspects and a system overview (HANA: the OOM or
/// crash verdict), as text, JSON or one self-contained HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Leak suspects and a system overview (HANA: the OOM or crash verdict).")

    @Argument(help: "The dump.") var file: String
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Also write the report as one self-contained HTML page to this file (mode 0600).") var html: String?
    @Option(help: "An older dump of the same process: adds what grew.") var baseline: String?
    @Option(help: "A suspect retains more than this share of the reachable heap (percent).") var threshold: Double = 20
    @Option(help: "Descend to a child while it keeps this share of its parent (percent).") var bigDrop: Double = 70
    @Option(help: "Rows per overview table.") var top: Int = 10

    func validate() throws {
        guard (0...100).contains(threshold), (0...100).contains(bigDrop) else {
            throw ValidationError("--threshold and --big-drop are percentages from 0 to 100")
        }
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        var options = DumpReport.Options()
        options.threshold = threshold / 100
        options.bigDropRatio = bigDrop / 100
        options.top = top
        let report: DumpReport
        if let baseline {
            let cmp = try CommandLoading.comparison(old: baseline, new: file)
            report = DumpReport(dump: cmp.new, baseline: cmp, options: options)
        } else {
            report = DumpReport(dump: try CommandLoading.load(file), options: options)
        }
        if let html {
            try PrivateFile.write(ReportHTML.render(report), to: html)
        }
        if json { return try JSONOutput.print(report) }
        ReportText.render(report) { print($0) }
        if let html { TextOutput.line(""); TextOutput.line("HTML report written to \(html)") }
    }
}

/// Files hdx writes hold heap contents: created with mode 0600 (only the user can read them).
enum PrivateFile {
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            FileHandleOutput.stderr("hdx: \(path): cannot write: \(String(decoding: strerror(errno).map { UnsafeRawBufferPointer(start: $0, count: strlen($0)) }!, as: UTF8.self))")
            throw ExitCode(1)
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ExitCode(1) }
            done += n
        }
    }
}
