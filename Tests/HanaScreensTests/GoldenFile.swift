import Foundation
import GoldenFiles
@_exported import ScreenTestSupport
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
