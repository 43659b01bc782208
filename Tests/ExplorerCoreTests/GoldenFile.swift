import Foundation
import Testing
@testable import ExplorerCore

/// Compares text with `Goldens/<name>.txt` beside this file. `HDX_UPDATE_GOLDENS=1` rewrites the files instead; a
/// mismatch fails with a line diff (expected `-`, actual `+`).
func assertGolden(_ actual: String, _ name: String, filePath: String = #filePath,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    let file = dir.appendingPathComponent(name + ".txt")
    let text = actual.hasSuffix("\n") ? actual : actual + "\n"
    if ProcessInfo.processInfo.environment["HDX_UPDATE_GOLDENS"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("golden \(name).txt is missing; run with HDX_UPDATE_GOLDENS=1 to create it",
                     sourceLocation: sourceLocation)
        return
    }
    if expected != text {
        let message: String = "golden \(name).txt differs (rerun with HDX_UPDATE_GOLDENS=1 if the change is intended):\n"
            + lineDiff(expected, text)
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

/// The differing lines, numbered: `-` expected, `+` actual.
func lineDiff(_ expected: String, _ actual: String) -> String {
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

/// How a screen is shown in a golden: size, glyphs and theme.
struct Look: CustomStringConvertible, Sendable {
    var width: Int
    var height: Int
    var ascii: Bool
    var mono: Bool

    var glyphs: Glyphs { Glyphs(ascii: ascii, barStyle: theme.barStyle) }
    var theme: Theme { mono ? BuiltinThemes.mono : BuiltinThemes.dark }
    var description: String { "\(width)x\(height)-\(ascii ? "ascii" : "utf8")-\(mono ? "mono" : "color")" }

    static let all = [Look(width: 80, height: 24, ascii: false, mono: false),
                      Look(width: 132, height: 40, ascii: false, mono: false),
                      Look(width: 80, height: 24, ascii: true, mono: true),
                      Look(width: 132, height: 40, ascii: true, mono: true)]
}

/// The golden text of a grid: the screen, then the style picture with its legend.
func goldenText(_ grid: Grid, _ look: Look) -> String {
    "# \(look)\n" + grid.plainText + "\n--- styles (theme \(look.theme.name))\n" + grid.styleMask(theme: look.theme)
}
