import HeapGraph

/// Files that hold several heap dumps (the JDK 6/7 HPROF agent appends one per request, with the same object ids
/// in each): hdx reads one of them, never a merge, and says so.
public enum MultipleDumps {
    /// The warning when a file holds `count` > 1 dumps and dump `read` (1-based) was read.
    public static func warning(read: Int, count: Int, chosen: Bool) -> String {
        "this file holds \(count) heap dumps; read dump \(read)" + (chosen ? "" : " (use --dump N to read another)")
    }

    /// The `dump` fact (first in `summary.facts` and in the explorer's title bar).
    public static func fact(read: Int, count: Int) -> String {
        "\(read) of \(count) in this file (--dump N)"
    }

    /// The one-line error for a dump number the file does not have.
    public static func outOfRange(_ wanted: Int, count: Int) -> String {
        DumpsInFile.outOfRange(wanted, count: count)
    }
}
