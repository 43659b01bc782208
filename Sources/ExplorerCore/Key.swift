/// A key press as the explorer sees it, decoded by the terminal backend (or written by tests).
package enum Key: Sendable, Equatable, Hashable, CustomStringConvertible {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, backspace, tab, backTab, escape
    /// Ctrl plus a letter (`ctrl("c")` is Ctrl-C).
    case ctrl(Character)
    case function(Int)
    /// The terminal changed size (the next render gets the new size).
    case resize

    package var description: String {
        switch self {
        case .char(let c): return String(c)
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .backspace: return "Backspace"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .escape: return "Esc"
        case .ctrl(let c): return "C-\(c)"
        case .function(let n): return "F\(n)"
        case .resize: return "Resize"
        }
    }
}

/// One line of help: the keys and what they do.
package struct KeyHelp: Sendable, Equatable {
    package var keys: String
    package var action: String
    package init(_ keys: String, _ action: String) {
        self.keys = keys
        self.action = action
    }
}
