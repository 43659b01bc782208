import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import DumpProgress
import HeapAnalysis
import HeapGraph

/// `i` on a histogram row (or on a dominator-tree row's class): the objects that directly keep the class's instances
/// alive, grouped by their class (MAT's "Immediate Dominators"). The chain above an instance passes over the class's
/// own instances and, by default, over JDK classes (`java.`, `javax.`, `jdk.`, `sun.`, `com.sun.`: MAT's default skip
/// pattern), so the rows name the application object that holds the collection; `i` here shows every dominator
/// class instead. Enter lists a row's dominators. Classes with many instances are computed off the UI thread.
package final class ImmediateDominatorsPage: ListPage, Page {
    package let classIndex: UInt32
    let model: ExplorerModel
    package private(set) var skipJDK = true
    private var job: Locked<ImmediateDominators?>
    private var started = PhaseClock.now()
    /// Instances at or above this are computed in the background (some 20 ms on the 2 GB benchmark dump's box).
    static let backgroundFrom = 200_000

    package init(classIndex: UInt32, model: ExplorerModel) {
        self.classIndex = classIndex
        self.model = model
        job = Locked(nil)
        super.init()
        start()
    }

    func start() {
        started = PhaseClock.now()
        let job = Locked<ImmediateDominators?>(nil)
        self.job = job
        let cls = classIndex, index = model.index
        let skip = skipJDK ? model.graph.classes.names.map(ImmediateDominators.isJDKClass) : nil
        let count = index.histogram.rows.first { $0.classIndex == cls }?.count ?? 0
        // The instances: a slice of the per-class lists once they are built, else a scan of every node's class.
        let byClass = model.orders?.classInstances
        if count < Self.backgroundFrom {
            let instances = byClass.map { ContiguousArray($0.instances(of: cls)) } ?? model.instances(of: classIndex)
            job.withLock { $0 = ImmediateDominators(class: cls, instances: instances, in: index, skip: skip) }
        } else {
            // Off the UI thread, the scan for the instances too.
            DispatchQueue.global(qos: .userInitiated).async {
                let instances = byClass?.instances(of: cls) ?? ArraySlice(ImmediateDominatorsPage.scan(cls, index.graph))
                let r = ImmediateDominators(class: cls, instances: instances, in: index, skip: skip)
                job.withLock { $0 = r }
            }
        }
        list = ListState(count: 0)
    }

    /// The nodes of class `cls`, by a scan of every node's class.
    static func scan(_ cls: UInt32, _ graph: HeapGraph) -> ContiguousArray<UInt32> {
        var instances = ContiguousArray<UInt32>()
        graph.classOf.withUnsafeBufferPointer { c in
            for v in 1..<max(c.count, 1) where c[v] == cls { instances.append(UInt32(v)) }
        }
        return instances
    }

    /// The result, nil while it is computed.
    package var result: ImmediateDominators? {
        let r = job.withLock { $0 }
        if let r, list.count != r.rows.count { list.count = r.rows.count }
        return r
    }

    /// Blocks until the result is there (tests).
    package func waitUntilReady() -> ImmediateDominators {
        while true {
            if let r = result { return r }
            usleep(2000)
        }
    }

    var selected: ImmediateDominators.Row? {
        guard let r = result, list.selected < r.rows.count else { return nil }
        return r.rows[list.selected]
    }

    func rowName(_ row: ImmediateDominators.Row) -> String {
        row.classIndex.map { (row.statics ? "class " : "") + model.graph.classes[$0] } ?? "<GC roots: no single object>"
    }

    // MARK: Page

    package var title: String { "Immediate dominators" }
    package var crumbs: [String] { [model.graph.classes[classIndex]] }
    package var searchKind: SearchKind { .find }
    package var position: String? { result == nil ? nil : list.position }
    package var selectionRetained: UInt64? { selected.flatMap { $0.classIndex == nil ? nil : $0.retained } }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "dominators"), KeyHelp("i", skipJDK ? "show JDK" : "skip JDK"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l", "list the selected row's dominators, biggest retained first"),
         KeyHelp("i", "skip JDK dominators (java., javax., jdk., sun., com.sun.: MAT's default) or show them all"),
         KeyHelp("/  n N", "find a dominator class"),
         KeyHelp("Objects", "distinct dominators of that class; Shallow, Retained: theirs (each object once)"),
         KeyHelp("Dominated", "instances they keep alive directly; Dom. ret.: what those instances retain together"),
         KeyHelp("GC roots", "instances no single object keeps alive (only the roots dominate them)")]
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let r = result else {
            return "computing the immediate dominators (" + Format.duration(PhaseClock.now() - started) + ")"
                + ctx.glyphs.ellipsis
        }
        guard let row = selected else { return nil }
        let name = model.graph.classes[r.classIndex]
        guard row.classIndex != nil else {
            return Format.plural(row.dominated, "instance") + " of " + name + " dominated only by the GC roots"
                + ctx.glyphs.dot + "retaining " + Format.bytes(row.dominatedRetained)
        }
        return Format.plural(row.dominated, "instance") + " of " + name + " kept alive by "
            + Format.plural(row.dominators.count, "object") + " of " + rowName(row) + ctx.glyphs.dot + "the instances retain "
            + Format.bytes(row.dominatedRetained) + ", their dominators " + Format.bytes(row.retained)
    }

    override package func preamble(_ canvas: Canvas, _ ctx: PageContext) -> Int {
        let name = model.graph.classes[classIndex]
        var text = "Who keeps " + name + " alive directly"
        if let r = result { text += ": " + Format.plural(r.instances, "reachable instance") }
        text += ctx.glyphs.dot + (skipJDK ? "JDK classes skipped (i: show them)" : "every class shown (i: skip JDK)")
        canvas.put(" " + Format.clipRight(text, width: canvas.width - 2, ellipsis: ctx.glyphs.ellipsis), x: 0, y: 0,
                   role: .section)
        return 1
    }

    override package var rowCount: Int { result?.rows.count ?? 0 }

    static let objectsEnd = 8, shallowEnd = 18, retainedEnd = 28, dominatedEnd = 38, dominatedRetainedEnd = 48
    static let nameStart = 50

    override package func heading(_ width: Int, _ ctx: PageContext) -> String? {
        Format.padLeft("Objects", Self.objectsEnd) + Format.padLeft("Shallow", Self.shallowEnd - Self.objectsEnd)
            + Format.padLeft("Retained", Self.retainedEnd - Self.shallowEnd)
            + Format.padLeft("Dominated", Self.dominatedEnd - Self.retainedEnd)
            + Format.padLeft("Dom. ret.", Self.dominatedRetainedEnd - Self.dominatedEnd) + "  Dominator class"
    }

    override package func drawRow(_ i: Int, _ p: RowPainter, _ ctx: PageContext) {
        guard let r = result, i < r.rows.count else { return }
        let row = r.rows[i]
        if row.classIndex != nil {
            p.putRight(Format.count(row.dominators.count), right: Self.objectsEnd, role: .normal)
            p.putRight(Format.bytes(row.shallow), right: Self.shallowEnd, role: .normal)
            p.putRight(Format.bytes(row.retained), right: Self.retainedEnd, role: .size)
        }
        p.putRight(Format.count(row.dominated), right: Self.dominatedEnd, role: .normal)
        p.putRight(Format.bytes(row.dominatedRetained), right: Self.dominatedRetainedEnd, role: .size)
        if row.classIndex == nil {
            p.put(rowName(row), x: Self.nameStart, role: .gcRoot, limit: p.canvas.width)
        } else {
            p.putClassName(rowName(row), x: Self.nameStart, limit: p.canvas.width, glyphs: ctx.glyphs)
        }
    }

    override package func searchText(_ i: Int, _ ctx: PageContext) -> String {
        guard let r = result, i < r.rows.count else { return "" }
        return rowName(r.rows[i])
    }

    package func render(_ canvas: Canvas, _ ctx: PageContext) {
        _ = result
        renderList(canvas, ctx)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if navigate(key) { return .handled }
        switch key {
        case .char("i"):
            skipJDK.toggle()
            start()
            return .message(skipJDK ? "JDK dominators skipped: rows name the objects holding the JDK collections"
                                     : "every dominator class shown, the JDK's included")
        case .enter, .right, .char("l"):
            guard let row = selected else { return .handled }
            guard row.classIndex != nil else {
                return .message("only the GC roots keep these alive: M on the histogram merges their paths")
            }
            return .push(DominatorObjectsPage(row: row, name: rowName(row), of: model.graph.classes[classIndex],
                                              model: model))
        default:
            return .unhandled
        }
    }
}

/// The objects of one immediate-dominators row (Enter on it), biggest retained first.
package final class DominatorObjectsPage: ObjectListPage, Page {
    let all: [UInt32]
    let name: String
    let dominatedName: String

    init(row: ImmediateDominators.Row, name: String, of dominated: String, model: ExplorerModel) {
        all = row.dominators
        self.name = name
        dominatedName = dominated
        super.init(model: model, noun: "dominators")
        load()
    }

    override func load() { show(all) }

    package var title: String { name }
    package var crumbs: [String] { ["dominating " + dominatedName] }
    package var hints: [KeyHelp] {
        [KeyHelp("⏎", "object"), KeyHelp("p", "paths"), KeyHelp("d", "in tree"), KeyHelp("q", "back")]
    }
    package var keyHelp: [KeyHelp] {
        [KeyHelp("Enter → l o", "open the selected object"),
         KeyHelp("p", "shortest paths from GC roots to the selected object"),
         KeyHelp("d", "show the selected object in the dominator tree (what it keeps alive)"),
         KeyHelp("/  n N", "find an id or value among the listed objects")] + distanceSortHelp
    }

    package func detailLine(_ ctx: PageContext) -> String? {
        guard let n = selectedNode else { return "\(Format.count(hidden)) more dominators not listed yet" }
        return ObjectPage.summary(n, model, ctx.glyphs)
    }

    package func handle(_ key: Key, _ ctx: PageContext) -> PageAction {
        if let action = handleObjectKey(key) { return action }
        if key == .char("c") { return CollectionPage.open(selectedNode, model) }
        return .unhandled
    }
}

extension ImmediateDominatorsPage {
    /// The screen for `cls`, or why there is none (HANA's allocators have no instances).
    static func open(_ cls: UInt32, _ model: ExplorerModel) -> PageAction {
        guard model.grouping == .class, model.words.countsMeaningful else {
            return .message("no classes with instances in this dump: i needs objects")
        }
        return .push(ImmediateDominatorsPage(classIndex: cls, model: model))
    }
}

extension DominatorPage {
    /// The class of the selected object, or of the selected group when grouped.
    var selectedClass: UInt32? {
        if let n = selectedNode { return model.graph.classOf[Int(n)] }
        if case .group(let g)? = groupRow { return current.groups?.groups[g].classIndex }
        return nil
    }
}
