/// The classes of a graph (Java classes, V8 constructor groups, HANA allocator paths), indexed by a dense `UInt32`.
public struct ClassTable: Sendable {
    /// Display names in source form (`java.util.HashMap$Node[]`, `Object`, `Pool/RowEngine`).
    public private(set) var names: [String]
    /// For each class, the node of its class object when the format has one (HPROF), else `nil`.
    public private(set) var classObjects: [UInt32?]

    public init() {
        names = []
        classObjects = []
    }

    public init(names: [String], classObjects: [UInt32?]? = nil) {
        self.names = names
        self.classObjects = classObjects ?? Array(repeating: nil, count: names.count)
        precondition(self.classObjects.count == names.count)
    }

    public var count: Int { names.count }

    @discardableResult
    public mutating func add(_ name: String, classObject: UInt32? = nil) -> UInt32 {
        names.append(name)
        classObjects.append(classObject)
        return UInt32(names.count - 1)
    }

    public subscript(_ index: UInt32) -> String { names[Int(index)] }

    public mutating func setClassObject(_ index: UInt32, _ node: UInt32) { classObjects[Int(index)] = node }

    public mutating func rename(_ index: UInt32, _ name: String) { names[Int(index)] = name }
}
