/// What a big allocator usually means, by allocator family (SAP Note 1999997 FAQ, KBA 3248798, the SQL collection
/// of Note 1969700). The first matching rule wins, so specific paths come before their families.
public enum HanaAllocatorHints {
    static let rules: [(prefix: String, hint: String)] = [
        ("Pool/Statistics", "statistics server collectors (embedded statistics service): check collector "
            + "intervals and retention of _SYS_STATISTICS, SAP Notes 2147247 / 2170779"),
        ("Pool/RowEngine/MonitorView", "monitoring views being queried (M_ views, statistics server, tools): "
            + "look for expensive monitoring queries"),
        ("Pool/RowEngine/QueryExecution", "an expensive statement (row-engine intermediate results): find it via "
            + "the culprit thread; consider statement_memory_limit"),
        ("Pool/RowEngine/SQLPlan", "SQL plan cache: plan cache size, statements without bind variables"),
        ("Pool/RowEngine/Session", "sessions and their contexts: many connections or large session state"),
        ("Pool/RowEngine/LOB", "LOB values held in the row engine"),
        ("Pool/JoinEvaluator/TranslationTable", "join translation tables (SAP Note 1998599): large joins "
            + "between column tables"),
        ("Pool/JoinEvaluator", "join engine intermediate results: an expensive join statement"),
        ("Pool/itab", "column-engine intermediate results (itabs): an expensive statement"),
        ("Pool/parallel", "parallel aggregation / hash maps: an expensive analytical statement"),
        ("Pool/CalculationEngine", "calculation views / calculation engine: an expensive analytical statement"),
        ("Pool/ColumnStore/Delta", "column store delta storage: delta merges not keeping up (SAP Note 2057046)"),
        ("Pool/ColumnStore/Main", "column store main storage = data volume: unload, NSE (page loadable), "
            + "archiving or data aging"),
        ("Pool/PersistenceManager/PersistentSpace", "page cache of the persistence layer (mostly reclaimable)"),
        ("Pool/CS/BufferPage", "NSE buffer cache (bounded by its max size, reclaimable)"),
        ("Pool/NameIdMapping", "name/id mapping of the column store"),
        ("Pool/malloc", "memory allocated by a library through malloc"),
        ("Pool/LVCAllocator", "liveCache / LVC objects"),
        ("StackAllocator", "thread stacks: many threads"),
        ("AllocateOnlyAllocator", "allocate-only internal structures (rarely shrink)"),
    ]

    /// The hint for an allocator path, or nil when hdx has none.
    public static func hint(for path: String) -> String? {
        rules.first { path == $0.prefix || path.hasPrefix($0.prefix + "/") || path.hasPrefix($0.prefix) }?.hint
    }

    /// True for families that point at a single expensive statement.
    public static func isStatementFamily(_ path: String) -> Bool {
        ["Pool/RowEngine/QueryExecution", "Pool/itab", "Pool/JoinEvaluator", "Pool/parallel", "Pool/CalculationEngine"]
            .contains { path.hasPrefix($0) }
    }
}
