/// Why an object is a GC root. Covers HPROF (HotSpot, Android), V8 and synthetic roots of other formats.
public enum RootKind: UInt8, Sendable, CaseIterable, Codable {
    case unknown = 0
    case jniGlobal, jniLocal, javaFrame, nativeStack, stickyClass, threadBlock, monitorUsed, threadObject
    case internedString, finalizing, debugger, referenceCleanup, vmInternal, jniMonitor
    /// A V8 root: the snapshot's synthetic root and what hangs off it (`(GC roots)`, the global object, handles).
    case v8Root
    /// A node that the format marks as a root but with no specific reason (HANA allocator tree roots, tests).
    case other
    /// Objects no root reaches, attached to the super-root only when a caller asks to keep them.
    case unreachable

    /// The name users know from MAT, VisualVM and DevTools.
    public var label: String {
        switch self {
        case .unknown: return "unknown root"
        case .jniGlobal: return "JNI global"
        case .jniLocal: return "JNI local"
        case .javaFrame: return "Java frame"
        case .nativeStack: return "native stack"
        case .stickyClass: return "sticky class"
        case .threadBlock: return "thread block"
        case .monitorUsed: return "busy monitor"
        case .threadObject: return "thread object"
        case .internedString: return "interned string"
        case .finalizing: return "Finalizer"
        case .debugger: return "debugger"
        case .referenceCleanup: return "reference cleanup"
        case .vmInternal: return "VM internal"
        case .jniMonitor: return "JNI monitor"
        case .v8Root: return "V8 root"
        case .other: return "root"
        case .unreachable: return "unreachable"
        }
    }

    /// The lowercase identifier used in JSON.
    public var jsonName: String {
        switch self {
        case .unknown: return "unknown"
        case .jniGlobal: return "jniGlobal"
        case .jniLocal: return "jniLocal"
        case .javaFrame: return "javaFrame"
        case .nativeStack: return "nativeStack"
        case .stickyClass: return "stickyClass"
        case .threadBlock: return "threadBlock"
        case .monitorUsed: return "monitorUsed"
        case .threadObject: return "threadObject"
        case .internedString: return "internedString"
        case .finalizing: return "finalizing"
        case .debugger: return "debugger"
        case .referenceCleanup: return "referenceCleanup"
        case .vmInternal: return "vmInternal"
        case .jniMonitor: return "jniMonitor"
        case .v8Root: return "v8Root"
        case .other: return "other"
        case .unreachable: return "unreachable"
        }
    }
}

/// One GC root record: a node, why it is a root and, where the format says so, the thread and frame holding it.
public struct GCRoot: Sendable, Hashable {
    public var node: UInt32
    public var kind: RootKind
    /// Thread serial (HPROF) or 0 when none.
    public var thread: UInt32
    /// Frame index within the thread's stack, or -1 when none.
    public var frame: Int32

    public init(node: UInt32, kind: RootKind, thread: UInt32 = 0, frame: Int32 = -1) {
        self.node = node
        self.kind = kind
        self.thread = thread
        self.frame = frame
    }
}
