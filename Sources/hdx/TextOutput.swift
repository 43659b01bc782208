import DumpInput

/// Text results on stdout, one record per line. Everything a line quotes from a dump (class names, values, thread
/// names, SQL, file names) is shown terminal-safe by `TerminalText.visible`, so a dump can neither send escape
/// sequences to the terminal nor forge a line. Lines are written as they are produced (stdout's buffer), never
/// collected into one string first.
enum TextOutput {
    static func line(_ text: String) {
        print(TerminalText.visible(text))
    }
}
