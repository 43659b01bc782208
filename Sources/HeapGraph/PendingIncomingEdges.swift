import Dispatch
import DumpProgress

/// A graph's incoming edges (`HeapGraph.inStart`, `inEdges`), built when first needed rather than when the graph is
/// made. The dominator step asks for them to be built on the second core while its DFS, which reads only the
/// outgoing edges, runs on the first (`startInBackground`, one core: the other one is busy); the semidominator step,
/// the first reader, then finds them built or waits for the rest. Any other first read builds them on the spot, on
/// both cores, as `HeapGraph.init` did. A graph whose incoming edges nobody reads never builds them.
final class PendingIncomingEdges: @unchecked Sendable {
    // @unchecked: `state` is read and written under its lock; `done` is entered under that lock by the one builder
    // and left when the columns are in `state`.
    typealias Built = (start: Column<UInt32>, edges: Column<UInt32>)

    struct Inputs {
        let nodeCount: Int
        let outStart: Column<UInt32>
        let outEdges: Column<UInt32>
        let rootNodes: ContiguousArray<UInt32>
        let storage: ArrayStorage
    }

    private enum State {
        case waiting(Inputs)
        case building
        case built(Built)
    }

    private enum Claim {
        case have(Built)
        case build(Inputs)
        case wait
    }

    private let state: Locked<State>
    private let done = DispatchGroup()

    init(_ inputs: Inputs) { state = Locked(.waiting(inputs)) }

    /// Already built (a restored graph).
    init(built: Built) { state = Locked(.built(built)) }

    /// The columns, built here on both cores if nobody started them, or waited for if somebody did.
    var value: Built {
        switch claim() {
        case .have(let built): return built
        case .build(let inputs): return finish(inputs, oneCore: false)
        case .wait:
            done.wait()
            return self.value   // built now
        }
    }

    /// Starts building on another thread, on one core, unless that began already.
    func startInBackground() {
        guard case .build(let inputs) = claim() else { return }
        let job = SendableInputs(inputs: inputs)
        DispatchQueue.global().async { _ = self.finish(job.inputs, oneCore: true) }
    }

    /// Builds them here, on one core (the other one is busy), unless that began already; returns when they exist.
    func buildOnThisThread() {
        guard case .build(let inputs) = claim() else { _ = value; return }
        _ = finish(inputs, oneCore: true)
    }

    private func claim() -> Claim {
        state.withLock { s in
            switch s {
            case .built(let built): return .have(built)
            case .building: return .wait
            case .waiting(let inputs):
                s = .building
                done.enter()
                return .build(inputs)
            }
        }
    }

    private func finish(_ i: Inputs, oneCore: Bool) -> Built {
        let (start, edges) = IncomingEdges.build(nodeCount: i.nodeCount, outStart: i.outStart, outEdges: i.outEdges,
                                                 rootNodes: i.rootNodes, storage: i.storage, oneCore: oneCore)
        let built = (start: start.column, edges: edges.column)
        state.withLock { $0 = .built(built) }
        done.leave()
        return built
    }
}

/// The inputs handed to the background build (read-only columns and arrays).
private struct SendableInputs: @unchecked Sendable {
    let inputs: PendingIncomingEdges.Inputs
}
