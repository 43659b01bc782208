/// The verdict of a HANA dump, as `report --json` gives it under `verdict` and as the report screen shows it:
/// which limit was hit and by how much, the top allocators and what they mean, the culprit thread and statement,
/// fragmentation; for crashes the signal, the crashing thread, its top frames and the possible root cause.
public struct HanaVerdict: Sendable, Equatable, Encodable {
    public struct Allocator: Sendable, Equatable, Encodable {
        public var path: String
        public var component: String
        public var exclusive: UInt64
        public var inclusive: UInt64
        /// Exclusive bytes as a share of the process's used heap (U), in percent.
        public var percentOfUsed: Double?
        public var hint: String?

        enum CodingKeys: String, CodingKey {
            case path = "class", component, exclusive, inclusive, percentOfUsed, hint
        }
    }

    public struct ThreadRef: Sendable, Equatable, Encodable {
        /// `thr=<tid>`.
        public var id: String
        public var tid: UInt64
        public var name: String
        public var state: String?
        public var connectionID: Int64?
        public var statementHash: String?
        /// Innermost first: `function at file:line (library)`.
        public var topFrames: [String]
        public var exception: String?
    }

    public struct LimitCheck: Sendable, Equatable, Encodable {
        public struct Part: Sendable, Equatable, Encodable {
            public var name: String
            public var bytes: UInt64
        }
        /// `PAL`, `GAL`.
        public var limit: String
        public var limitBytes: UInt64
        /// What counts against the limit, the request last.
        public var parts: [Part]
        public var totalBytes: UInt64
        /// total − limit (negative: the limit itself was not reached).
        public var overByBytes: Int64
        public var note: String?
    }

    public struct Statement: Sendable, Equatable, Encodable {
        public var connectionID: Int64?
        public var statementHash: String?
        public var text: String?
        /// The culprit and the other threads working for the same statement (`thr=<tid>`).
        public var threads: [String]
    }

    public struct RootCause: Sendable, Equatable, Encodable {
        public var code: String
        public var location: String
        public var text: String
        public var frames: [String]
    }

    public struct Process: Sendable, Equatable, Encodable {
        public var pid: Int
        public var name: String
        public var pal: UInt64?
        public var allocated: UInt64?
        public var used: UInt64?
    }

    /// `oom`, `crash` or `runtime` (a dump taken on demand).
    public var kind: String
    public var failureType: String?
    public var failedAllocationBytes: UInt64?
    public var pid: Int?
    public var processName: String?
    public var topAllocators: [Allocator]
    public var signal: String?
    public var signalNumber: Int?
    public var crashingThread: ThreadRef?
    public var headline: String
    public var limit: LimitCheck?
    public var fragmentationPercent: Int?
    public var culpritThread: ThreadRef?
    /// How the culprit was identified (`its stack matches the OOM callstack (14 frames); its pending exception agrees
    /// (…)`).
    public var culpritEvidence: String?
    public var statement: Statement?
    public var rootCauses: [RootCause]
    public var processes: [Process]
    /// The verdict in sentences, most important first.
    public var findings: [String]

    enum CodingKeys: String, CodingKey {
        case kind, failureType, failedAllocationBytes, pid, processName, topAllocators, signal, signalNumber
        case crashingThread, headline, limit, fragmentationPercent, culpritThread, culpritEvidence, statement
        case rootCauses, processes
        case findings
    }

    /// The contract's keys are always written (null when unknown); the rest only when known.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(failureType, forKey: .failureType)
        try c.encode(failedAllocationBytes, forKey: .failedAllocationBytes)
        try c.encode(pid, forKey: .pid)
        try c.encode(topAllocators, forKey: .topAllocators)
        try c.encode(signal, forKey: .signal)
        try c.encode(crashingThread, forKey: .crashingThread)
        try c.encodeIfPresent(processName, forKey: .processName)
        try c.encodeIfPresent(signalNumber, forKey: .signalNumber)
        try c.encode(headline, forKey: .headline)
        try c.encodeIfPresent(limit, forKey: .limit)
        try c.encodeIfPresent(fragmentationPercent, forKey: .fragmentationPercent)
        try c.encodeIfPresent(culpritThread, forKey: .culpritThread)
        try c.encodeIfPresent(culpritEvidence, forKey: .culpritEvidence)
        try c.encodeIfPresent(statement, forKey: .statement)
        try c.encode(rootCauses, forKey: .rootCauses)
        try c.encode(processes, forKey: .processes)
        try c.encode(findings, forKey: .findings)
    }
}

/// A frame as one short line: `Function at File.cpp:12 (libx.so)`.
func frameSummary(_ f: HanaFrame) -> String {
    var s = f.function
    if let file = f.file, let line = f.line { s += " at \(file):\(line)" }
    if let lib = f.library { s += " (\(lib))" }
    return s
}
