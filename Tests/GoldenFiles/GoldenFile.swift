import Foundation

/// The one golden-file check of the test suites (screens and reports). A golden is only ever written when asked:
/// with `HDX_UPDATE_GOLDENS=1` a differing or missing file is rewritten (and named on stderr); without it a
/// mismatch or a missing file is a failure and the file is left alone.
public enum GoldenFile {
    public static var updating: Bool { ProcessInfo.processInfo.environment["HDX_UPDATE_GOLDENS"] == "1" }

    /// Compares `actual` with the file at `path`. Returns the failure to record (nil: it matches, or it was
    /// rewritten because updating was asked for).
    public static func check(_ actual: String, path: String) -> String? {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let expected = try? String(contentsOfFile: path, encoding: .utf8)
        if expected == actual { return nil }
        guard updating else {
            guard let expected else {
                return "golden \(name) is missing; run with HDX_UPDATE_GOLDENS=1 to create it"
            }
            return "golden \(name) differs (rerun with HDX_UPDATE_GOLDENS=1 if the change is intended):\n"
                + lineDiff(expected, actual)
        }
        do {
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            return "cannot rewrite golden \(path): \(error)"
        }
        FileHandle.standardError.write(Data("golden rewritten: \(path)\n".utf8))
        return nil
    }

    /// The differing lines, numbered: `-` expected, `+` actual (at most about 60).
    public static func lineDiff(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : nil
            let y = i < b.count ? String(b[i]) : nil
            if x != y {
                out.append(String(format: "%4d - %@", i + 1, "|" + (x ?? "<none>") + "|"))
                out.append(String(format: "%4d + %@", i + 1, "|" + (y ?? "<none>") + "|"))
            }
            if out.count > 60 { out.append("…"); break }
        }
        return out.joined(separator: "\n")
    }
}
