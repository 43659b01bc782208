/// One call-stack frame: ` 2: 0x00007fcf3a5e2019 in Sync::BinarySemaphore::timedWait(unsigned long)+0x255 at
/// LinuxFutexOps.hpp:53 (libhdbbasis.so)`. Offset, file:line and library are optional (emergency dumps print
/// `1: 0x00007ff89edf79db in raise`, some even `inptime::…` without the space).
public struct HanaFrame: Sendable, Equatable {
    public var number: Int
    public var address: UInt64
    public var symbol: String
    public var offset: UInt64?
    public var file: String?
    public var line: Int?
    public var library: String?

    public init(number: Int, address: UInt64, symbol: String, offset: UInt64? = nil, file: String? = nil,
                line: Int? = nil, library: String? = nil) {
        self.number = number
        self.address = address
        self.symbol = symbol
        self.offset = offset
        self.file = file
        self.line = line
        self.library = library
    }

    /// Parses a frame line; nil when the line is not a frame (`N: 0x<hex> in …`).
    public static func parse<S: StringProtocol>(_ text: S) -> HanaFrame? {
        let u = Array(text.utf8)
        return u.withUnsafeBufferPointer { b -> HanaFrame? in
            guard let base = b.baseAddress, let head = HanaFrame.head(base, 0, b.count) else { return nil }
            guard head.restStart >= 0 else {
                return HanaFrame(number: head.number, address: head.address, symbol: "<no symbol>")
            }
            return HanaFrame.parseRest(number: head.number, address: head.address,
                                       rest: Array(b[head.restStart..<head.restEnd]))
        }
    }

    /// The start of a frame line in `base[start..<end]`: `N: 0x<hex> in ` read, the rest is the symbol with its
    /// offset, file:line and library (`restStart..<restEnd`, trailing blanks cut; −1 for an unresolved frame, whose
    /// symbol is `<no symbol>`). nil when the line is not a frame. The frame's symbol, offset, file, line and library
    /// depend on the rest's bytes only, so stacks can be aggregated by those bytes (`HanaStackAggregate`).
    struct Head {
        var number: Int
        var address: UInt64
        var restStart: Int
        var restEnd: Int
    }

    static func head(_ u: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Head? {
        var i = start
        while i < end, u[i] == 0x20 || u[i] == 0x09 { i += 1 }
        var number = 0
        let numStart = i
        while i < end, u[i] >= 0x30, u[i] <= 0x39, i - numStart < 9 { number = number * 10 + Int(u[i] - 0x30); i += 1 }
        guard i > numStart, i < end, u[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        while i < end, u[i] == 0x20 { i += 1 }
        guard i + 2 < end, u[i] == UInt8(ascii: "0"), u[i + 1] == UInt8(ascii: "x") || u[i + 1] == UInt8(ascii: "X")
        else { return nil }
        i += 2
        var address: UInt64 = 0
        let hexStart = i
        while i < end, let d = hexValue(u[i]), i - hexStart < 16 { address = address << 4 | UInt64(d); i += 1 }
        guard i > hexStart else { return nil }
        while i < end, u[i] == 0x20 { i += 1 }
        guard i + 1 < end, u[i] == UInt8(ascii: "i"), u[i + 1] == UInt8(ascii: "n") else {
            // `N: 0x… ` with nothing after the address: an unresolved frame.
            if i >= end { return Head(number: number, address: address, restStart: -1, restEnd: -1) }
            return nil
        }
        i += 2
        if i < end, u[i] == 0x20 { i += 1 }
        var restEnd = end
        while restEnd > i, u[restEnd - 1] == 0x20 || u[restEnd - 1] == 0x09 { restEnd -= 1 }
        return Head(number: number, address: address, restStart: i, restEnd: restEnd)
    }

    /// The frame from the rest of its line after `in ` (see `head`): symbol, offset, file:line and library.
    static func parseRest(number: Int, address: UInt64, rest restBytes: [UInt8]) -> HanaFrame {
        var rest = restBytes
        var frame = HanaFrame(number: number, address: address, symbol: "")

        // ` (<library>)` at the end: no blanks or parentheses inside, and either after an offset / file:line or
        // looking like a library.
        if rest.last == UInt8(ascii: ")"), let open = lastIndex(of: UInt8(ascii: "("), in: rest), open > 0,
           rest[open - 1] == 0x20 {
            let content = rest[(open + 1)..<(rest.count - 1)]
            let clean = !content.isEmpty && !content.contains(0x20) && !content.contains(UInt8(ascii: "("))
                && !content.contains(UInt8(ascii: ")"))
            if clean {
                let before = Array(rest[..<(open - 1)])
                let lib = String(decoding: content, as: UTF8.self)
                if endsWithOffset(before) || endsWithFileLine(before) || lib.contains(".so") || lib == "<unknown>"
                    || lib.hasSuffix(".dll") || lib.hasPrefix("hdb") {
                    frame.library = lib
                    rest = before
                }
            }
        }
        // ` at <file>:<line>` at the end.
        if let at = lastRange(of: Array(" at ".utf8), in: rest) {
            let tail = rest[(at + 4)...]
            if let colon = tail.lastIndex(of: UInt8(ascii: ":")), colon > tail.startIndex, colon + 1 < rest.count,
               !tail.contains(0x20), rest[(colon + 1)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                frame.file = String(decoding: rest[tail.startIndex..<colon], as: UTF8.self)
                frame.line = Int(String(decoding: rest[(colon + 1)...], as: UTF8.self))
                rest = Array(rest[..<at])
            }
        }
        // `+0x<hex>` at the end.
        if let plus = lastRange(of: Array("+0x".utf8), in: rest), plus + 3 < rest.count,
           rest[(plus + 3)...].allSatisfy({ hexValue($0) != nil }), rest.count - plus - 3 <= 16 {
            var off: UInt64 = 0
            for c in rest[(plus + 3)...] { off = off << 4 | UInt64(hexValue(c)!) }
            frame.offset = off
            rest = Array(rest[..<plus])
        }
        frame.symbol = String(decoding: rest, as: UTF8.self)
        if frame.symbol.isEmpty { frame.symbol = "<no symbol>" }
        return frame
    }

    /// The frame as the dump prints it (for display and round-trip tests).
    public var text: String {
        var s = (number < 10 ? " " : "") + "\(number): 0x" + hex16(address) + " in " + symbol
        if let offset { s += "+0x" + String(offset, radix: 16) }
        if let file, let line { s += " at \(file):\(line)" }
        if let library { s += " (\(library))" }
        return s
    }

    /// The symbol without its argument list (`ns::Class::method`), for call graphs and flame graphs.
    public var function: String { HanaFrame.shortName(symbol) }

    /// Cuts a demangled signature at its parameter list, keeping templates and `operator()`, `operator<` …
    public static func shortName(_ symbol: String) -> String {
        let u = Array(symbol.utf8)
        var depth = 0
        var i = 0
        let op = Array("operator".utf8)
        while i < u.count {
            let c = u[i]
            if i >= op.count, Array(u[(i - op.count)..<i]) == op, depth == 0 {
                // Skip the operator's own characters.
                let opChars: [[UInt8]] = ["()", "[]", "<<=", ">>=", "<<", ">>", "<=", ">=", "->", "<", ">"].map {
                    Array($0.utf8)
                }
                if let m = opChars.first(where: { i + $0.count <= u.count && Array(u[i..<(i + $0.count)]) == $0 }) {
                    i += m.count
                    continue
                }
            }
            if c == UInt8(ascii: "<") { depth += 1 } else if c == UInt8(ascii: ">") { depth = max(0, depth - 1) } else if c == UInt8(ascii: "("), depth == 0, i > 0 {
                return String(decoding: u[..<i], as: UTF8.self)
            }
            i += 1
        }
        return symbol
    }
}

@inline(__always)
func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x61...0x66: return c - 0x61 + 10
    case 0x41...0x46: return c - 0x41 + 10
    default: return nil
    }
}

func hex16(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 16 - s.count)) + s
}

private func lastIndex(of byte: UInt8, in a: [UInt8]) -> Int? { a.lastIndex(of: byte) }

private func lastRange(of needle: [UInt8], in a: [UInt8]) -> Int? {
    guard a.count >= needle.count else { return nil }
    var i = a.count - needle.count
    while i >= 0 {
        if a[i] == needle[0], Array(a[i..<(i + needle.count)]) == needle { return i }
        i -= 1
    }
    return nil
}

private func endsWithOffset(_ a: [UInt8]) -> Bool {
    var i = a.count - 1
    var digits = 0
    while i >= 0, hexValue(a[i]) != nil { i -= 1; digits += 1 }
    return digits > 0 && i >= 2 && a[i] == UInt8(ascii: "x") && a[i - 1] == UInt8(ascii: "0") && a[i - 2] == UInt8(ascii: "+")
}

private func endsWithFileLine(_ a: [UInt8]) -> Bool {
    var i = a.count - 1
    var digits = 0
    while i >= 0, a[i] >= 0x30, a[i] <= 0x39 { i -= 1; digits += 1 }
    return digits > 0 && i >= 0 && a[i] == UInt8(ascii: ":")
}
