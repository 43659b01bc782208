import DumpKit
import Foundation

/// `--csv` of the list commands: the table on standard output (RFC 4180, see CSVTable).
enum CSVOutput {
    static func print(_ table: CSVTable) {
        StandardOutput.write(table.text)  // checked writes (a full disk or closed pipe is one line, exit 1)
    }
}

/// The CSV tables of the list commands (columns named like their JSON keys).
enum ListCSV {
    static func histogram(_ rows: [(String, Int, UInt64, UInt64)]) -> CSVTable {
        var t = CSVTable(header: ["class", "count", "shallow", "retained"])
        for r in rows { t.add([.text(r.0), .int(Int64(r.1)), .uint(r.2), .uint(r.3)]) }
        return t
    }

    static func dominators(_ rows: [(String, String, UInt64, UInt64, Int)]) -> CSVTable {
        var t = CSVTable(header: ["id", "class", "shallow", "retained", "children"])
        for r in rows { t.add([.text(r.0), .text(r.1), .uint(r.2), .uint(r.3), .int(Int64(r.4))]) }
        return t
    }

    static func diff(_ rows: [ComparisonRow]) -> CSVTable {
        let v8 = rows.contains { $0.added != nil }
        var t = CSVTable(header: ["class", "countDelta", "shallowDelta", "retainedDelta", "oldCount", "newCount",
                                  "oldShallow", "newShallow", "oldRetained", "newRetained"]
                         + (v8 ? ["added", "removed"] : []))
        for r in rows {
            t.add([.text(r.class), .int(Int64(r.countDelta)), .int(r.shallowDelta), .int(r.retainedDelta),
                   .int(Int64(r.old.count)), .int(Int64(r.new.count)), .uint(r.old.shallow), .uint(r.new.shallow),
                   .uint(r.old.retained), .uint(r.new.retained)]
                  + (v8 ? [.int(Int64(r.added ?? 0)), .int(Int64(r.removed ?? 0))] : []))
        }
        return t
    }
}
