import ExplorerCore

// A test helper of the screen tests (ExplorerCoreTests, HanaScreensTests), not part of the explorer's API.
extension Key {
    /// Parses a space-separated key script for tests and demos: `j j Enter Left / H a s h Enter q`.
    package static func script(_ text: String) -> [Key] {
        text.split(separator: " ").map { word -> Key in
            switch word {
            case "Up": return .up
            case "Down": return .down
            case "Left": return .left
            case "Right": return .right
            case "PgUp": return .pageUp
            case "PgDn": return .pageDown
            case "Home": return .home
            case "End": return .end
            case "Enter": return .enter
            case "BSpace", "Backspace": return .backspace
            case "Tab": return .tab
            case "BTab": return .backTab
            case "Esc": return .escape
            case "Space": return .char(" ")
            default:
                if word.hasPrefix("C-"), word.count == 3 { return .ctrl(word.last!) }
                return .char(word.first!)
            }
        }
    }
}
