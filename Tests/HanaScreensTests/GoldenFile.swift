import Foundation
import GoldenFiles
import Testing
@testable import ExplorerCore

/// Compares text with `Goldens/<name>.txt` beside this file (see `GoldenFile.check`: rewritten only when
/// `HDX_UPDATE_GOLDENS=1` asks for it; otherwise a mismatch fails with a line diff, expected `-`, actual `+`).
func assertGolden(_ actual: String, _ name: String, filePath: String = #filePath,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    let text = actual.hasSuffix("\n") ? actual : actual + "\n"
    if let failure = GoldenFile.check(text, path: dir.appendingPathComponent(name + ".txt").path) {
        Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation)
    }
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
