@testable import ExplorerCore

// Test helpers, not part of the explorer's API.
extension PageAction {
    var isUnhandled: Bool {
        if case .unhandled = self { return true }
        return false
    }
}

extension ExplorerApp {
    var tabTitles: [String] { specs.map(\.title) }
}
