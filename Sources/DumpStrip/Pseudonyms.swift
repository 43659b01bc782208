/// Stable pseudonyms for names (`--names`): the same name always gets the same pseudonym, in every dump, so stripped
/// snapshots of one program still compare (`hdx diff`). A pseudonym is a prefix and 9 hex digits of a 64-bit FNV-1a
/// hash of the name; the rare collision is resolved by hashing again with a counter.
public struct Pseudonyms: Sendable {
    /// pseudonym → original, for the mapping file.
    public private(set) var originals: [String: String] = [:]
    private var byName: [String: String] = [:]

    public init() {}

    public var count: Int { originals.count }

    public mutating func pseudonym(for name: String, prefix: String) -> String {
        let key = prefix + "\u{0}" + name
        if let p = byName[key] { return p }
        var salt: UInt64 = 0
        while true {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 &+ salt
            for b in name.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            let hex = String(h & 0xf_ffff_ffff, radix: 16)
            let p = prefix + String(repeating: "0", count: 9 - hex.count) + hex
            if originals[p] == nil {
                originals[p] = name
                byName[key] = p
                return p
            }
            salt &+= 1
        }
    }
}

/// Numbered placeholders for masked values (`<sql 42>`): one number per distinct value and kind, in order of first
/// appearance, so that values that were equal stay equal (a user in `[THREADS]` and in `M_CONNECTIONS`).
public struct Masks: Sendable {
    private var numbers: [String: [String: Int]] = [:]
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    public mutating func mask(_ value: String, kind: String) -> String {
        if let n = numbers[kind]?[value] { return "<\(kind) \(n)>" }
        let n = (counts[kind] ?? 0) + 1
        counts[kind] = n
        numbers[kind, default: [:]][value] = n
        return "<\(kind) \(n)>"
    }
}

/// What `hdx strip` is asked to do.
public struct StripOptions: Sendable {
    /// Also replace class, field, method and property names by pseudonyms.
    public var names: Bool
    /// With `names`: names this accepts (in the form hdx shows them) stay readable.
    public var keep: (@Sendable (String) -> Bool)?
    /// Compress the output (HPROF only).
    public var gzip: Bool

    public init(names: Bool = false, keep: (@Sendable (String) -> Bool)? = nil, gzip: Bool = false) {
        self.names = names
        self.keep = keep
        self.gzip = gzip
    }

    func keeps(_ name: String) -> Bool { keep?(name) ?? false }
}

/// What a stripper did: counts by what was replaced, and the pseudonyms (for `--mapping`).
public struct StripResult: Sendable {
    public var format: String
    public var counts: [(String, Int)] = []
    public var pseudonyms = Pseudonyms()
    public var warnings: [String] = []
    public var bytesWritten = 0

    public init(format: String) { self.format = format }
}
