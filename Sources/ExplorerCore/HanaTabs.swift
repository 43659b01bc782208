import HanaReader

extension TabID {
    public static let processes = TabID("processes")
    public static let threads = TabID("threads")
    public static let flame = TabID("flame")
}

extension TabSpec {
    /// The HANA screens after the standard ones: Processes (when the dump has the IPMM list), Threads and Flame
    /// (when it has `[STACK_SHORT]` threads). Empty for other formats.
    public static func hana(for model: ExplorerModel) -> [TabSpec] {
        guard let hana = model.dump?.extras(HanaDump.self) else { return [] }
        var tabs: [TabSpec] = []
        if let procs = hana.oom?.processes, !procs.isEmpty {
            tabs.append(TabSpec(id: .processes, title: "Processes") { ProcessesPage(model: $0, hana: hana) })
        }
        if !hana.threads.isEmpty {
            tabs.append(TabSpec(id: .threads, title: "Threads") { ThreadsPage(model: $0, hana: hana) })
        }
        if hana.threads.contains(where: { $0.frameCount > 0 }) {
            tabs.append(TabSpec(id: .flame, title: "Flame") { _ in FlamePage(hana: hana) })
        }
        return tabs
    }
}

/// The thread the verdict points at: the crashing thread of a crash dump, else the culprit of an OOM.
extension HanaVerdict {
    var focusThread: ThreadRef? { crashingThread ?? culpritThread }
}
