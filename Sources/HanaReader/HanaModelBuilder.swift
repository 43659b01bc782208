import DumpInput

/// Turns the scan into the dump's model: process facts, `[BUILD]`, the OOM block, the crash facts, the allocator
/// tree and the verdict. Only small sections are read here; big ones were indexed by the scan.
struct HanaModelBuilder {
    let file: MappedFile
    let scan: HanaModelScan

    struct Built {
        var process: HanaProcessInfo
        var build: [(key: String, value: String)]
        var oom: HanaOOMInfo?
        var crash: HanaCrashInfo?
        var allocators: HanaAllocatorTree
        var verdict: HanaVerdict
    }

    func section(_ tag: String) -> HanaSection? { scan.sections.first { $0.tag == tag } }

    func lines(_ s: HanaSection, limit: Int = 200_000) -> [(line: Int, text: String)] {
        HanaDump.lines(file, from: s.bodyStart, to: s.bodyEnd, firstLine: s.bodyFirstLine, limit: limit)
    }

    func view(_ name: String) -> HanaView? { scan.views.first { $0.name == name } }

    func build(warnings: inout [String]) -> Built {
        var process = HanaProcessInfo()
        for (_, text) in scan.preamble { process.apply(keyValueLine: text) }
        if let s = section("PROCESS_INFO") {
            for (_, text) in lines(s, limit: 500) { process.apply(keyValueLine: text) }
        }
        var build: [(key: String, value: String)] = []
        if let s = section("BUILD") {
            for (_, text) in lines(s, limit: 500) {
                guard let colon = text.firstIndex(of: ":") else { continue }
                let key = text[..<colon].trimmed
                let value = text[text.index(after: colon)...].trimmed
                if !key.isEmpty { build.append((key, value)) }
            }
            process.version = build.first { $0.key.lowercased() == "version" }?.value
        }
        var oom: HanaOOMInfo?
        if let s = section("MEMORY_OOM") ?? section("MEMORY_LIMIT_VIOLATION") {
            let parsed = HanaOOMParser.parse(lines(s), tag: s.tag, warnings: &warnings)
            if parsed.pid == nil, parsed.failureType == nil, parsed.failedAllocationBytes == nil, !parsed.compositeLimit {
                warnings.append("line \(s.headerLine): section [\(s.tag)] holds no OOM information "
                                + "(expected \"Failed to allocate …\" / \"Allocation failure type: …\")")
            }
            oom = parsed
            if process.pid == nil { process.pid = parsed.pid }
            if process.executable == nil { process.executable = parsed.executable }
            if process.host == nil { process.host = parsed.host }
        }
        process.apply(fileName: file.path)
        var crash: HanaCrashInfo?
        let shortInfo = section("CRASH_SHORTINFO")
        let crashStack = section("CRASH_STACK")
        if shortInfo != nil || crashStack != nil {
            crash = HanaCrashParser.parse(shortInfo: shortInfo.map { lines($0, limit: 200) },
                                          stack: crashStack.map { lines($0, limit: 20_000) })
        }
        let tree = allocatorTree(process: process, oom: oom, warnings: &warnings)
        let verdict = HanaVerdictBuilder(file: file, scan: scan, process: process, oom: oom, crash: crash,
                                         tree: tree).verdict()
        return Built(process: process, build: build, oom: oom, crash: crash, allocators: tree, verdict: verdict)
    }

    /// From `M_HEAP_MEMORY` (rows of the dump's port when it lists several), else from the OOM top lists.
    func allocatorTree(process: HanaProcessInfo, oom: HanaOOMInfo?, warnings: inout [String]) -> HanaAllocatorTree {
        if let v = view("M_HEAP_MEMORY"),
           let pathCol = v.columnIndex("CATEGORY") ?? v.columnIndex("NAME") ?? v.columnIndex("ALLOCATOR_NAME"),
           let exclCol = v.columnIndex("EXCLUSIVE_SIZE_IN_USE") {
            let portCol = v.columnIndex("PORT")
            let compCol = v.columnIndex("COMPONENT")
            let inclCol = v.columnIndex("INCLUSIVE_SIZE_IN_USE")
            let allocCol = v.columnIndex("EXCLUSIVE_ALLOCATED_SIZE")
            let countCol = v.columnIndex("EXCLUSIVE_ALLOCATED_COUNT")
            var inputs: [HanaAllocatorTree.Input] = []
            var otherPorts: [HanaAllocatorTree.Input] = []
            var bad = 0
            var firstBad = 0
            HanaDump.forEachRow(file, view: v) { f, ln in
                func num(_ c: Int?) -> UInt64? {
                    guard let c, c < f.count else { return nil }
                    return UInt64(f[c].trimmed)
                }
                guard pathCol < f.count, exclCol < f.count, let excl = num(exclCol) else {
                    bad += 1
                    if firstBad == 0 { firstBad = ln }
                    return true
                }
                let input = HanaAllocatorTree.Input(path: f[pathCol], component: compCol.map { $0 < f.count ? f[$0] : "" } ?? "",
                                                    exclusive: excl, printedInclusive: num(inclCol),
                                                    allocatedSize: num(allocCol), allocatedCount: num(countCol),
                                                    line: ln)
                if let portCol, let port = process.port, portCol < f.count, Int(f[portCol].trimmed) != port {
                    otherPorts.append(input)
                } else {
                    inputs.append(input)
                }
                return true
            }
            if bad > 0 {
                warnings.append("line \(firstBad): \(bad) M_HEAP_MEMORY row(s) have no readable "
                                + "EXCLUSIVE_SIZE_IN_USE and were skipped")
            }
            if inputs.isEmpty { inputs = otherPorts }
            if !inputs.isEmpty {
                return HanaAllocatorTree.build(inputs, source: .heapMemoryView, fillFromInclusive: false,
                                               warnings: &warnings)
            }
        }
        if let oom, !oom.topByExclusive.isEmpty || !oom.topByInclusive.isEmpty {
            var inputs: [HanaAllocatorTree.Input] = []
            for t in oom.topByExclusive {
                inputs.append(.init(path: t.name, component: t.component, exclusive: t.bytes, printedInclusive: nil,
                                    allocatedSize: nil, allocatedCount: nil, line: t.line))
            }
            for t in oom.topByInclusive {
                inputs.append(.init(path: t.name, component: t.component, exclusive: nil, printedInclusive: t.bytes,
                                    allocatedSize: nil, allocatedCount: nil, line: t.line))
            }
            warnings.append("no M_HEAP_MEMORY view: the allocator tree is built from the OOM block's top lists "
                            + "and is partial (remainders shown as (unlisted))")
            return HanaAllocatorTree.build(inputs, source: .topLists, fillFromInclusive: true, warnings: &warnings)
        }
        return .empty
    }
}
