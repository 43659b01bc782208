import CNcursesw
import ExplorerCore
import Testing
@testable import TerminalUI

/// What `wget_wch` returns (a function-key code or a character) decoded into the explorer's keys, with the codes
/// from ncurses' own header and the ASCII table.
@Suite struct KeyDecoderTests {
    @Test func functionKeys() {
        let table: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right), (KEY_PPAGE, .pageUp),
            (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end), (KEY_BACKSPACE, .backspace),
            (KEY_ENTER, .enter), (KEY_BTAB, .backTab), (KEY_RESIZE, .resize),
        ]
        for (code, key) in table {
            #expect(KeyDecoder.decode(isFunctionKey: true, code: code) == key, "code \(code)")
        }
        for n in 1...12 {
            #expect(KeyDecoder.decode(isFunctionKey: true, code: nc_key_f(Int32(n))) == .function(n))
        }
        #expect(KeyDecoder.decode(isFunctionKey: true, code: KEY_MOUSE) == nil, "unknown function keys are dropped")
    }

    @Test func characters() {
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 10) == .enter, "LF")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 13) == .enter, "CR")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 9) == .tab)
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 27) == .escape)
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 127) == .backspace, "DEL")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 8) == .backspace, "BS is Ctrl-H")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 3) == .ctrl("c"), "ETX is Ctrl-C")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 1) == .ctrl("a"))
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 26) == .ctrl("z"))
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 0x71) == .char("q"))
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 0x2F) == .char("/"))
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 0xE9) == .char("é"), "wide characters come whole")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 0x1F600) == .char("😀"))
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 0) == nil, "NUL")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: 0xD800) == nil, "a lone surrogate is no character")
        #expect(KeyDecoder.decode(isFunctionKey: false, code: -1) == nil)
    }
}
