/// What a cell shows, independent of colours: a theme maps each role to a `Style`.
package enum Role: UInt8, Sendable, CaseIterable {
    case normal
    /// The top line: file, format, totals.
    case title
    case tab
    case tabActive
    /// Where you are: the breadcrumb line.
    case crumb
    /// Column headings of a list.
    case columns
    /// The selected row.
    case selected
    case bar
    /// Sizes (retained, shallow) in lists.
    case size
    /// Secondary text: ids, package prefixes, previews, hints.
    case dim
    /// A section heading inside a screen.
    case section
    case status
    /// A key name in the status line.
    case statusKey
    case gcRoot
    /// The `/` prompt and what is typed.
    case input
    case match
    case warning
    case error
    case border

    /// The key used for this role in theme files.
    package var themeKey: String {
        switch self {
        case .normal: return "normal"
        case .title: return "title"
        case .tab: return "tab"
        case .tabActive: return "tab_active"
        case .crumb: return "crumb"
        case .columns: return "columns"
        case .selected: return "selected"
        case .bar: return "bar"
        case .size: return "size"
        case .dim: return "dim"
        case .section: return "section"
        case .status: return "status"
        case .statusKey: return "status_key"
        case .gcRoot: return "gc_root"
        case .input: return "input"
        case .match: return "match"
        case .warning: return "warning"
        case .error: return "error"
        case .border: return "border"
        }
    }

    package static func named(_ key: String) -> Role? { allCases.first { $0.themeKey == key } }
}
