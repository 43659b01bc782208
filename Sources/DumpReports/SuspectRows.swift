import DumpKit
import HeapAnalysis
import HeapGraph
import HprofReader

/// The leak suspects of `report` as rows: names, percentages, static fields, the way in and the description text.
struct SuspectRows {
    let dump: LoadedDump
    let index: HeapIndex
    let total: UInt64
    /// The class (source form) each class object stands for.
    let classOfClassObject: [UInt32: String]
    let classObjects: Set<UInt32>

    init(dump: LoadedDump) {
        self.dump = dump
        index = dump.index
        total = index.reachableBytes
        var names: [UInt32: String] = [:]
        for (k, c) in index.graph.classes.classObjects.enumerated() {
            if let c { names[c] = index.graph.classes.names[k] }
        }
        classOfClassObject = names
        classObjects = StaticHoldings.classObjects(index.graph)
    }

    func rows(options: DumpReport.Options) -> [DumpReport.Suspect] {
        LeakSuspects.find(in: index, threshold: options.threshold, bigDropRatio: options.bigDropRatio,
                          paths: { dump.pathsFromRoots(to: $0, max: 1).first ?? [] })
            .map(row)
    }

    func pct(_ v: UInt64) -> Double { total == 0 ? 0 : (Double(v) / Double(total) * 1000).rounded() / 10 }

    func node(_ n: UInt32) -> DumpReport.Suspect.Node {
        DumpReport.Suspect.Node(id: index.details.idString(n), class: index.details.displayClassName(n),
                                retained: index.tree.retained[Int(n)], percent: pct(index.tree.retained[Int(n)]))
    }

    func statics(_ list: [StaticHolding]) -> [DumpReport.StaticField]? {
        list.isEmpty ? nil : list.map { h in
            DumpReport.StaticField(
                declaringClass: classOfClassObject[h.classObject] ?? index.details.displayClassName(h.classObject),
                field: h.field, classId: index.details.idString(h.classObject),
                id: index.details.idString(h.target), class: index.details.displayClassName(h.target),
                retained: h.retained, percent: pct(h.retained))
        }
    }

    func staticsText(_ fields: [DumpReport.StaticField]?) -> String {
        guard let fields else { return "" }
        return " Held in static fields: " + fields.prefix(3).map {
            "\($0.declaringClass).\($0.field) (\(ByteCount.format($0.retained)))"
        }.joined(separator: ", ") + (fields.count > 3 ? " and \(fields.count - 3) more" : "") + "."
    }

    func row(_ s: LeakSuspect) -> DumpReport.Suspect {
        let acc = node(s.accumulationPoint)
        let fields = statics(s.statics)
        var out: DumpReport.Suspect
        switch s.kind {
        case .object(let n):
            var me = node(n)
            // A class object is named as the class it is, not as "one instance of class X".
            let classObject = classOfClassObject[n]
            if let classObject { me.class = "class " + classObject }
            let jvmInternal = dump.extras(HprofDump.self)?.archivedRootsArrays.contains(n) == true
                ? " It is HotSpot's CDS archived-heap roots array (class data sharing): JVM-internal, not application data."
                : ""
            let where_ = n == s.accumulationPoint ? ""
                : " The memory is accumulated in one instance of \(acc.class) (\(acc.id)), which retains \(ByteCount.format(acc.retained))."
            out = DumpReport.Suspect(
                id: me.id, class: me.class, retained: s.retained, percent: pct(s.retained),
                kind: "object", instances: 1, accumulationPoint: acc, biggestInstances: nil,
                path: PathStep.make(s.path, index: index),
                description: "\(classObject == nil ? "One instance of \(me.class)" : "The class \(classObject ?? "")") (\(me.id)) retains \(ByteCount.format(s.retained)) (\(pct(s.retained))% of the reachable heap).\(jvmInternal)\(where_)\(staticsText(fields))",
                within: s.parent.map { index.details.idString($0) }, staticFields: fields)
        case .classGroup(let c, let instances):
            let name = index.graph.classes[c]
            let description = fields == nil
                ? "\(instances.count)+ top-level instances of \(name) retain \(ByteCount.format(s.retained)) (\(pct(s.retained))% of the reachable heap) together; the biggest is \(acc.id)."
                : "\(instances.count)+ classes (top-level \(name) objects) retain \(ByteCount.format(s.retained)) (\(pct(s.retained))% of the reachable heap) together, through their static fields.\(staticsText(fields))"
            out = DumpReport.Suspect(
                id: acc.id, class: name, retained: s.retained, percent: pct(s.retained),
                kind: "class", instances: instances.count, accumulationPoint: acc,
                biggestInstances: instances.map(node),
                path: PathStep.make(s.path, index: index),
                description: description, within: nil, staticFields: fields)
        }
        if !s.wayIn.isEmpty {
            out.wayIn = PathStep.make(s.wayIn, index: index)
            out.wayInText = WayInText.text(s.wayIn, index: index)
        }
        out.accumulationPaths = accumulationPaths(to: s.accumulationPoint, classObjects: classObjects)
        return out
    }
}
