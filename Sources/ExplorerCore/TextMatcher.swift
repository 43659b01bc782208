/// What `/` typed: a case-insensitive substring, or a regular expression when the text has regex syntax. An invalid
/// regular expression falls back to a plain substring (`invalidRegex` says so; the status line tells the user).
package struct TextMatcher {
    package let pattern: String
    private let needle: [UInt8]
    private let regex: Regex<AnyRegexOutput>?
    /// The text has regex characters but is no valid regex (`(a`, `[`): it is matched as plain text.
    package let invalidRegex: Bool

    package init(_ pattern: String) {
        self.pattern = pattern
        needle = Array(pattern.lowercased().utf8)
        let special = pattern.contains { "\\^$.|?*+()[]{}".contains($0) }
        regex = special ? (try? Regex(pattern).ignoresCase()) : nil
        invalidRegex = special && regex == nil
    }

    package var isEmpty: Bool { pattern.isEmpty }
    package var isRegex: Bool { regex != nil }

    package func matches(_ text: String) -> Bool {
        if needle.isEmpty { return true }
        if let regex { return (try? regex.firstMatch(in: text)) != nil }
        return TextMatcher.containsLowercased(text, needle)
    }

    static func containsLowercased(_ text: String, _ needle: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { hay -> Bool in
            let n = needle.count
            guard hay.count >= n else { return false }
            var i = 0
            while i <= hay.count - n {
                var j = 0
                while j < n {
                    var c = hay[i + j]
                    if c >= 65 && c <= 90 { c += 32 }
                    if c != needle[j] { break }
                    j += 1
                }
                if j == n { return true }
                i += 1
            }
            return false
        }
    }
}
