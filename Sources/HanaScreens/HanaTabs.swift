import DumpKit
import HeapGraph
import ExplorerCore
import HanaReader

extension TabID {
    package static let processes = TabID("processes")
    package static let threads = TabID("threads")
    package static let flame = TabID("flame")
    package static let processesDelta = TabID("processes-delta")
    package static let stacksDelta = TabID("stacks-delta")
}

/// The HANA screens plugged into the explorer: the verdict first on the Overview, Processes, Threads and Flame
/// after the standard tabs, Processes Δ and Stacks Δ in the comparison explorer.
package enum HanaScreens {
    package static let plugin = ExplorerPlugin(id: "hana", tabs: tabs(for:), overviewSections: HanaOverview.sections(of:),
                                              comparisonTabs: comparisonTabs(_:glyphs:))

    /// Registers the plug-in (the executable does it once at startup; idempotent).
    package static func register() { ExplorerPlugins.register(plugin) }

    /// Processes (when the dump has the IPMM list), Threads and Flame (when it has `[STACK_SHORT]` threads). Empty
    /// for other formats.
    package static func tabs(for model: ExplorerModel) -> [TabSpec] {
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

    /// HANA pairs: Processes Δ and Stacks Δ.
    package static func comparisonTabs(_ cm: ComparisonModel, glyphs: Glyphs) -> [TabSpec] {
        guard let h = cm.comparison.hana else { return [] }
        let d = glyphs.ascii ? " +-" : " Δ"
        return [TabSpec(id: .processesDelta, title: "Processes" + d) { _ in ProcessesDeltaPage(hana: h) },
                TabSpec(id: .stacksDelta, title: "Stacks" + d) { _ in StacksDeltaPage(hana: h) }]
    }
}

/// The thread the verdict points at: the crashing thread of a crash dump, else the culprit of an OOM.
extension HanaVerdict {
    var focusThread: ThreadRef? { crashingThread ?? culpritThread }
}
