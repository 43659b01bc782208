/// The scan for formats without a `StringScanning` of their own: every node of a string class, by its preview.
public struct PreviewStringScan: StringScanning {
    /// Class names of string objects: Java, then V8's string types.
    public static let stringClasses: Set<String> = ["java.lang.String", "(string)", "(concatenated string)",
                                                    "(sliced string)"]

    let graph: HeapGraph
    let details: any GraphDetails
    let isString: [Bool]

    /// Nil when the graph has no string class.
    public init?(graph: HeapGraph, details: any GraphDetails) {
        let flags = graph.classes.names.map { PreviewStringScan.stringClasses.contains($0) }
        guard flags.contains(true) else { return nil }
        self.graph = graph
        self.details = details
        isString = flags
    }

    /// Item k is node k + 1 (the nodes after the super-root).
    public var stringScanUnits: Int { graph.nodeCount - 1 }
    public var stringScanStep: Int { 2_048 }

    public func stringMatches(_ needle: StringNeedle, units: Range<Int>) -> [UInt32] {
        var found: [UInt32] = []
        let classOf = graph.classOf
        for k in units.clamped(to: 0..<stringScanUnits) {
            let v = UInt32(k + 1)
            let c = Int(classOf[Int(v)])
            guard c < isString.count, isString[c], let text = details.preview(v), needle.matches(text) else { continue }
            found.append(v)
        }
        return found
    }
}

public enum StringScans {
    /// The format's own scan when it has one, else the preview scan; nil when the dump has no string objects.
    public static func scanner(graph: HeapGraph, details: any GraphDetails) -> (any StringScanning)? {
        if let own = details as? StringScanning { return own.stringScanUnits > 0 ? own : nil }
        return PreviewStringScan(graph: graph, details: details)
    }

    /// Whether a scan is quick enough to run on the calling thread (a few thousand items, or one step).
    public static func isQuick(_ scanner: any StringScanning) -> Bool {
        let units = scanner.stringScanUnits
        return scanner is PreviewStringScan ? units < 5_000 : units <= scanner.stringScanStep
    }

    /// All matches of a whole scan, ascending (the CLI).
    public static func all(_ scanner: any StringScanning, _ needle: StringNeedle) -> [UInt32] {
        let units = scanner.stringScanUnits, step = max(scanner.stringScanStep, 1)
        var found: [UInt32] = []
        var at = 0
        while at < units {
            found += scanner.stringMatches(needle, units: at..<min(units, at + step))
            at += step
        }
        return found
    }
}
