import DumpInput
import HeapGraph

/// The `strings` array, kept as byte offsets into the mapped file and decoded on demand (escapes, `\uXXXX` and
/// surrogate pairs included). Only a few names the DevTools rules look for are recognised while scanning.
struct StringTable: Sendable {
    /// Names the DevTools rules test for, recognised once per string while scanning.
    enum Tag: UInt8 {
        case none = 0
        case object               // "Object"
        case documentDOMTrees     // "(Document DOM trees)"
        case nativeContext        // "system / NativeContext"
        case mapDescriptors       // "(map descriptors)"
        case externalStringData   // "system / ExternalStringData"
        case angle                // starts with "<" (DOM element names like <div id="a">)
        case detachedAngle        // starts with "Detached <"
        case sloppyFunctionMap    // "sloppy_function_map"
        case weakMapCandidate     // starts with a digit and ends with ')': maybe a WeakMap ephemeron edge name
        case proto                // "__proto__"
        case first                // "first"
        case second               // "second"
    }

    let file: FileBytes
    /// Offset of each string's first content byte (after the opening quote).
    let offsets: Column<Int>
    let tags: Column<UInt8>
    /// Whether the array was complete (a truncated file leaves later strings missing).
    let complete: Bool
    /// The first invalid escape or control character, if any (decoded leniently as U+FFFD).
    let firstInvalid: Int?
    let invalidCount: Int
    /// Where scanning stopped: after the closing `]` when complete.
    let endOffset: Int

    var count: Int { offsets.count }

    private static let literals: [(String, Tag)] = [
        ("Object", .object), ("(Document DOM trees)", .documentDOMTrees), ("system / NativeContext", .nativeContext),
        ("(map descriptors)", .mapDescriptors), ("system / ExternalStringData", .externalStringData),
        ("sloppy_function_map", .sloppyFunctionMap), ("__proto__", .proto), ("first", .first), ("second", .second),
    ]

    /// Scans the strings array starting just after its `[`.
    init(file: FileBytes, start: Int) {
        self.file = file
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        let end = file.count
        var offsets = ContiguousArray<Int>()
        var tags = ContiguousArray<UInt8>()
        var pos = start
        var complete = false
        var firstInvalid: Int?
        var invalid = 0
        let lits = StringTable.literals.map { (Array($0.0.utf8), $0.1) }
        var lengths = Set<Int>()
        for (bytes, _) in lits { lengths.insert(bytes.count) }
        scan: while pos < end {
            let c = p[pos]
            if DigitCursor.isSpace(c) || c == 0x2C { pos += 1; continue }
            if c == UInt8(ascii: "]") { complete = true; pos += 1; break }
            guard c == UInt8(ascii: "\"") else {
                // Not a string where one belongs: stop here, keep what was read, and report it as damage.
                if firstInvalid == nil { firstInvalid = pos }
                invalid += 1
                break
            }
            pos += 1
            let s = pos
            while true {
                guard pos < end else { break scan }
                let b = p[pos]
                if b == UInt8(ascii: "\"") { break }
                if b == UInt8(ascii: "\\") {
                    guard pos + 1 < end else { break scan }
                    let e = p[pos + 1]
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        pos += 2
                    case UInt8(ascii: "u"):
                        if pos + 6 <= end, StringTable.hex4(file.base, pos + 2) != nil {
                            pos += 6
                        } else {
                            if firstInvalid == nil { firstInvalid = pos }
                            invalid += 1
                            pos += 2
                        }
                    default:
                        if firstInvalid == nil { firstInvalid = pos }
                        invalid += 1
                        pos += 2
                    }
                    continue
                }
                if b < 0x20 {
                    if firstInvalid == nil { firstInvalid = pos }
                    invalid += 1
                }
                pos += 1
            }
            let len = pos - s
            pos += 1   // closing quote
            offsets.append(s)
            var tag = Tag.none
            if len > 0 {
                let first = p[s]
                if first == UInt8(ascii: "<") {
                    tag = .angle
                } else if first >= 0x30 && first <= 0x39 && p[s + len - 1] == UInt8(ascii: ")") {
                    tag = .weakMapCandidate
                } else if len >= 10 && first == UInt8(ascii: "D") && StringTable.equal(p + s, "Detached <", 10) {
                    tag = .detachedAngle
                } else if lengths.contains(len) {
                    for (bytes, t) in lits where bytes.count == len && StringTable.equal(p + s, bytes) {
                        tag = t
                        break
                    }
                }
            }
            tags.append(tag.rawValue)
        }
        self.offsets = Column(offsets)
        self.tags = Column(tags)
        self.complete = complete
        self.firstInvalid = firstInvalid
        self.invalidCount = invalid
        self.endOffset = pos
    }

    /// A table restored from the persisted index (V8Persistence.swift).
    init(file: FileBytes, offsets: Column<Int>, tags: Column<UInt8>, complete: Bool, firstInvalid: Int?,
         invalidCount: Int, endOffset: Int) {
        self.file = file
        self.offsets = offsets
        self.tags = tags
        self.complete = complete
        self.firstInvalid = firstInvalid
        self.invalidCount = invalidCount
        self.endOffset = endOffset
    }

    @inline(__always)
    static func equal(_ p: UnsafePointer<UInt8>, _ bytes: [UInt8]) -> Bool {
        for i in 0..<bytes.count where p[i] != bytes[i] { return false }
        return true
    }

    static func equal(_ p: UnsafePointer<UInt8>, _ text: StaticString, _ count: Int) -> Bool {
        let t = text.utf8Start
        for i in 0..<count where p[i] != t[i] { return false }
        return true
    }

    /// Four hex digits at `at`, or nil.
    static func hex4(_ base: UnsafeRawPointer, _ at: Int) -> UInt32? {
        var v: UInt32 = 0
        for i in 0..<4 {
            let c = base.load(fromByteOffset: at + i, as: UInt8.self)
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    func tag(_ index: UInt32) -> Tag {
        Int(index) < tags.count ? Tag(rawValue: tags[Int(index)]) ?? .none : .none
    }

    /// The decoded string, at most `limit` characters (UTF-16 units); `nil` when the index is out of range.
    func string(_ index: UInt32, limit: Int = 1 << 20) -> String? {
        // Offsets restored from the persisted index are checked here, on use, rather than all on reopen.
        guard Int(index) < offsets.count, case let at = offsets[Int(index)], at >= 0, at <= file.count else {
            return nil
        }
        return StringTable.decode(file, at: at, limit: limit)
    }

    /// The raw bytes between the quotes (escapes not decoded), for cheap structural checks.
    func rawBytes(_ index: UInt32) -> UnsafeBufferPointer<UInt8>? {
        guard Int(index) < offsets.count, case let s = offsets[Int(index)], s >= 0, s <= file.count else { return nil }
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        var pos = s
        while pos < file.count {
            let b = p[pos]
            if b == UInt8(ascii: "\"") { break }
            pos += b == UInt8(ascii: "\\") ? 2 : 1
        }
        return UnsafeBufferPointer(start: p + s, count: min(pos, file.count) - s)
    }

    /// Decodes a JSON string body starting at `at` up to its closing quote, leniently (bad escapes become U+FFFD).
    static func decode(_ file: FileBytes, at start: Int, limit: Int) -> String {
        let p = file.base.assumingMemoryBound(to: UInt8.self)
        let end = file.count
        var pos = start
        var units: [UInt16] = []
        var plain = true
        // Fast path: plain ASCII without escapes.
        while pos < end {
            let b = p[pos]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") || b >= 0x80 { plain = false; break }
            pos += 1
            if pos - start >= limit { break }
        }
        if plain {
            return String(decoding: UnsafeBufferPointer(start: p + start, count: pos - start), as: UTF8.self)
        }
        units.reserveCapacity(min(limit, 256))
        for i in start..<pos { units.append(UInt16(p[i])) }
        while pos < end && units.count < limit {
            let b = p[pos]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") {
                guard pos + 1 < end else { break }
                let e = p[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "n"): units.append(0x0A)
                case UInt8(ascii: "t"): units.append(0x09)
                case UInt8(ascii: "r"): units.append(0x0D)
                case UInt8(ascii: "b"): units.append(0x08)
                case UInt8(ascii: "f"): units.append(0x0C)
                case UInt8(ascii: "u"):
                    if pos + 4 <= end, let v = hex4(file.base, pos) {
                        units.append(UInt16(v))
                        pos += 4
                    } else {
                        units.append(0xFFFD)
                    }
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): units.append(UInt16(e))
                default: units.append(0xFFFD)
                }
                continue
            }
            if b < 0x80 {
                units.append(UInt16(b))
                pos += 1
            } else {
                // V8 escapes everything above 0x7F; other producers may write raw UTF-8.
                var len = 1
                while pos + len < end && len < 4 && p[pos + len] & 0xC0 == 0x80 { len += 1 }
                let s = String(decoding: UnsafeBufferPointer(start: p + pos, count: len), as: UTF8.self)
                units.append(contentsOf: s.utf16)
                pos += len
            }
        }
        // Lone surrogates become U+FFFD (String(decoding:as:) repairs them).
        return String(decoding: units, as: UTF16.self)
    }
}

/// The mapped file as raw bytes, shareable across threads (the mapping is read-only and outlives the snapshot).
struct FileBytes: Sendable {
    let file: MappedFile
    var base: UnsafeRawPointer { file.base }
    var count: Int { file.count }

    init(_ file: MappedFile) { self.file = file }
}
