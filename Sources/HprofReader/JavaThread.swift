import HeapGraph

/// A Java thread from the dump: its object, name, stack (from TRACE/FRAME records) and the objects its frames hold.
public struct JavaThread: Sendable {
    public struct Frame: Sendable, Equatable {
        public var className: String
        public var method: String
        public var signature: String
        public var sourceFile: String
        /// > 0 a line number; -1 unknown, -2 compiled, -3 native.
        public var line: Int32

        public var description: String {
            let where_: String
            switch line {
            case -3: where_ = "Native Method"
            case -2: where_ = "\(sourceFile), compiled"
            case ...0: where_ = sourceFile.isEmpty ? "Unknown Source" : sourceFile
            default: where_ = "\(sourceFile):\(line)"
            }
            return "\(className).\(method)(\(where_))"
        }
    }

    public var serial: UInt32
    public var object: UInt32?
    public var name: String
    public var frames: [Frame]
    /// Objects held by this thread's frames: (frame index or -1, node).
    public var localRoots: [(frame: Int32, node: UInt32)]

    static func collect(scan: HprofScan, graph: HeapGraph, model: HprofObjectModel) -> [JavaThread] {
        var locals: [UInt32: [(Int32, UInt32)]] = [:]
        for r in graph.roots where r.kind == .javaFrame || r.kind == .jniLocal || r.kind == .nativeStack
            || r.kind == .threadBlock {
            locals[r.thread, default: []].append((r.frame, r.node))
        }
        var out: [JavaThread] = []
        for t in scan.threadObjects {
            let node = graph.node(forID: t.objectID)
            let name = JavaThread.name(serial: t.threadSerial, node: node, model: model)
            var frames: [Frame] = []
            if let trace = scan.traces[t.traceSerial] {
                for fid in trace.frameIDs {
                    guard let f = scan.frames[fid] else { continue }
                    let cls = scan.classSerials[f.classSerial].flatMap { scan.classNameIDs[$0] }
                        .flatMap { scan.string($0) }.map(JavaNames.sourceForm) ?? "?"
                    frames.append(Frame(className: cls, method: scan.string(f.methodNameID) ?? "?",
                                        signature: scan.string(f.signatureID) ?? "",
                                        sourceFile: scan.string(f.sourceFileID) ?? "", line: f.line))
                }
            }
            out.append(JavaThread(serial: t.threadSerial, object: node, name: name, frames: frames,
                                  localRoots: locals[t.threadSerial] ?? []))
        }
        return out.sorted { $0.serial < $1.serial }
    }

    /// The Thread object's `name` field, or `thread 5` when the object or its name is not in the dump.
    static func name(serial: UInt32, node: UInt32?, model: HprofObjectModel) -> String {
        if let node, let nameNode = model.fields(of: node, limit: 256).first(where: { $0.name == "name" })?.target,
           let s = model.stringValue(nameNode) {
            return s
        }
        return "thread \(serial)"
    }
}
