import ExplorerCore

/// Folded stacks (`outer;…;inner count`, root first) merged into a tree of frames: node 0 holds all stacks, every
/// other node is a frame under its caller with the number of stacks (threads) passing through it. Children are
/// ordered biggest first, then by name, so the icicle view reads left to right from the most common path.
package struct FlameGraph: Sendable {
    package private(set) var names: [String] = ["all"]
    package private(set) var parent: [Int] = [-1]
    package private(set) var count: [Int] = [0]
    package private(set) var depth: [Int] = [0]
    package private(set) var children: [[Int]] = [[]]

    package init(folded lines: [String]) {
        var index: [Int: [String: Int]] = [:]
        for line in lines {
            guard let sp = line.lastIndex(of: " "), let n = Int(line[line.index(after: sp)...]), n > 0 else { continue }
            var at = 0
            count[0] += n
            for frame in line[..<sp].split(separator: ";", omittingEmptySubsequences: false) {
                let name = String(frame)
                if let c = index[at]?[name] {
                    at = c
                } else {
                    let c = names.count
                    names.append(name)
                    parent.append(at)
                    count.append(0)
                    depth.append(depth[at] + 1)
                    children.append([])
                    children[at].append(c)
                    index[at, default: [:]][name] = c
                    at = c
                }
                count[at] += n
            }
        }
        for v in children.indices where children[v].count > 1 {
            children[v].sort { a, b in count[a] != count[b] ? count[a] > count[b] : names[a] < names[b] }
        }
    }

    package var nodeCount: Int { names.count }

    /// Stacks that end in this frame (threads whose innermost frame it is).
    package func selfCount(_ v: Int) -> Int { count[v] - children[v].reduce(0) { $0 + count[$1] } }

    /// The frames from the outermost down to `v` (without node 0).
    package func path(to v: Int) -> [Int] {
        var out: [Int] = []
        var at = v
        while at > 0 { out.append(at); at = parent[at] }
        return out.reversed()
    }

    /// A block of the icicle view: a frame at a row, from column `x0` up to `x1` (exclusive).
    package struct Block: Sendable, Equatable {
        package var node: Int
        package var row: Int
        package var x0: Int
        package var x1: Int
    }

    /// Lays out the subtree of `zoom` over `width` columns: `zoom` spans the full width on row 0 (node 0 itself is
    /// not drawn: its children share row 0). A child's columns are its share of its parent's stacks, rounded by
    /// cumulative sums so that siblings tile their parent exactly; blocks narrower than one column are left out.
    /// Blocks come row by row, left to right.
    package func layout(zoom: Int, width: Int) -> [Block] {
        guard width > 0, zoom < nodeCount, count[zoom] > 0 else { return [] }
        var blocks: [Block] = []
        var queue: [(node: Int, row: Int, x0: Int, x1: Int)] = [(zoom, zoom == 0 ? -1 : 0, 0, width)]
        var head = 0
        while head < queue.count {
            let (v, row, x0, x1) = queue[head]
            head += 1
            if row >= 0 { blocks.append(Block(node: v, row: row, x0: x0, x1: x1)) }
            let total = count[v]
            let span = x1 - x0
            var before = 0
            for c in children[v] {
                let a = x0 + before * span / total
                before += count[c]
                let b = x0 + before * span / total
                if b > a { queue.append((c, row + 1, a, b)) }
            }
        }
        return blocks
    }

    /// Shortens a C++ function name to `width` columns: first drops leading namespaces and classes
    /// (`Execution::Thread::staticMain` → `Thread::staticMain` → `staticMain`), then cuts the end.
    package static func shortLabel(_ name: String, width: Int, ellipsis: String) -> String {
        guard width > 0 else { return "" }
        var s = Substring(name)
        while TextWidth.of(String(s)) > width, let cut = FlameGraph.firstQualifierEnd(s) { s = s[cut...] }
        return Format.clipRight(String(s), width: width, ellipsis: ellipsis)
    }

    /// The index after the first `::` outside template brackets, if any.
    static func firstQualifierEnd(_ s: Substring) -> Substring.Index? {
        var depth = 0
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "<" { depth += 1 } else if c == ">" { depth = max(depth - 1, 0) } else if c == "(" && depth == 0 {
                return nil
            } else if c == ":", depth == 0 {
                let n = s.index(after: i)
                if n < s.endIndex, s[n] == ":" {
                    let after = s.index(after: n)
                    return after < s.endIndex ? after : nil
                }
            }
            i = s.index(after: i)
        }
        return nil
    }
}
