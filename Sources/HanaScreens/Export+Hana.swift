import DumpReports
import ExplorerCore
import HanaReader

/// `e` on the HANA screens: every row of the table, sizes in bytes, as the dump gives them.
extension ThreadsPage: TableExporting {
    package var exportName: String { "threads" }

    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["thread", "tid", "name", "state", "frames", "exceptions", "connection", "method",
                                      "detail", "verdict"])
        for i in order {
            let th = hana.threads[i]
            let inf = info(i)
            t.rows.append([.text(th.id), .uint(th.tid), .text(th.name), .text(state(i)), .int(Int64(th.frameCount)),
                           .int(Int64(th.exceptionCount)), .text(inf?.connectionID.map(String.init) ?? ""),
                           .text(inf?.method ?? ""), .text(inf?.detail ?? ""),
                           .text(i == focusIndex ? (hana.verdict.crashingThread != nil ? "crashing" : "culprit") : "")])
        }
        return t
    }
}

extension ThreadStackPage: TableExporting {
    package var exportName: String { "thread-" + thread.entry.id }

    /// The call stack's frames, then each pending exception's throw location (`part` says which).
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["part", "number", "function", "offset", "file", "line", "library", "symbol"])
        func add(_ part: String, _ f: HanaFrame) {
            t.rows.append([.text(part), .int(Int64(f.number)), .text(f.function),
                           .text(f.offset.map { "0x" + String($0, radix: 16) } ?? ""), .text(f.file ?? ""),
                           .text(f.line.map(String.init) ?? ""), .text(f.library ?? ""), .text(f.symbol)])
        }
        for f in thread.frames { add("stack", f) }
        for x in thread.exceptions {
            for f in x.throwLocation { add("exception \(x.number) " + x.code, f) }
        }
        return t
    }
}

extension ProcessesPage: TableExporting {
    package var exportName: String { "processes" }

    /// The IPMM table, biggest AB first: PID, name, PAL, AB, U, the other figures, the failing process marked.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["pid", "name", "PAL", "AB", "U"] + extraKeys + ["failing"])
        func v(_ x: UInt64?) -> CSVTable.Cell { x.map { .uint($0) } ?? .text("") }
        for p in processes {
            t.rows.append([.int(Int64(p.pid)), .text(p.name), v(p.pal), v(p.ab), v(p.used)]
                          + extraKeys.map { v(p.value($0)) } + [.text(isFailing(p) ? "true" : "")])
        }
        return t
    }
}

extension FlamePage: TableExporting {
    package var exportName: String { "stacks" }

    /// The stacks the graph was made of, as `hdx hana stacks --folded` prints them: the frames from the outermost
    /// (joined by `;`) and the number of threads with that stack; the most common path first.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["stack", "threads"])
        var todo = Array(graph.children[0].reversed())
        while let v = todo.popLast() {
            let own = graph.selfCount(v)
            if own > 0 {
                t.rows.append([.text(graph.path(to: v).map { graph.names[$0] }.joined(separator: ";")), .int(Int64(own))])
            }
            todo += graph.children[v].reversed()
        }
        return t
    }
}

extension ProcessesDeltaPage: TableExporting {
    package var exportName: String { "processes-delta" }

    /// Processes (biggest AB growth first), then the global figures (`pid` empty).
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["pid", "name", "oldAB", "newAB", "abDelta", "oldU", "newU", "uDelta", "oldPAL",
                                      "newPAL"])
        func u(_ x: UInt64?) -> CSVTable.Cell { x.map { .uint($0) } ?? .text("") }
        func s(_ x: Int64?) -> CSVTable.Cell { x.map { .int($0) } ?? .text("") }
        for r in rows {
            switch r {
            case .process(let p):
                t.rows.append([.int(Int64(p.pid)), .text(p.name), u(p.oldAB), u(p.newAB), s(p.abDelta), u(p.oldUsed),
                               u(p.newUsed), s(p.usedDelta), u(p.oldPAL), u(p.newPAL)])
            case .global(let g):
                t.rows.append([.text(""), .text(g.name), u(g.old), u(g.new), s(g.delta), .text(""), .text(""), .text(""),
                               .text(""), .text("")])
            case .heading: continue
            }
        }
        return t
    }
}

extension StacksDeltaPage: TableExporting {
    package var exportName: String { "stacks-delta" }

    /// One row per compared stack: the sign (`+` `-` `=`), the thread (group), the counts, the frames innermost
    /// first joined by `;`.
    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["status", "thread", "oldCount", "newCount", "delta", "frames"])
        for s in stacks {
            t.rows.append([.text(s.status), .text(s.thread), .int(Int64(s.oldCount)), .int(Int64(s.newCount)),
                           .int(Int64(s.newCount - s.oldCount)), .text(s.frames.joined(separator: ";"))])
        }
        return t
    }
}

extension StackFramesPage: TableExporting {
    package var exportName: String { "stack-" + stack.thread }

    package func exportTable(_ ctx: PageContext) -> ExportTable {
        var t = ExportTable(headers: ["number", "frame"])
        for (i, f) in stack.frames.enumerated() { t.rows.append([.int(Int64(i + 1)), .text(f)]) }
        return t
    }
}
