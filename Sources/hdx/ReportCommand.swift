import ArgumentParser
import DumpInput
import DumpKit

/// `hdx report FILE [--json] [--html OUT] [--baseline OLD]`: leak suspects and a system overview (HANA: the OOM or
/// crash verdict), as text, JSON or one self-contained HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Leak suspects and a system overview (HANA: the OOM or crash verdict).")

    @Argument(help: "The dump.") var file: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var dumpChoice: DumpChoice
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
        let inputs = [file] + (baseline.map { [$0] } ?? [])
        if let html { try OutputFile.check(html, inputs: inputs) }
        let report: DumpReport
        let dumpForFlames: LoadedDump
        if let baseline {
            let cmp = try CommandLoading.comparison(old: baseline, new: file, newDump: dumpChoice.number)
            report = DumpReport(dump: cmp.new, baseline: cmp, options: options)
            dumpForFlames = cmp.new
        } else {
            dumpForFlames = try CommandLoading.load(file, dump: dumpChoice.number)
            report = DumpReport(dump: dumpForFlames, options: options)
        }
        if let html {
            try OutputFile.write(ReportHTML.render(report, flames: FlameSVG.forReport(dumpForFlames)), to: html, inputs: inputs)
        }
        if json { return try JSONOutput.print(report) }
        ReportText.render(report) { print($0) }
        if let html { TextOutput.line(""); TextOutput.line("HTML report written to \(html)") }
    }
}
