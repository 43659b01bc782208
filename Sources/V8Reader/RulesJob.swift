import Dispatch
import DumpProgress
import HeapGraph

/// What the DevTools rules found: the edge facts and roots (worker 1), each node's class (worker 2).
struct RulesOutcome {
    var facts: EdgeFacts
    var roots: [GCRoot]
    var classOf: ContiguousArray<UInt32>
    var classes: ClassTable
    var edgeSeconds: Double
    var namingSeconds: Double
}

/// Runs class naming next to the edge rules and shallow-size re-attribution. They share the parsed arrays; the
/// edge rules change only `edgeTargets` (weak bits) and the sizes, which naming does not read.
enum RulesJob {
    /// Applies the rules to `raw` in place. `raw` is moved into a lock box for the edge worker (so that its arrays
    /// stay uniquely referenced and change in place) and handed back when both workers are done.
    static func run(_ raw: inout RawSnapshot) -> RulesOutcome {
        let naming = NamingInput(meta: raw.meta, types: raw.types, names: raw.names, outStart: raw.outStart,
                                 edgeTypes: raw.edgeTypes, edgeNames: raw.edgeNames, strings: raw.strings,
                                 storage: raw.storage)
        let box = Locked(raw)
        raw = raw.emptied()
        let edgeSide = Locked<(facts: EdgeFacts, roots: [GCRoot], seconds: Double)?>(nil)
        let namingSide = Locked<(classOf: ContiguousArray<UInt32>, classes: ClassTable, seconds: Double)?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            let t0 = PhaseClock.now()
            if worker == 0 {
                let (facts, roots) = box.withLock { raw in
                    let pageFlags = DevToolsRules.markPageOwned(raw)
                    let weakMap = DevToolsRules.weakMapEdgeNames(raw.strings)
                    let (facts, roots) = DevToolsRules.classifyEdges(&raw, pageFlags: pageFlags, weakMap: weakMap)
                    if facts.hasUserRoots { DevToolsRules.reattributeShallowSizes(&raw) }
                    return (facts, roots)
                }
                let seconds = PhaseClock.now() - t0
                edgeSide.withLock { $0 = (facts, roots, seconds) }
            } else {
                let (classOf, classes) = ClassNaming.assign(naming)
                let seconds = PhaseClock.now() - t0
                namingSide.withLock { $0 = (classOf, classes, seconds) }
            }
        }
        raw = box.withLock { boxed in
            let taken = boxed
            boxed = boxed.emptied()
            return taken
        }
        // concurrentPerform returns after both iterations ran, so both sides are set.
        guard let edges = edgeSide.withLock({ $0.take() }), let named = namingSide.withLock({ $0.take() }) else {
            preconditionFailure("a rules worker did not run")
        }
        return RulesOutcome(facts: edges.facts, roots: edges.roots, classOf: named.classOf, classes: named.classes,
                            edgeSeconds: edges.seconds, namingSeconds: named.seconds)
    }
}

extension RawSnapshot {
    /// The same snapshot with no arrays (meta and strings kept): what a phase leaves behind after moving the arrays
    /// on, so that they stay uniquely referenced.
    func emptied() -> RawSnapshot {
        RawSnapshot(meta: meta, types: [], names: [], ids: [], shallow: [], large: [:], outStart: [],
                    edgeTargets: [], edgeTypes: [], edgeNames: [], nodeCheckpoints: [], edgeCheckpoints: [],
                    strings: strings, warnings: [], root: 0, storage: storage)
    }
}
