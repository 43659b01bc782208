import ExplorerCore
import Foundation

/// `e Enter` on the app's current screen into a fresh temporary directory, and the written CSV read back (RFC 4180:
/// quoted fields, doubled quotes, CRLF), with the file's mode.
package struct ExportedCSV {
    package var path: String
    package var header: [String]
    package var rows: [[String]]
    package var mode: Int

    /// The column named `name` of every row.
    package func column(_ name: String) -> [String] {
        guard let k = header.firstIndex(of: name) else { return [] }
        return rows.map { k < $0.count ? $0[k] : "" }
    }

    package static func export(_ app: ExplorerApp) throws -> ExportedCSV {
        let dir = NSTemporaryDirectory() + "hdx-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        app.exportDirectory = dir
        for k in Key.script("e Enter") { app.handle(k) }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        guard let name = files.first, files.count == 1 else { throw CocoaError(.fileNoSuchFile) }
        let path = dir + "/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        let mode = (attrs[.posixPermissions] as? NSNumber)?.intValue ?? -1
        let records = parse(text)
        return ExportedCSV(path: name, header: records.first ?? [], rows: Array(records.dropFirst()), mode: mode)
    }

    /// RFC 4180 records.
    package static func parse(_ text: String) -> [[String]] {
        var out: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\r\n", "\n":
                record.append(field); field = ""
                out.append(record); record = []
            default: field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); out.append(record) }
        return out
    }
}
