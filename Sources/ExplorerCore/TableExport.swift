import DumpInput
import DumpReports
import Foundation

/// A table as `e` writes it: every row of the screen (not only the visible ones), columns named like the JSON keys
/// of the matching CLI command (`hdx histogram --csv` has the same header as the Histogram's export).
package struct ExportTable {
    package var headers: [String]
    package var rows: [[CSVTable.Cell]]

    package init(headers: [String], rows: [[CSVTable.Cell]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// RFC 4180 with CRLF, as `--csv` writes it.
    package var csv: String {
        var t = CSVTable(header: headers)
        for r in rows { t.add(r) }
        return t.text
    }

    /// `{"rows": [{"class": "…", "count": 3, …}, …]}`, one row per line; text is terminal-safe.
    package func json(screen: String) -> String {
        var out = "{\"screen\": " + ExportTable.quoted(screen) + ", \"rows\": ["
        for (i, r) in rows.enumerated() {
            out += i == 0 ? "\n  {" : ",\n  {"
            for (k, cell) in r.enumerated() where k < headers.count {
                if k > 0 { out += ", " }
                out += ExportTable.quoted(headers[k]) + ": "
                switch cell {
                case .text(let s): out += ExportTable.quoted(s)
                case .int(let v): out += String(v)
                case .uint(let v): out += String(v)
                }
            }
            out += "}"
        }
        return out + (rows.isEmpty ? "]}\n" : "\n]}\n")
    }

    /// A JSON string: quotes, backslashes and C0 controls escaped, other unsafe characters as `\uNNNN`.
    static func quoted(_ s: String) -> String {
        TerminalText.json(JSONText.quoted(s))
    }
}

/// A screen whose table `e` can write.
package protocol TableExporting: AnyObject {
    /// The screen's part of the file name (`histogram`, `instances-java.util.HashMap`).
    var exportName: String { get }
    func exportTable(_ ctx: PageContext) -> ExportTable
}

extension ExplorerApp {
    func startExport() {
        guard currentPage is TableExporting else {
            message = (currentPage as? ExportRefusing)?.noExportReason ?? "nothing to export on this screen"
            return
        }
        command = CommandPrompt(kind: .export)
    }

    /// Writes the current screen's table (`csv` when `format` is empty) and says where in the status line.
    func export(format: String) {
        guard let page = currentPage as? TableExporting else { return }
        guard format.isEmpty || format == "csv" || format == "json" else {
            message = "export as csv or json (not \(TerminalText.visible(format)))"
            return
        }
        let ext = format.isEmpty ? "csv" : format
        let table = page.exportTable(context)
        let text = ext == "csv" ? table.csv : table.json(screen: page.exportName)
        let dumpPath = model.index.info.path
        let base = ExplorerApp.fileSafe(ExplorerApp.dumpStem(dumpPath)) + "-" + ExplorerApp.fileSafe(page.exportName)
        let dir = exportDirectory ?? ExplorerApp.writableDirectory()
        var path = dir + "/" + base + "." + ext
        var n = 2
        while FileManager.default.fileExists(atPath: path) && n < 1000 {
            path = dir + "/" + base + "-\(n)." + ext
            n += 1
        }
        do {
            try PrivateFile.write(text, to: path, inputs: [dumpPath])
            message = "wrote \(Format.plural(table.rows.count, "row")) to \(TerminalText.visible(path))"
        } catch {
            message = "cannot export: " + TerminalText.visible(error.description)
        }
    }

    /// The current directory when hdx may write there, else $TMPDIR (or /tmp).
    static func writableDirectory() -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if access(cwd, W_OK) == 0 { return cwd }
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        return tmp.isEmpty ? "/tmp" : (tmp.hasSuffix("/") && tmp.count > 1 ? String(tmp.dropLast()) : tmp)
    }

    /// `leakdemo` for `/dumps/leakdemo.hprof.gz`.
    static func dumpStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.split(separator: ".").first.map(String.init) ?? ""
        return stem.isEmpty ? "dump" : stem
    }

    /// Letters, digits, `.`, `-` and `_` kept; anything else becomes `_`; at most 80 characters.
    static func fileSafe(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(80) {
            let ok = u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "." || u == "-" || u == "_")
            out.unicodeScalars.append(ok ? u : "_")
        }
        return out.hasPrefix(".") ? "_" + out.dropFirst() : out
    }
}
