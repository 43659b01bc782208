import HeapGraph

/// Sort by Distance on the Object screen's retainers (`s`, V8), as DevTools' Retainers view sorts them: the retainer
/// nearest to the global object first, ties by the retainer's name (DevTools' retainer rows break distance ties by
/// name, ascending), then by node. Only the listed rows are selected (a partial selection), so an object with a
/// million retainers answers at once.
extension ObjectPage {
    /// The first `limit` retainer rows in the page's order.
    func orderedRetainers(limit: Int) -> [Row] {
        guard retainersByDistance, let order = DistanceOrder(model) else { return Array(retainers.prefix(limit)) }
        let sources = retainers.map { row -> UInt32 in
            if case .incoming(let raw, _) = row { return Edge.target(raw) }
            return HeapGraph.superRoot
        }
        var names: [UInt32: String] = [:]
        func name(_ n: UInt32) -> String {
            if let s = names[n] { return s }
            let s = model.className(n)
            names[n] = s
            return s
        }
        let picked = TopK.select(0..<UInt32(retainers.count), limit: limit) { a, b in
            let na = sources[Int(a)], nb = sources[Int(b)]
            let ka = order.key(na), kb = order.key(nb)
            if ka != kb { return ka < kb }
            if na == nb { return a < b }
            let sa = name(na), sb = name(nb)
            return sa != sb ? sa < sb : na < nb
        }
        return picked.map { retainers[Int($0)] }
    }

    /// `s` (V8): the retainers by distance, or back in the dump's order; the selected row stays selected.
    func toggleRetainersByDistance() -> PageAction {
        let keepTarget = list.selected < rows.count ? target(of: rows[list.selected]) : nil
        let wasRetainer: Bool = {
            guard list.selected < rows.count, case .incoming = rows[list.selected] else { return false }
            return true
        }()
        retainersByDistance.toggle()
        rebuild()
        list.count = rows.count
        if let t = keepTarget, wasRetainer, let i = rows.firstIndex(where: { row in
            if case .incoming(let raw, _) = row { return Edge.target(raw) == t }
            return false
        }) {
            list.select(i)
        } else if let i = rows.firstIndex(where: { if case .incoming = $0 { return true } else { return false } }) {
            list.select(i)
        }
        return .message(retainersByDistance
                        ? "retainers sorted by distance, nearest to the global object first (s: in the dump's order)"
                        : "retainers in the dump's order (s: by distance)")
    }
}
