import DumpKit
import ExplorerCore

extension Explorer {
    /// `hdx growth S1 S2 S3 …` on a terminal.
    public static func runGrowth(paths: [String], options: ExplorerOptions = ExplorerOptions()) -> Int32 {
        2
    }
}
