import HeapGraph

/// What the `i` screen, its export and `hdx immediate-dominators` show of an `ImmediateDominators` result: row names
/// and the computation for one class, so the three cannot drift apart.
extension ImmediateDominators {
    /// The row's name: the dominators' class, `class NAME` for a class object (its statics), or the GC-roots row.
    public static func rowName(_ row: Row, classes: ClassTable) -> String {
        row.classIndex.map { (row.statics ? "class " : "") + classes[$0] } ?? "<GC roots: no single object>"
    }

    /// The query for `cls` over all its instances (a scan of every node's class); `all`: no class skipped, else
    /// JDK classes are passed over (MAT's default, the screen's start).
    public static func of(class cls: UInt32, in index: HeapIndex, all: Bool) -> ImmediateDominators {
        let skip = all ? nil : index.graph.classes.names.map(isJDKClass)
        var instances = ContiguousArray<UInt32>()
        index.graph.classOf.withUnsafeBufferPointer { c in
            for v in 1..<c.count where c[v] == cls { instances.append(UInt32(v)) }
        }
        return ImmediateDominators(class: cls, instances: instances, in: index, skip: skip)
    }
}
