import Testing
@testable import TerminalUI

/// `y`'s OSC 52: when it is allowed, and the sequence (base64 computed by hand from the ASCII table).
@Suite struct ClipboardTests {
    @Test func offOverSSHUnlessAsked() {
        #expect(Clipboard.allowed(osc52: nil, sshTTY: nil, sshConnection: nil))
        #expect(!Clipboard.allowed(osc52: nil, sshTTY: "/dev/pts/3", sshConnection: nil))
        #expect(!Clipboard.allowed(osc52: nil, sshTTY: nil, sshConnection: "10.0.0.1 5022 10.0.0.2 22"))
        #expect(Clipboard.allowed(osc52: "1", sshTTY: "/dev/pts/3", sshConnection: "10.0.0.1 5022 10.0.0.2 22"))
        #expect(!Clipboard.allowed(osc52: "0", sshTTY: nil, sshConnection: nil))
        #expect(Clipboard.allowed(osc52: nil, sshTTY: "", sshConnection: ""))
    }

    @Test func base64AndSequence() {
        // "0x1" = 0x30 0x78 0x31 → 001100 000111 100000 110001 → M H g x; "0a0" → M G E w.
        #expect(Clipboard.base64(Array("0x10a0".utf8)) == "MHgxMGEw")
        #expect(Clipboard.base64(Array("ab".utf8)) == "YWI=")
        #expect(Clipboard.base64(Array("a".utf8)) == "YQ==")
        #expect(Clipboard.base64([]) == "")
        #expect(Clipboard.osc52("@12") == "\u{1b}]52;c;QDEy\u{07}")   // "@12" = 0x40 0x31 0x32 → Q D E y
    }
}
