/// A path from a GC root as text lines, one step per line, each indented one level deeper than the one before up
/// to `maxIndent` levels (a chain of 100,000 objects would otherwise indent quadratically: 10 GB of spaces), with a
/// `… 9,980 steps …` line where `PathStep.make` left steps out. Used by `paths` and `report`.
public enum PathText {
    public static let maxIndent = 16

    /// Calls `emit` once per line, in order; `step` formats one step, `prefix` goes before the indentation.
    public static func lines(_ steps: [PathStep], prefix: String, firstLevel: Int = 0,
                             step: (PathStep) -> String, emit: (String) -> Void) {
        var level = firstLevel
        for s in steps {
            emit(prefix + indent(level) + step(s))
            level += 1
            if let omitted = s.omittedSteps {
                emit(prefix + indent(level) + "… \(ByteCount.grouped(omitted)) steps …")
                level += 1
            }
        }
    }

    static func indent(_ level: Int) -> String {
        String(repeating: "  ", count: min(level, maxIndent))
    }
}
