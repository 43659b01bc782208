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

    public init(old: HeapIndex, new: HeapIndex) {
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
        rows = table.values.sorted { a, b in
            if a.retainedDelta != b.retainedDelta { return a.retainedDelta > b.retainedDelta }
            if a.shallowDelta != b.shallowDelta { return a.shallowDelta > b.shallowDelta }
            return a.className < b.className
        }
    }

    /// Rows where anything changed.
    public var changed: [Row] { rows.filter { $0.countDelta != 0 || $0.shallowDelta != 0 || $0.retainedDelta != 0 } }
}
