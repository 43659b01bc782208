/// One heap allocator: a `/`-separated path (`Pool/RowEngine/QueryExecution/SearchAlloc`), its component and sizes.
public struct HanaAllocator: Sendable, Equatable {
    public var path: String
    public var component: String
    /// Bytes in use by this allocator itself (`EXCLUSIVE_SIZE_IN_USE`).
    public var exclusive: UInt64
    /// Exclusive plus the inclusive sizes of all children, computed from the tree.
    public var inclusive: UInt64
    /// `INCLUSIVE_SIZE_IN_USE` as the dump prints it, when given.
    public var printedInclusive: UInt64?
    public var allocatedSize: UInt64?
    public var allocatedCount: UInt64?
    /// Index of the parent allocator, -1 for a top-level allocator.
    public var parent: Int
    /// False for an ancestor the dump does not list itself, and for the `(unlisted)` remainder of a partial tree.
    public var listed: Bool
    /// Line of the row or top-list entry it came from (0 when implied).
    public var line: Int

    /// The last path segment.
    public var name: String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public var depth: Int { path.reduce(1) { $1 == "/" ? $0 + 1 : $0 } }
}

/// The allocator tree of the failing (or dumped) process: from `M_HEAP_MEMORY` rows when the dump has them (the full
/// tree), else from the OOM block's top lists (partial: unlisted remainders appear as `<parent>/(unlisted)`).
public struct HanaAllocatorTree: Sendable, Equatable {
    public enum Source: String, Sendable {
        case heapMemoryView = "M_HEAP_MEMORY"
        case topLists = "top allocator lists"
        case none
    }

    public var source: Source
    /// Sorted by path, parents before children.
    public var allocators: [HanaAllocator]
    /// The root allocator `/`: its own exclusive bytes and printed inclusive size, when listed.
    public var rootExclusive: UInt64
    public var rootPrintedInclusive: UInt64?
    public var rootComponent: String?
    private var children: [[Int]]
    private var byPath: [String: Int]

    public static let empty = HanaAllocatorTree(source: .none, allocators: [], rootExclusive: 0,
                                                rootPrintedInclusive: nil, rootComponent: nil, children: [],
                                                byPath: [:])

    /// Bytes of the whole tree (`/` inclusive, computed).
    public var totalInclusive: UInt64 { topLevel.reduce(rootExclusive) { $0 &+ allocators[$1].inclusive } }

    public var topLevel: [Int] { allocators.indices.filter { allocators[$0].parent < 0 } }

    public func children(of index: Int) -> [Int] { children[index] }

    public func index(of path: String) -> Int? { byPath[HanaAllocatorTree.normalize(path)] }

    public subscript(_ path: String) -> HanaAllocator? { index(of: path).map { allocators[$0] } }

    /// The allocators ordered by exclusive size, biggest first (ties by path).
    public func byExclusive(limit: Int? = nil, listedOnly: Bool = true) -> [HanaAllocator] {
        let sorted = allocators.filter { !listedOnly || $0.listed }.sorted {
            $0.exclusive != $1.exclusive ? $0.exclusive > $1.exclusive : $0.path < $1.path
        }
        return limit.map { Array(sorted.prefix($0)) } ?? sorted
    }

    static func normalize(_ path: String) -> String {
        var p = path.trimmed[...]
        while p.count > 1, p.hasPrefix("/") { p = p.dropFirst() }
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    struct Input {
        var path: String
        var component: String
        var exclusive: UInt64?
        var printedInclusive: UInt64?
        var allocatedSize: UInt64?
        var allocatedCount: UInt64?
        var line: Int
    }

    /// Builds the tree; with `fillFromInclusive`, a printed inclusive bigger than the computed one gets a
    /// `(unlisted)` child holding the difference (partial trees from the top lists).
    static func build(_ inputs: [Input], source: Source, fillFromInclusive: Bool,
                      warnings: inout [String]) -> HanaAllocatorTree {
        var b = HanaAllocatorTreeBuilder(source: source)
        b.merge(inputs, warnings: &warnings)
        b.addImpliedAncestors()
        b.computeInclusive(fillFromInclusive: fillFromInclusive)
        let children = b.sortAndLink()
        if source == .heapMemoryView { b.checkPrintedInclusive(warnings: &warnings) }
        return HanaAllocatorTree(source: source, allocators: b.list, rootExclusive: b.rootExclusive,
                                 rootPrintedInclusive: b.rootPrinted, rootComponent: b.rootComponent,
                                 children: children, byPath: b.byPath)
    }
}

/// The steps of `HanaAllocatorTree.build`, over the allocator list and its path index.
private struct HanaAllocatorTreeBuilder {
    let source: HanaAllocatorTree.Source
    var rootExclusive: UInt64 = 0
    var rootPrinted: UInt64?
    var rootComponent: String?
    var byPath: [String: Int] = [:]
    var list: [HanaAllocator] = []

    init(source: HanaAllocatorTree.Source) { self.source = source }

    /// One allocator per path: the root's row sets the root's sizes; top lists give the same allocator twice
    /// (exclusive list, inclusive list) and are merged; a repeated row of the heap-memory view is ignored.
    mutating func merge(_ inputs: [HanaAllocatorTree.Input], warnings: inout [String]) {
        var duplicates = 0
        var firstDuplicate = 0
        for input in inputs {
            let path = HanaAllocatorTree.normalize(input.path)
            guard !path.isEmpty else { continue }
            if path == "/" {
                if let e = input.exclusive { rootExclusive = e }
                if let p = input.printedInclusive { rootPrinted = p }
                rootComponent = input.component
                continue
            }
            if let existing = byPath[path] {
                var a = list[existing]
                if let e = input.exclusive {
                    if a.listed, source == .heapMemoryView {
                        duplicates += 1
                        if firstDuplicate == 0 { firstDuplicate = input.line }
                        continue
                    }
                    a.exclusive = e
                    a.listed = true
                }
                if let p = input.printedInclusive { a.printedInclusive = p }
                if a.component.isEmpty { a.component = input.component }
                list[existing] = a
                continue
            }
            byPath[path] = list.count
            list.append(HanaAllocator(path: path, component: input.component, exclusive: input.exclusive ?? 0,
                                      inclusive: 0, printedInclusive: input.printedInclusive,
                                      allocatedSize: input.allocatedSize, allocatedCount: input.allocatedCount,
                                      parent: -1, listed: input.exclusive != nil, line: input.line))
        }
        if duplicates > 0 {
            warnings.append("line \(firstDuplicate): \(duplicates) allocator row(s) repeat a path already listed; "
                            + "the first row of each path is used")
        }
    }

    /// Every ancestor path of a listed allocator exists (unlisted, size 0 of its own).
    mutating func addImpliedAncestors() {
        var k = 0
        while k < list.count {
            let path = list[k].path
            if let slash = path.lastIndex(of: "/") {
                let parentPath = String(path[..<slash])
                if byPath[parentPath] == nil {
                    byPath[parentPath] = list.count
                    list.append(HanaAllocator(path: parentPath, component: list[k].component, exclusive: 0,
                                              inclusive: 0, printedInclusive: nil, allocatedSize: nil,
                                              allocatedCount: nil, parent: -1, listed: false, line: 0))
                }
            }
            k += 1
        }
    }

    /// Inclusive sizes, deepest first; partial trees get `(unlisted)` remainders.
    mutating func computeInclusive(fillFromInclusive: Bool) {
        var depthOrder = Array(list.indices)
        depthOrder.sort { list[$0].depth > list[$1].depth }
        var incl = list.map { $0.exclusive }
        var remainders: [HanaAllocator] = []
        for i in depthOrder {
            if fillFromInclusive, let printed = list[i].printedInclusive, printed > incl[i] {
                remainders.append(HanaAllocator(path: list[i].path + "/(unlisted)", component: list[i].component,
                                                exclusive: printed - incl[i], inclusive: printed - incl[i],
                                                printedInclusive: nil, allocatedSize: nil, allocatedCount: nil,
                                                parent: -1, listed: false, line: 0))
                incl[i] = printed
            }
            let path = list[i].path
            if let slash = path.lastIndex(of: "/"), let p = byPath[String(path[..<slash])] { incl[p] &+= incl[i] }
        }
        var topSum: UInt64 = 0
        for i in list.indices where !list[i].path.contains("/") { topSum &+= incl[i] }
        if fillFromInclusive, let printed = rootPrinted, printed > topSum &+ rootExclusive {
            remainders.append(HanaAllocator(path: "(unlisted)", component: rootComponent ?? "",
                                            exclusive: printed - topSum - rootExclusive,
                                            inclusive: printed - topSum - rootExclusive, printedInclusive: nil,
                                            allocatedSize: nil, allocatedCount: nil, parent: -1, listed: false,
                                            line: 0))
        }
        for i in list.indices { list[i].inclusive = incl[i] }
        list.append(contentsOf: remainders)
    }

    /// Sorts by path and links parents; returns each allocator's children.
    mutating func sortAndLink() -> [[Int]] {
        list.sort { $0.path < $1.path }
        byPath.removeAll(keepingCapacity: true)
        for (i, a) in list.enumerated() { byPath[a.path] = i }
        var children = [[Int]](repeating: [], count: list.count)
        for i in list.indices {
            let path = list[i].path
            if let slash = path.lastIndex(of: "/"), let p = byPath[String(path[..<slash])] {
                list[i].parent = p
                children[p].append(i)
            }
        }
        return children
    }

    /// The heap-memory view prints inclusive sizes: say when they differ from exclusive + children.
    func checkPrintedInclusive(warnings: inout [String]) {
        var mismatches = 0
        var example = ""
        for a in list where a.printedInclusive != nil && a.printedInclusive != a.inclusive {
            mismatches += 1
            if example.isEmpty {
                example = "\(a.path): printed \(a.printedInclusive ?? 0), exclusive + children \(a.inclusive)"
            }
        }
        if mismatches > 0 {
            warnings.append("\(mismatches) allocator(s) have an inclusive size that differs from exclusive + "
                            + "children (first: \(example)); hdx uses the computed value")
        }
    }
}
