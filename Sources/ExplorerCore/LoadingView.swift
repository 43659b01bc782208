/// Progress of a dump being loaded, phase by phase, as the loading screen shows it. Fed from a `ProgressSink` (the
/// backend copies it off the loader thread); pure data so tests can render it.
package struct LoadingState: Sendable {
    package struct Phase: Sendable, Equatable {
        package var name: String
        package var fraction: Double
        package var started: Double
        package var finished: Double?
    }

    package var path: String
    package var fileBytes: Int
    package var started: Double
    package var now: Double
    package private(set) var phases: [Phase] = []
    package var cancelling = false
    /// Phases shown as "waiting" until they start (the index phases every format runs).
    package var expected: [String] = ["dominators", "retained"]

    package init(path: String, fileBytes: Int, started: Double) {
        self.path = path
        self.fileBytes = fileBytes
        self.started = started
        now = started
    }

    /// Records a progress report: a new phase name closes the previous one.
    package mutating func update(phase: String, fraction: Double, at time: Double) {
        now = max(now, time)
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        if let i = phases.lastIndex(where: { $0.name == phase }) {
            phases[i].fraction = max(phases[i].fraction, f)
            return
        }
        if !phases.isEmpty {
            phases[phases.count - 1].fraction = 1
            phases[phases.count - 1].finished = time
        }
        phases.append(Phase(name: phase, fraction: f, started: time, finished: nil))
    }

    /// Seconds left in the running phase, extrapolated from its rate; nil before it is 2% done.
    package func timeLeft(_ p: Phase) -> Double? {
        guard p.finished == nil, p.fraction >= 0.02, p.fraction < 1 else { return nil }
        let spent = now - p.started
        return spent * (1 - p.fraction) / p.fraction
    }

    static func readsFile(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasPrefix("read") || n.hasPrefix("pars") || n.hasPrefix("inflat") || n.hasPrefix("scan")
    }
}

/// Draws the loading screen: a centred box with a bar per phase (bytes, percent, time left) and how to cancel.
package enum LoadingView {
    package static func render(_ s: LoadingState, width: Int, height: Int, glyphs: Glyphs) -> Grid {
        let grid = Grid(width: width, height: height, asciiOnly: glyphs.ascii)
        guard width >= 20, height >= 5 else {
            grid.put("loading " + Format.percent(UInt64((s.phases.last?.fraction ?? 0) * 1000), of: 1000),
                     x: 0, y: 0, role: .normal)
            return grid
        }
        var rows: [(name: String, phase: LoadingState.Phase?)] = s.phases.map { ($0.name, $0) }
        for e in s.expected where !s.phases.contains(where: { $0.name == e }) { rows.append((e, nil)) }
        let boxW = min(width - 2, 78)
        let boxH = min(height, rows.count + 6)
        let x0 = (width - boxW) / 2, y0 = max((height - boxH) / 2, 0)
        let c = Canvas(grid: grid, x: x0, y: y0, width: boxW, height: boxH)
        drawBox(c, title: "Loading " + (s.path.split(separator: "/").last.map(String.init) ?? s.path), glyphs: glyphs)
        let inner = c.sub(x: 2, y: 2, width: boxW - 4, height: boxH - 3)
        let nameW = max(rows.map { TextWidth.of($0.name) }.max() ?? 0, 10) + 1
        let barW = max(min(inner.width / 3, 24), 6)
        for (i, r) in rows.enumerated() where i < inner.height - 2 {
            inner.put(r.name, x: 0, y: i, role: r.phase == nil ? .dim : .normal)
            guard let p = r.phase else {
                inner.put("waiting", x: nameW, y: i, role: .dim)
                continue
            }
            let bar = glyphs.ascii ? "[" + glyphs.bar(p.fraction, width: barW - 2) + "]"
                                   : glyphs.bar(p.fraction, width: barW)
            inner.put(bar, x: nameW, y: i, role: .bar)
            var x = nameW + barW + 1
            let pct = Format.padLeft("\(Int((p.fraction * 100).rounded(.down)))%", 4)
            x = inner.put(pct, x: x, y: i, role: .size)
            var extra = ""
            if LoadingState.readsFile(p.name) && s.fileBytes > 0 {
                let done = UInt64(Double(s.fileBytes) * p.fraction)
                extra += "  " + Format.bytes(done) + " of " + Format.bytes(UInt64(s.fileBytes))
            }
            if let f = p.finished {
                extra += "  done in " + Format.duration(f - p.started)
            } else if let left = s.timeLeft(p) {
                extra += "  " + Format.duration(left) + " left"
            }
            inner.put(extra, x: x, y: i, role: .normal)
        }
        let footer = inner.height - 1
        inner.put("elapsed " + Format.duration(s.now - s.started), x: 0, y: footer, role: .dim)
        let hint = s.cancelling ? "cancelling..." : "q or Ctrl-C cancels"
        inner.putRight(hint, right: inner.width, y: footer, role: s.cancelling ? .warning : .dim)
        return grid
    }

    static func drawBox(_ c: Canvas, title: String, glyphs: Glyphs) {
        let (h, v, tl, tr, bl, br): (String, String, String, String, String, String) = glyphs.ascii
            ? ("-", "|", "+", "+", "+", "+") : ("─", "│", "┌", "┐", "└", "┘")
        let w = c.width
        c.put(tl + String(repeating: h, count: max(w - 2, 0)) + tr, x: 0, y: 0, role: .border)
        for y in 1..<max(c.height - 1, 1) {
            c.put(v, x: 0, y: y, role: .border)
            c.put(v, x: w - 1, y: y, role: .border)
        }
        c.put(bl + String(repeating: h, count: max(w - 2, 0)) + br, x: 0, y: c.height - 1, role: .border)
        c.put(" " + Format.clipLeft(title, width: w - 6, ellipsis: glyphs.ellipsis) + " ", x: 2, y: 0, role: .section)
    }
}
