/// The DOM a snapshot holds: Blink's DOM nodes (Chrome, Electron renderers) among the embedder's native nodes, and
/// how many of them are detached (V8's detachedness flag after DevTools' propagation).
///
/// V8's detachedness flag is not a DOM flag: Node.js sets it on its own native objects (`Node / BindingData`,
/// `Node / BlobBindingData`, `AliasedFloat64Array` buffers …), which are not in any document. So only natives named
/// as Blink names DOM nodes count: `HTML…Element`, `SVG…Element`, `MathML…Element`, the document and node kinds
/// (`HTMLDocument`, `Document`, `Text`, `Comment`, `ShadowRoot`, …), and the tag form older Chrome writes
/// (`<div id="a">`). A snapshot without any of them (and without `(Document DOM trees)`) has no DOM: Node.js, Deno,
/// workers.
public struct DOMCensus: Sendable, Equatable {
    /// Blink DOM nodes, attached or detached.
    public var domNodes = 0
    /// Of them, the detached ones (no longer in a document, still retained).
    public var detached = 0
    /// Native nodes V8 flags detached that are not DOM nodes (Node's binding data).
    public var otherDetachedNatives = 0
    /// The snapshot has the synthetic `(Document DOM trees)` root (Chrome).
    public var documentTrees = false

    public var hasDOM: Bool { domNodes > 0 || documentTrees }

    public init() {}

    /// Node kinds Blink names without an `HTML`/`SVG` prefix.
    static let nodeKinds: Set<String> = [
        "Document", "HTMLDocument", "XMLDocument", "SVGDocument", "DocumentFragment", "ShadowRoot", "DocumentType",
        "Text", "Comment", "CDATASection", "ProcessingInstruction", "Attr", "Element",
    ]

    /// Whether a native node's name (without DevTools' `Detached ` prefix) names a Blink DOM node.
    public static func isDOMNodeName(_ name: Substring) -> Bool {
        if name.hasPrefix("<") { return name.count > 1 && (name.dropFirst().first?.isLetter ?? false) }
        if nodeKinds.contains(String(name)) { return true }
        for prefix in ["HTML", "SVG", "MathML"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            return rest.hasSuffix("Element") && (rest.first?.isUppercase ?? false)
        }
        return false
    }

    /// Counts over the raw arrays after `DevToolsRules.propagateDOMState`; each name is decoded once.
    static func count(_ raw: RawSnapshot) -> DOMCensus {
        var census = DOMCensus()
        guard let native = raw.meta.native, raw.nodeCount > 0 else { return census }
        var isDOM: [UInt32: Bool] = [:]
        for v in 1...raw.nodeCount {
            let t = raw.type(v)
            if t != native {
                if t == raw.meta.synthetic, raw.strings.tag(raw.names[v]) == .documentDOMTrees { census.documentTrees = true }
                continue
            }
            let nm = raw.names[v]
            let dom: Bool
            if let known = isDOM[nm] {
                dom = known
            } else {
                var name = Substring(raw.strings.string(nm, limit: 128) ?? "")
                if name.hasPrefix("Detached ") { name = name.dropFirst(9) }
                dom = isDOMNodeName(name)
                isDOM[nm] = dom
            }
            let detached = raw.detachedness(v) == 2
            if dom {
                census.domNodes += 1
                if detached { census.detached += 1 }
            } else if detached {
                census.otherDetachedNatives += 1
            }
        }
        return census
    }

    /// The Overview's `DOM` fact.
    public var fact: String {
        guard hasDOM else {
            return "none (no Blink DOM nodes" + (otherDetachedNatives > 0
                ? "; \(otherDetachedNatives) native objects V8 flags detached are not DOM nodes)" : ")")
        }
        return "\(domNodes) nodes, \(detached) detached"
    }
}
