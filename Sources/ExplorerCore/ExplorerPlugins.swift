import DumpProgress
import HeapGraph

/// What a format's screen module adds to the explorer, so that ExplorerCore knows no format: tabs after the standard
/// ones, Overview sections shown first (HANA: the verdict), tabs of the comparison explorer after Compare. A module
/// makes one value and the executable registers it at startup (`HanaScreens.register()`).
package struct ExplorerPlugin: Sendable {
    package var id: String
    package var tabs: @Sendable (ExplorerModel) -> [TabSpec]
    package var overviewSections: @Sendable (LoadedDump) -> [OverviewSection]
    package var comparisonTabs: @Sendable (ComparisonModel, Glyphs) -> [TabSpec]

    package init(id: String,
                tabs: @escaping @Sendable (ExplorerModel) -> [TabSpec] = { _ in [] },
                overviewSections: @escaping @Sendable (LoadedDump) -> [OverviewSection] = { _ in [] },
                comparisonTabs: @escaping @Sendable (ComparisonModel, Glyphs) -> [TabSpec] = { _, _ in [] }) {
        self.id = id
        self.tabs = tabs
        self.overviewSections = overviewSections
        self.comparisonTabs = comparisonTabs
    }
}

/// The registered plug-ins, in registration order (registering an id again replaces it).
package enum ExplorerPlugins {
    static let registered = Locked<[ExplorerPlugin]>([])

    package static func register(_ plugin: ExplorerPlugin) {
        registered.withLock { list in
            if let i = list.firstIndex(where: { $0.id == plugin.id }) { list[i] = plugin } else { list.append(plugin) }
        }
    }

    package static var all: [ExplorerPlugin] { registered.withLock { $0 } }
}
