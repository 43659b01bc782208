/// What hdx knows about one kind of dump besides its bytes: its names, what its histogram groups by, whether object
/// ids survive from one dump to the next, and which screens and report sections apply. Each reader module defines
/// one value (`DumpFormat.hprof` in HprofReader, …); screens, reports and comparisons ask these properties and never
/// compare format names.
public struct DumpFormat: Sendable, Hashable, CustomStringConvertible {
    /// What a histogram row stands for.
    public enum Grouping: Sendable, Hashable {
        /// Java and JavaScript: objects grouped by class (constructor).
        case `class`
        /// SAP HANA: memory grouped by allocator.
        case allocator

        /// `Class` / `Allocator` (column headings).
        public var noun: String { self == .class ? "Class" : "Allocator" }
        /// `classes` / `allocators`.
        public var plural: String { self == .class ? "classes" : "allocators" }
        /// The histogram screen's tab: `Histogram` / `Allocators`.
        public var histogramTitle: String { self == .class ? "Histogram" : "Allocators" }
    }

    /// The name in JSON output and messages (`"format"` per docs/cli.md): `hprof`, `v8`, `hana`.
    public let id: String
    /// In the explorer's title line: `HPROF`, `V8`, `HANA`.
    public let shortName: String
    /// On the Overview: `HPROF`, `V8 heap snapshot`, `SAP HANA runtime dump`.
    public let displayName: String
    /// What an unrecognised file was expected to start with (`an HPROF header ("JAVA PROFILE 1.0.x")`).
    public let expectation: String
    public let grouping: Grouping
    /// Whether an object keeps its id in later dumps of the same process (V8 node ids): comparisons then match
    /// objects by id, and a report against a baseline lists what is new and still retained.
    public let stableIDs: Bool
    /// Why two dumps of this kind are matched by class and not by object id (HPROF: `HPROF object ids are
    /// addresses that move between dumps`); comparisons and growth series add what they match by.
    public let movingIDsNote: String?
    /// Whether the Overview and `report` look for leak suspects (HANA dumps give a verdict instead).
    public let leakSuspects: Bool
    /// Whether one file can hold several dumps (`--dump N`).
    public let severalDumpsPerFile: Bool
    /// The words the screens use for this format (objects or allocators, GC roots, DevTools' headings).
    public let words: DumpVocabulary

    public init(id: String, shortName: String, displayName: String, expectation: String, grouping: Grouping = .class,
                stableIDs: Bool = false, movingIDsNote: String? = nil, leakSuspects: Bool = true,
                severalDumpsPerFile: Bool = false, words: DumpVocabulary = .java) {
        self.id = id
        self.shortName = shortName
        self.displayName = displayName
        self.expectation = expectation
        self.grouping = grouping
        self.stableIDs = stableIDs
        self.movingIDsNote = movingIDsNote
        self.leakSuspects = leakSuspects
        self.severalDumpsPerFile = severalDumpsPerFile
        self.words = words
    }

    public var description: String { id }

    public static func == (a: DumpFormat, b: DumpFormat) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// In JSON a format is its name (`"format": "hprof"`, docs/cli.md).
extension DumpFormat: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(id)
    }
}
