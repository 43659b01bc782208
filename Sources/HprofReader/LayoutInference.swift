import HeapGraph

/// Reads the JVM's object layout off the dump itself. HotSpot and ART dump object addresses as ids, and a heap is
/// dense: sorted by address, the distance from one object to the next is the object's size, except where the next
/// object is not in the dump (a filler, a skipped archived object, the end of a region), where it is larger. Never
/// smaller, so for a class the smallest distance seen after any of its instances is its size — including fields the
/// JVM injects (`Class`, `MemberName`, `Module`, …) and `@Contended` padding (`Thread`), which no CLASS_DUMP lists.
///
/// From one pass over the nodes in address order:
/// - alignment: the lowest set bit over all addresses (8 unless `-XX:ObjectAlignmentInBytes`);
/// - array base offsets and reference size: each candidate base offset (and reference size, for object arrays) is
///   scored by how many arrays of varied lengths it sizes exactly, rejecting any candidate that would make an array
///   overlap its neighbour;
/// - header size: the candidate whose header-plus-fields sizes agree with the most measured classes;
/// - per class: the smallest distance, trusted when it is within one alignment step of the field layout plus what the
///   nearest measured superclass adds, or when at least three instances and most of them show it; other classes get
///   the field layout plus that superclass addition;
/// - class mirrors: the `java.lang.Class` instance plus the statics as HotSpot lays them out, or the measured distance
///   where that is smaller and still holds the fields.
/// When the ids do not behave like addresses of a dense heap (hand-made or renumbered dumps), nothing is inferred and
/// the conventional layout stands.
struct LayoutInference {
    var sizes: ShallowSizeModel
    /// Per class index: the instance size to use (measured or modelled); 0 for classes with no CLASS_DUMP.
    var instanceSizes: [Int]
    /// Per CLASS_DUMP: the measured mirror size, 0 where the model is used.
    var mirrorSizes: [Int]
    var classInstanceSize: Int?
    var inferred = false
    /// Classes with instances, sized from addresses / from the field layout.
    var classesFromAddresses = 0
    var classesFromFields = 0
    var arraysMeasured = 0
    var arraysExact = 0
    var note = ""

    static let baseCandidates = [8, 12, 16, 20, 24, 28, 32]
    /// Arrays that must have a measurable neighbour before the addresses are believed.
    static let minimumArrays = 32
    /// Array families: 1-, 2-, 4-, 8-byte primitives, references of 4 bytes, references of 8 bytes.
    static let families = 6

    init(ids: Column<UInt64>, classOf: Column<UInt32>, raw: Column<UInt32>,
         lookup: IDLookup, model: ClassModel, fallback: ShallowSizeModel) {
        sizes = fallback
        instanceSizes = []
        mirrorSizes = []
        let n = ids.count - 1
        guard !fallback.trustsClassDumpSizes else {
            note = "instance sizes from the dump (GraalVM)"
            return
        }
        guard n >= 2 else { note = "too few objects to measure"; return }

        // Alignment: the lowest address bit any object uses.
        let bits = LayoutInference.addressBits(ids)
        let alignment = bits == 0 ? 8 : max(8, min(256, 1 << bits.trailingZeroBitCount))
        let mask = alignment - 1

        let gaps = Gaps(ids: ids, classOf: classOf, raw: raw, lookup: lookup, model: model, mask: mask)
        let arrays = ArrayLayout(gaps, idSize: fallback.idSize)
        let header = LayoutInference.bestHeader(gaps, arrays: arrays, model: model, mask: mask, idSize: fallback.idSize)
        let instancesAgree = header.best.map { $0.agree * 3 >= header.measuredClasses } ?? false
        guard arrays.valid, instancesAgree, let layout = header.best else {
            note = "object ids do not look like the addresses of a dense heap"
            return
        }
        inferred = true
        var model2 = fallback
        model2.alignment = alignment
        model2.headerSize = layout.header
        model2.referenceSize = layout.ref
        model2.compressedOops = fallback.idSize == 8 && layout.ref == 4
        // Offsets no array measured: HotSpot's rule from the header (length after it, 8-byte elements 8-aligned).
        let base = arrays.small ?? (layout.header + 4)
        let defaults = [base, base, base, (base + 7) & ~7, layout.ref == 8 ? (base + 7) & ~7 : base]
        model2.arrayBase = (0..<ShallowSizeModel.ArrayKind.count).map { arrays.bases[$0] ?? defaults[$0] }
        sizes = model2
        arraysMeasured = arrays.measured
        arraysExact = arrays.exact
        sizeClasses(gaps, model: model, header: layout.header, ref: layout.ref, alignment: alignment)
        sizeMirrors(gaps, model: model, header: layout.header, ref: layout.ref, mask: mask)
    }

    /// Instance size of class `c` from its fields under a candidate header and reference size.
    private static func fieldSize(_ c: Int, _ model: ClassModel, header: Int, ref: Int, mask: Int) -> Int {
        (header + Int(model.primitiveFieldBytes[c]) + Int(model.referenceFieldCount[c]) * ref + mask) & ~mask
    }

    /// Header and reference size from the classes: the candidate the measured instances agree with most.
    /// The header is what precedes an array's length: elements start 4 bytes after it, or 8 when the JVM (JDK ≤ 21)
    /// aligned every array base to 8. With 4-byte ids the header may also be 0: ART dumps list it as fields of
    /// java.lang.Object. Among those, the header the measured classes agree with most; ties go to the first.
    private static func bestHeader(_ gaps: Gaps, arrays: ArrayLayout, model: ClassModel, mask: Int, idSize: Int)
        -> (best: (header: Int, ref: Int, agree: Int, below: Int)?, measuredClasses: Int) {
        var measuredClasses: [Int] = []
        for c in 0..<model.recordCount where gaps.minGap[c] != .max { measuredClasses.append(c) }
        var headers: [Int] = arrays.small.map { $0 % 8 == 0 ? [$0 - 4, $0 - 8] : [$0 - 4] }
            ?? (idSize == 4 ? [8] : [12, 16, 8])
        if idSize == 4 { headers.append(0) }
        headers = headers.filter { $0 >= 0 && (idSize == 4 ? $0 <= 8 : $0 >= 8) }
        var bestHeader: (header: Int, ref: Int, agree: Int, below: Int)?
        for ref in (idSize == 4 ? [4] : [4, 8]) where arrays.referenceSize == nil || ref == arrays.referenceSize {
            for header in headers {
                var agree = 0
                var below = 0
                for c in measuredClasses {
                    let f = fieldSize(c, model, header: header, ref: ref, mask: mask)
                    if gaps.minGap[c] == f { agree += 1 } else if gaps.minGap[c] < f { below += 1 }
                }
                // Objects never overlap: a candidate that puts fields past the next object is out.
                guard below * 100 <= measuredClasses.count else { continue }
                if agree > bestHeader?.agree ?? -1 { bestHeader = (header, ref, agree, below) }
            }
        }
        return (bestHeader, measuredClasses.count)
    }

    /// Per class, superclasses first: measured size, or the field layout plus what the nearest measured
    /// superclass adds to its own field layout (injected fields, @Contended padding).
    ///
    /// The classes HotSpot injects fields into are often not measured themselves (`ClassLoader` and
    /// `BuiltinClassLoader` have no instances of their own), and a lone subclass behind a dead object cannot be
    /// measured either (JDK 17's one `PlatformClassLoader` under ZGC). So a second pass lends each unmeasured class
    /// of an injected line the least that its measured subclasses add (`AppClassLoader`'s 8 bytes of `loader_data`),
    /// and its other subclasses inherit that.
    private mutating func sizeClasses(_ gaps: Gaps, model: ClassModel, header: Int, ref: Int, alignment: Int) {
        let records = model.recordCount
        let depth = LayoutInference.depths(model.superIndex, records: records)
        let order = (0..<records).sorted(by: { depth[$0] < depth[$1] })
        var first = sizeClassesOnce(order, gaps, model: model, header: header, ref: ref, alignment: alignment, lent: [:])
        var lent: [Int: Int] = [:]
        for d in order where first.trusted[d] && first.injectedLine[d] {
            // Up through the unmeasured superclasses of the line; a damaged dump's cycle or depth ends the climb.
            var s = Int(model.superIndex[d])
            var steps = 0
            while s >= 0 && s < records && !first.trusted[s] && first.injectedLine[s] && steps < 64 {
                lent[s] = min(lent[s] ?? .max, first.added[d])
                s = Int(model.superIndex[s])
                steps += 1
            }
        }
        if !lent.isEmpty {
            first = sizeClassesOnce(order, gaps, model: model, header: header, ref: ref, alignment: alignment, lent: lent)
        }
        instanceSizes = first.sizes
        classesFromAddresses = first.fromAddresses
        classesFromFields = first.fromFields
    }

    private struct ClassSizing {
        var sizes: [Int]
        var added: [Int]
        var trusted: [Bool]
        var injectedLine: [Bool]
        var fromAddresses = 0
        var fromFields = 0
    }

    /// One pass over the classes, superclasses first. `lent`: bytes an unmeasured class adds, learnt from its
    /// measured subclasses.
    private func sizeClassesOnce(_ order: [Int], _ gaps: Gaps, model: ClassModel, header: Int, ref: Int,
                                 alignment: Int, lent: [Int: Int]) -> ClassSizing {
        var out = ClassSizing(sizes: [Int](repeating: 0, count: model.count),
                              added: [Int](repeating: 0, count: model.count),
                              trusted: [Bool](repeating: false, count: model.count),
                              injectedLine: [Bool](repeating: false, count: model.count))
        for c in order {
            let s = Int(model.superIndex[c])
            let inherited = s >= 0 ? out.added[s] : 0
            let field = LayoutInference.fieldSize(c, model, header: header, ref: ref, mask: alignment - 1)
            let gap = gaps.minGap[c]
            // A smallest distance beyond what the superclass explains must be small (an injected field; at 32-byte
            // alignment and up, more than 8 bytes only in the classes the VM injects fields into and their
            // subclasses, as one such step could as well be a dead object), or seen on at least three instances and
            // most of them where it looks like @Contended padding (whole 128-byte pads: Thread) or the class is one
            // the VM injects fields into (Class), or on any instance of a JDK class known to use @Contended (a single
            // ForkJoinPool). A dead object that a full GC (or ZGC and Shenandoah, which leave regions of mostly live
            // objects in place) left after the few instances of a class must not make it bigger.
            let unexplained = gap == .max ? 0 : gap - field - inherited
            let injected = LayoutInference.injectedClasses.contains(model.names[c]) || (s >= 0 && out.injectedLine[s])
            out.injectedLine[c] = injected
            let many = gaps.minCount[c] >= 3 && Int(gaps.minCount[c]) * 2 >= Int(gaps.instances[c])
            let padded = LayoutInference.looksLikeContendedPadding(unexplained, alignment: alignment)
            let explained = (unexplained <= alignment && (unexplained <= 8 || alignment <= 16 || injected))
                || (many && (padded || injected))
                || (padded && LayoutInference.contendedClasses.contains(model.names[c]))
            let trusted = gap != .max && gap >= field && explained
            out.trusted[c] = trusted
            if trusted {
                out.sizes[c] = gap
                out.added[c] = gap - field
                if gaps.instances[c] > 0 { out.fromAddresses += 1 }
            } else {
                out.added[c] = max(inherited, lent[c] ?? 0)
                out.sizes[c] = field + out.added[c]
                if gaps.instances[c] > 0 { out.fromFields += 1 }
            }
        }
        return out
    }

    /// HotSpot pads each `@Contended` group with `ContendedPaddingWidth` (128) bytes before it and 128 after the
    /// last: whole pads, plus at most one alignment step from where the group's fields start. (Shenandoah left a
    /// dead 144-byte object after each of 300 javac lambdas: 128 + 16 must not pass at 8-byte alignment.)
    static func looksLikeContendedPadding(_ bytes: Int, alignment: Int) -> Bool {
        bytes >= 128 && bytes <= 4 * 128 + alignment && bytes % 128 <= alignment
    }

    /// Only the JDK's own classes get `@Contended` padding (`-XX:+RestrictContended`, the default): those that use
    /// it in JDK 17-25, trusted even on a single instance (a program usually has one ForkJoinPool).
    static let contendedClasses: Set<String> = [
        "java.lang.Thread", "java.util.concurrent.ForkJoinPool", "java.util.concurrent.ForkJoinPool$WorkQueue",
        "java.util.concurrent.atomic.Striped64$Cell", "java.util.concurrent.ConcurrentHashMap$CounterCell",
        "java.util.concurrent.Exchanger$Node", "java.util.concurrent.SubmissionPublisher$BufferedSubscription",
    ]

    /// Classes HotSpot injects more than one alignment step of fields into (javaClasses.hpp's injected fields).
    static let injectedClasses: Set<String> = [
        "java.lang.Class", "java.lang.ClassLoader", "java.lang.Module", "java.lang.Thread", "java.lang.StackFrameInfo",
        "java.lang.ClassFrameInfo", "java.lang.Throwable",
        "java.lang.invoke.MemberName", "java.lang.invoke.ResolvedMethodName",
        "java.lang.invoke.MethodHandleNatives$CallSiteContext", "jdk.internal.vm.StackChunk",
    ]

    /// Depth of each class in its hierarchy. Depths memoized (-1 unknown, -2 on the current walk): each class is
    /// reached once, so a hierarchy 50,000 levels deep costs 50,000 steps, not 50,000² / 2; a cycle in a damaged dump
    /// counts from where it closes.
    private static func depths(_ superIndex: [Int32], records: Int) -> [Int] {
        var depth = [Int](repeating: -1, count: records)
        var walk: [Int] = []
        for k in 0..<records where depth[k] == -1 {
            var c = k
            var known = -1
            while c >= 0 && c < records {
                if depth[c] >= 0 { known = depth[c]; break }
                if depth[c] == -2 { break }
                depth[c] = -2
                walk.append(c)
                c = Int(superIndex[c])
            }
            for w in walk.reversed() {
                known += 1
                depth[w] = known
            }
            walk.removeAll(keepingCapacity: true)
        }
        return depth
    }

    /// Class mirrors. The java.lang.Class instance: the smallest mirror of a class without statics (array classes,
    /// interfaces), seen at least twice; else the measured primitive mirrors (`int.class` …).
    private mutating func sizeMirrors(_ gaps: Gaps, model: ClassModel, header: Int, ref: Int, mask: Int) {
        let records = model.recordCount
        let mirrorGap = gaps.mirrorGap
        var bare = Int.max
        var bareCount = 0
        for k in 0..<records where mirrorGap[k] > 0 && model.staticFieldSizes[k].isEmpty {
            if mirrorGap[k] < bare { bare = mirrorGap[k]; bareCount = 1 } else if mirrorGap[k] == bare { bareCount += 1 }
        }
        let classIndex = Int(model.javaLangClass)
        if bareCount >= 2 {
            classInstanceSize = bare
        } else if classIndex < records, gaps.minGap[classIndex] != .max {
            classInstanceSize = instanceSizes[classIndex]
        }
        let mirror = classInstanceSize ?? (classIndex < records ? instanceSizes[classIndex] : header)
        var mirrorsOut = [Int](repeating: 0, count: records)
        for k in 0..<records where mirrorGap[k] > 0 {
            let statics = model.staticFieldSizes[k]
            let modelled = ClassModel.mirrorSize(classInstance: mirror, statics: statics, sizes: sizes)
            let least = (mirror + statics.reduce(0) { $0 + ($1 == 0 ? ref : Int($1)) } + mask) & ~mask
            if mirrorGap[k] >= least && mirrorGap[k] <= modelled { mirrorsOut[k] = mirrorGap[k] }
        }
        mirrorSizes = mirrorsOut
    }

    /// What `summary.facts` says about the layout.
    var facts: [(key: String, value: String)] {
        guard inferred else { return [("layout", "conventional HotSpot layout (\(note))")] }
        let b = sizes.arrayBase
        return [
            ("layout", "measured from object addresses"),
            ("headerBytes", "\(sizes.headerSize)"),
            ("referenceBytes", "\(sizes.referenceSize)"),
            ("arrayBaseOffsets", "byte \(b[0]), short/char \(b[1]), int/float \(b[2]), long/double \(b[3]), references \(b[4])"),
            ("objectAlignment", "\(sizes.alignment)"),
            ("classesSizedFromAddresses", "\(classesFromAddresses)"),
            ("classesSizedFromFields", "\(classesFromFields)"),
            ("arraysSizedExactly", "\(arraysExact) of \(arraysMeasured) measured"),
        ]
    }
}
