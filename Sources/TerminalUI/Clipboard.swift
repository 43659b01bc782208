#if canImport(Glibc)
import Glibc
#endif

/// `y` in the explorer: the id goes to the terminal's clipboard as an OSC 52 sequence. Over SSH that is off unless
/// `HDX_OSC52=1` asks for it (a remote program writing the local clipboard is a surprise); `HDX_OSC52=0` turns it
/// off everywhere.
enum Clipboard {
    static func allowed(osc52: String?, sshTTY: String?, sshConnection: String?) -> Bool {
        if osc52 == "1" { return true }
        if osc52 == "0" { return false }
        return (sshTTY ?? "").isEmpty && (sshConnection ?? "").isEmpty
    }

    static var allowedHere: Bool {
        allowed(osc52: Environment.get("HDX_OSC52"), sshTTY: Environment.get("SSH_TTY"),
                sshConnection: Environment.get("SSH_CONNECTION"))
    }

    /// `ESC ] 52 ; c ; <base64> BEL`.
    static func osc52(_ text: String) -> String {
        "\u{1b}]52;c;" + base64(Array(text.utf8)) + "\u{07}"
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            let b0 = UInt32(bytes[i]), b1 = n > 1 ? UInt32(bytes[i + 1]) : 0, b2 = n > 2 ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(n > 1 ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? table[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
