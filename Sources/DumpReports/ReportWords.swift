import DumpKit
import HeapGraph

/// A value the report keeps for its renderers but leaves out of its JSON (docs/cli.md's keys stay as they are).
@propertyWrapper public struct NotEncoded<Value: Sendable>: Sendable, Encodable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public func encode(to encoder: any Encoder) throws {}
}

extension KeyedEncodingContainer {
    /// A `NotEncoded` property writes no key at all.
    public mutating func encode<V>(_ value: NotEncoded<V>, forKey key: Key) throws {}
}

/// The text and HTML reports' words for the overview: the format's own (HANA: allocators, inclusive and exclusive
/// sizes, no GC roots and no unreachable memory; MAT's and DevTools' words for HPROF and V8).
struct ReportWords {
    let words: DumpVocabulary

    /// `Top classes`, `Top allocators`.
    var topGroups: String { "Top \(words.groups)" }
    /// `(by retained size)`, `(by inclusive size)`.
    var bySize: String { "(by \(words.retainedSize.lowercased()) size)" }
    /// HPROF/V8: the dominator tree's top objects; HANA: the top-level allocators (the tree's roots).
    var topDominators: String { words.roots == nil ? "Top-level \(words.nodes)" : "Top dominators" }
    /// The group table's columns: sizes, the count (when counts mean something) and the group.
    var groupColumns: [String] {
        [words.retainedSize, words.shallowSize] + (words.countsMeaningful ? [words.nodes.prefix(1).uppercased() + words.nodes.dropFirst()] : []) + [words.group]
    }
    /// The first line's counts: `12,345 objects · reachable 1 MiB · unreachable 0 B in 0 objects`, or for HANA
    /// `60 allocators · 181.7 GiB inclusive in the top-level allocators`.
    func counts(_ o: DumpReport.Overview) -> String {
        guard words.unreachable != nil else {
            return "\(ByteCount.grouped(o.objects)) \(words.nodes) · \(ByteCount.format(o.reachableBytes)) "
                + "\(words.retainedSize.lowercased()) in the top-level \(words.nodes)"
        }
        return "\(ByteCount.grouped(o.objects)) \(words.nodes) · reachable \(ByteCount.format(o.reachableBytes)) · "
            + "unreachable \(ByteCount.format(o.unreachableBytes)) in \(ByteCount.grouped(o.unreachableObjects)) \(words.nodes)"
    }
}
