#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A theme file could not be used: names the file and line and says what was expected.
package struct ThemeError: Error, Sendable, CustomStringConvertible {
    package struct Reason: Error, Sendable {
        package var message: String
        package init(_ message: String) { self.message = message }
    }

    package var file: String
    package var line: Int
    package var message: String

    package var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Styles per role plus the bar style. Roles a theme leaves out inherit from its base theme, then from `normal`.
package struct Theme: Sendable {
    package var name: String
    package var styles: [Role: Style]
    package var barStyle: Glyphs.BarStyle

    package init(name: String, styles: [Role: Style] = [:], barStyle: Glyphs.BarStyle = .eighth) {
        self.name = name
        self.styles = styles
        self.barStyle = barStyle
    }

    package func style(for role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// Parses the theme format described in `Themes/README.md`. `base` resolves `inherits = "NAME"`.
    package static func parse(_ text: String, file: String,
                             base: (String) -> Theme? = { BuiltinThemes.theme(named: $0) }) throws(ThemeError) -> Theme {
        var section = ""
        var theme = Theme(name: file)
        var own: [Role: Style] = [:]
        var bar: Glyphs.BarStyle?
        var lineNo = 0
        func fail(_ message: String) -> ThemeError { ThemeError(file: file, line: lineNo, message: message) }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = stripComment(String(raw)).trimmingSpaces
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw fail("expected a section header like [styles]") }
                section = String(line.dropFirst().dropLast()).trimmingSpaces
                guard ["meta", "glyphs", "styles"].contains(section) else {
                    throw fail("unknown section [\(section)] (expected [meta], [glyphs] or [styles])")
                }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { throw fail("expected key = \"value\"") }
            let key = String(line[..<eq]).trimmingSpaces
            var value = String(line[line.index(after: eq)...]).trimmingSpaces
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
                throw fail("the value of \(key) must be a quoted string")
            }
            value = String(value.dropFirst().dropLast())
            switch section {
            case "meta":
                switch key {
                case "name": theme.name = value
                case "inherits":
                    guard let b = base(value) else { throw fail("unknown base theme \"\(value)\"") }
                    for (r, s) in b.styles where own[r] == nil { theme.styles[r] = s }
                    if bar == nil { theme.barStyle = b.barStyle }
                case "background", "description": break
                default: throw fail("unknown key \(key) in [meta] (expected name, inherits, background, description)")
                }
            case "glyphs":
                guard key == "bar" else { throw fail("unknown key \(key) in [glyphs] (expected bar)") }
                guard let b = Glyphs.BarStyle(rawValue: value) else {
                    throw fail("bar must be eighth, half or hash, not \"\(value)\"")
                }
                bar = b
            case "styles":
                guard let role = Role.named(key) else {
                    throw fail("unknown style \(key) (expected one of: "
                               + Role.allCases.map(\.themeKey).joined(separator: ", ") + ")")
                }
                switch Style.parse(value) {
                case .success(let s): own[role] = s
                case .failure(let reason): throw fail(reason.message)
                }
            default:
                throw fail("expected a section header ([meta], [glyphs] or [styles]) before \(key)")
            }
        }
        for (r, s) in own { theme.styles[r] = s }
        if let bar { theme.barStyle = bar }
        return theme
    }

    /// The theme to use for `--theme NAME|PATH`: a built-in name, a file path, or a name looked up as
    /// `NAME.toml` in `directories`. Any problem gives the default theme and a message saying why.
    package static func resolve(_ spec: String?, directories: [String] = []) -> (theme: Theme, warning: String?) {
        guard let spec, !spec.isEmpty else { return (BuiltinThemes.dark, nil) }
        if let t = BuiltinThemes.theme(named: spec) { return (t, nil) }
        var candidates: [String] = []
        if spec.contains("/") || spec.hasSuffix(".toml") {
            candidates = [spec]
        } else {
            candidates = directories.map { $0 + "/" + spec + ".toml" }
        }
        for path in candidates {
            guard let text = readTextFile(path) else { continue }
            do {
                return (try parse(text, file: path), nil)
            } catch {
                return (BuiltinThemes.dark, "theme \(error.description); using the default theme")
            }
        }
        let names = BuiltinThemes.names.joined(separator: ", ")
        return (BuiltinThemes.dark, "theme \"\(spec)\" not found (built in: \(names), or a path to a .toml file); "
                                    + "using the default theme")
    }

    private static func stripComment(_ line: String) -> String {
        var inQuotes = false
        var out = ""
        for ch in line {
            if ch == "\"" { inQuotes.toggle() }
            if ch == "#" && !inQuotes { break }
            out.append(ch)
        }
        return out
    }
}

/// Reads a whole (small) text file; `nil` when it cannot be opened.
func readTextFile(_ path: String, maxBytes: Int = 1 << 20) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while bytes.count < maxBytes {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes += buf[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
