/// The words the screens use for one format's things, so that each format is shown in its own terms: Java's
/// objects and GC roots, DevTools' constructors, distances and retainers, HANA's allocators (no roots, no garbage,
/// no object counts: each allocator is one node).
public struct DumpVocabulary: Sendable, Hashable {
    /// One node of the graph: `object`, or `allocator` (HANA).
    public var node: String
    /// Several: `objects`, `allocators`.
    public var nodes: String
    /// The roots' name (`GC roots`, DevTools' `(GC roots)`), or nil when the format has none (HANA).
    public var roots: String?
    /// Whether the count of nodes per histogram row means anything (HANA: always 1, so counts are hidden).
    public var countsMeaningful: Bool
    /// What unreachable memory is (`garbage not yet collected`), or nil when the format has none (HANA).
    public var unreachable: String?
    /// Column headings: the group (`Class`, `Constructor`, `Allocator`), the distance from the roots, the
    /// referrers, the sizes.
    public var group: String
    public var distance: String
    public var retainers: String
    public var shallowSize: String
    public var retainedSize: String
    /// The retained size's short form before a snapshot number (`Ret. 2`, HANA `Incl. 2`).
    public var retainedShort: String { String(retainedSize.prefix(retainedSize.count > 8 ? 4 : 3)) + "." }
    /// The shallow size's short form (`Shal. old`, HANA `Excl. old`).
    public var shallowShort: String { String(shallowSize.prefix(4)) + "." }
    /// What `%` columns are of: `% heap` (all reachable bytes), HANA `% used` (the top-level allocators together, as HANA's verdict says).
    public var percentWhole: String { roots == nil ? "% used" : "% heap" }
    /// `Retained`, `Inclusive` for a sort key's raw name (`retained`, `shallow`, `objects`/`count`, `name`).
    public func sortWord(_ raw: String) -> String {
        switch raw {
        case "retained": return retainedSize.lowercased()
        case "shallow": return shallowSize.lowercased()
        case "count", "objects": return nodes
        default: return raw
        }
    }

    /// `Object`, `Allocator` (a column heading).
    /// The group word in the plural, lower case: `classes`, `constructors`, `allocators`.
    public var groups: String {
        let g = group.lowercased()
        return g.hasSuffix("s") ? g + "es" : g + "s"
    }
    public var nodeTitle: String { node.prefix(1).uppercased() + node.dropFirst() }

    public init(node: String = "object", nodes: String = "objects", roots: String? = "GC roots",
                countsMeaningful: Bool = true, unreachable: String? = "garbage not yet collected",
                group: String = "Class", distance: String = "Depth", retainers: String = "Retainers",
                shallowSize: String = "Shallow", retainedSize: String = "Retained") {
        self.node = node
        self.nodes = nodes
        self.roots = roots
        self.countsMeaningful = countsMeaningful
        self.unreachable = unreachable
        self.group = group
        self.distance = distance
        self.retainers = retainers
        self.shallowSize = shallowSize
        self.retainedSize = retainedSize
    }

    /// Java heap dumps (and the default): MAT's words.
    public static let java = DumpVocabulary()
    /// V8 heap snapshots: Chrome DevTools' words.
    /// (DevTools' "Shallow Size" and "Retained Size" columns, shortened to fit hdx's 10-cell size columns.)
    public static let devTools = DumpVocabulary(roots: "(GC roots)", group: "Constructor", distance: "Distance",
                                                retainers: "Retainers")
    /// SAP HANA runtime dumps: allocators, nothing else.
    public static let hana = DumpVocabulary(node: "allocator", nodes: "allocators", roots: nil,
                                            countsMeaningful: false, unreachable: nil, group: "Allocator",
                                            distance: "Depth", retainers: "Parent", shallowSize: "Exclusive",
                                            retainedSize: "Inclusive")
}
