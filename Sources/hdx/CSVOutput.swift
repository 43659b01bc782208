import DumpKit
import Foundation

/// `--csv` of the list commands: the table on standard output (RFC 4180, see CSVTable).
enum CSVOutput {
    static func print(_ table: CSVTable) {
        FileHandle.standardOutput.write(Data(table.text.utf8))
    }
}
