import HeapGraph

/// Two class histograms aligned by class name: what grew between an older and a newer dump. Heap addresses move
/// between dumps, so classes (HANA: allocator paths) are the unit of comparison, as in MAT's "compare snapshots".
public struct HistogramDiff: Sendable {
    public struct Row: Sendable, Equatable {
        public var className: String
        public var old: Side
        public var new: Side
        public var countDelta: Int { new.count - old.count }
        public var shallowDelta: Int64 { Int64(bitPattern: new.shallow &- old.shallow) }
        public var retainedDelta: Int64 { Int64(bitPattern: new.retained &- old.retained) }
    }

    public struct Side: Sendable, Equatable {
        public var count = 0
        public var shallow: UInt64 = 0
        public var retained: UInt64 = 0
        public init() {}
        public init(count: Int, shallow: UInt64, retained: UInt64) {
            self.count = count
            self.shallow = shallow
            self.retained = retained
        }
    }

    /// Sorted by retained growth, biggest first (then shallow growth, then name).
    public let rows: [Row]

    /// `counts`: when objects were matched one by one (`ObjectMatch`), per class name the matched object counts of
    /// OLD and NEW; they replace the histograms' counts so that a row's object delta is new − deleted.
    public init(old: HeapIndex, new: HeapIndex, counts: [String: (old: Int, new: Int)]? = nil) {
        var table: [String: Row] = [:]
        // Classes are matched by name (a name defined by two loaders counts as one row).
        func add(_ index: HeapIndex, _ side: WritableKeyPath<Row, Side>) {
            for r in index.histogram.rows {
                let name = index.graph.classes[r.classIndex]
                var row = table[name] ?? Row(className: name, old: Side(), new: Side())
                row[keyPath: side].count += r.count
                row[keyPath: side].shallow += r.shallow
                row[keyPath: side].retained += r.retained
                table[name] = row
            }
        }
        add(old, \.old)
        add(new, \.new)
        if let counts {
            for name in Set(table.keys).union(counts.keys) {
                let c = counts[name] ?? (0, 0)
                var row = table[name] ?? Row(className: name, old: Side(), new: Side())
                row.old.count = c.old
                row.new.count = c.new
                table[name] = row
            }
        }
        rows = table.values.sorted { a, b in
            if a.retainedDelta != b.retainedDelta { return a.retainedDelta > b.retainedDelta }
            if a.shallowDelta != b.shallowDelta { return a.shallowDelta > b.shallowDelta }
            return a.className < b.className
        }
    }

    /// Rows where anything changed.
    public var changed: [Row] { rows.filter { $0.countDelta != 0 || $0.shallowDelta != 0 || $0.retainedDelta != 0 } }
}
