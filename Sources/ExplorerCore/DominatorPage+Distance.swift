import HeapGraph

/// Sort by Distance on the dominator tree (`s`, V8): each level's children nearest to the global object first, ties
/// biggest retained first (`DistanceOrder`, DevTools' order), and `s` again back to biggest retained first. A huge
/// level is answered by a partial selection of its first rows, as the retained order is without its presorted list.
extension DominatorPage {
    /// The first `limit` children of `node` in the page's order.
    func orderedChildren(of node: UInt32, limit: Int) -> [UInt32] {
        guard byDistance, let order = DistanceOrder(model) else { return model.children(of: node, limit: limit) }
        let t = model.tree
        let lo = Int(t.childStart[Int(node)]), hi = Int(t.childStart[Int(node) + 1])
        return order.first(t.childList[lo..<hi], limit: limit)
    }

    /// `s` (V8): by distance, or back to biggest retained first. The current level is listed again with its selected
    /// child kept selected (and enough rows loaded to show it); the levels above follow when they are shown again.
    func toggleDistanceSort() -> PageAction {
        if grouped { return .message("s sorts the children one by one: C ungroups them first") }
        let keep = selectedNode
        byDistance.toggle()
        levels[levels.count - 1] = relisted(current, keeping: keep)
        list = current.list
        return .message(byDistance ? "children sorted by distance, nearest to the global object first (s: by retained size)"
                                   : "children sorted by retained size (s: by distance)")
    }

    /// `level` listed again in the page's order when it was listed in the other one, `keep` (or what it had selected)
    /// still selected.
    func relisted(_ level: Level, keeping keep: UInt32? = nil) -> Level {
        guard level.byDistance != byDistance else { return level }
        let selected = keep ?? (level.list.selected < level.children.count ? level.children[level.list.selected] : nil)
        let rank = selected.map { siblingsBefore($0, parent: level.node) } ?? 0
        var fresh = makeLevel(level.node, limit: max(level.limit, rank + 1))
        if let s = selected, let i = fresh.children.firstIndex(of: s) {
            fresh.list.top = max(0, i - max(level.list.selected - level.list.top, 0))
            fresh.list.visible = level.list.visible
            fresh.list.select(i)
        }
        return fresh
    }

    /// The heading's mark of the Distance column while the children are sorted by it.
    func distanceMark(_ glyphs: Glyphs) -> String {
        byDistance ? DistanceColumn.mark(reversed: false, glyphs) : ""
    }
}
