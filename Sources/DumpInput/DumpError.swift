/// A dump that cannot be read: names the file, the byte offset (or line) and what was expected there.
///
/// Every reader reports bad input through this one type so that the command line can print one line and exit 1.
public struct DumpError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        case none
        case byte(Int)
        case line(Int)
    }

    public var file: String
    public var location: Location
    public var message: String

    public init(file: String, offset: Int, _ message: String) {
        self.file = file
        self.location = .byte(offset)
        self.message = message
    }

    public init(file: String, line: Int, _ message: String) {
        self.file = file
        self.location = .line(line)
        self.message = message
    }

    public init(file: String, _ message: String) {
        self.file = file
        self.location = .none
        self.message = message
    }

    /// One line: the file name and the message may quote dump content, so both are shown terminal-safe.
    public var description: String {
        let file = TerminalText.visible(file), message = TerminalText.visible(message)
        switch location {
        case .none: return "\(file): \(message)"
        case .byte(let offset): return "\(file): at byte \(offset): \(message)"
        case .line(let line): return "\(file): line \(line): \(message)"
        }
    }
}
