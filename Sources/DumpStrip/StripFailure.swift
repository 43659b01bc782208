/// Why `hdx strip` could not write its output: a usage problem (the output exists, is the input, is a link) or
/// an I/O failure.
public struct StripFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case usage, io }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}
