/// What a format knows about its objects beyond the graph: how ids print, field names and values, string contents.
/// Readers implement it; analyses and screens ask through it and stay format-neutral.
public protocol GraphDetails: Sendable {
    /// The id as users write it: `0x7f3a8c21f0a8` (HPROF), `@1234` (V8), an allocator path (HANA).
    func idString(_ node: UInt32) -> String
    /// Parses what `idString` prints (and the usual variants); `nil` when it names no node.
    func node(forIDString text: String) -> UInt32?
    /// The name of a reference from `source` to `target`: a field, `[index]`, a property or edge name.
    func referenceName(from source: UInt32, to target: UInt32) -> String?
    /// A short value to show beside an object: a string's text, a boxed number, an array's length.
    func preview(_ node: UInt32) -> String?
    /// The object's fields and values (primitives decoded, references with their target) for the Object screen.
    func fields(of node: UInt32) -> [FieldValue]
    /// At most `limit` of them (an array of a million elements answers at once).
    func fields(of node: UInt32, limit: Int) -> [FieldValue]
    /// The name a node is listed under: `class java.util.HashMap` for a class object, else its class name.
    func displayClassName(_ node: UInt32) -> String
    /// The name of the thread with this serial number (GC roots of thread stacks name it: HPROF `main`); nil when
    /// the format has none.
    func threadName(_ serial: UInt32) -> String?
    /// The self size as the dump recorded it, before hdx or DevTools moved sizes between nodes (V8: an owned
    /// internal array's size goes to its owner); nil when the format moves none.
    func recordedSize(_ node: UInt32) -> UInt64?
}

extension GraphDetails {
    public func threadName(_ serial: UInt32) -> String? { nil }
    public func recordedSize(_ node: UInt32) -> UInt64? { nil }
    public func fields(of node: UInt32, limit: Int) -> [FieldValue] { Array(fields(of: node).prefix(limit)) }
}

/// One field or element of an object, ready to show.
public struct FieldValue: Sendable, Equatable {
    public var name: String
    public var type: String
    public var value: String
    /// The referenced node, when the field is a reference that resolves.
    public var target: UInt32?

    public init(name: String, type: String, value: String, target: UInt32? = nil) {
        self.name = name
        self.type = type
        self.value = value
        self.target = target
    }
}
