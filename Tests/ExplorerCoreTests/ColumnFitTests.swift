import Testing
@testable import ExplorerCore

/// Values never wider than their columns, class names shortened by package then in the middle, cut lines marked.
@Suite struct ColumnFitTests {
    @Test func bytesNeverWiderThanNine() {
        #expect(Format.bytes(1023) == "1023 B")
        #expect(Format.bytes(999 * 1024 + 512) == "999.5 KiB")           // 999.5 exactly
        #expect(Format.bytes(1_034_650) == "1010 KiB")                   // 1,034,650 / 1024 = 1010.4: was `1010.4 KiB`
        #expect(Format.bytes(1023 * 1024) == "1023 KiB")
        #expect(Format.bytes(1023 * 1024 + 1000) == "1.0 MiB")           // 1023.98 KiB rounds over to the next unit
        #expect(Format.bytes(1000 << 30) == "1000 GiB")
        #expect(Format.bytes(UInt64.max) == "16384 PiB")                 // 2^64 / 2^50
        // Around every power of two and every 1000·2^(10k) boundary, no value is wider than 9.
        var samples: [UInt64] = []
        for k in 0..<64 { let p = UInt64(1) << k; samples += [p - 1, p, p + 1] }
        for u in 0..<6 {
            let unit = UInt64(1) << (10 * u)
            for m in [999.0, 999.94, 999.96, 1000.0, 1010.4, 1023.94, 1023.96] { samples.append(UInt64(m * Double(unit))) }
        }
        for v in samples { #expect(Format.bytes(v).count <= Format.bytesWidth, "\(v) → \(Format.bytes(v))") }
    }

    @Test func classNamesShortenByPackageThenInTheMiddle() {
        let name = "java.util.concurrent.ConcurrentHashMap$Node[]"          // 45 columns
        #expect(ClassNames.fit(name, width: 45, ellipsis: "…") == name)
        #expect(ClassNames.fit(name, width: 40, ellipsis: "…") == "j.u.concurrent.ConcurrentHashMap$Node[]")
        #expect(ClassNames.fit(name, width: 30, ellipsis: "…") == "j.u.c.ConcurrentHashMap$Node[]")
        // 20 columns: 9 from the start, the ellipsis, 10 from the end; the end (`Map$Node[]`) stays.
        #expect(ClassNames.fit(name, width: 20, ellipsis: "…") == "j.u.c.Con…Map$Node[]")
        #expect(ClassNames.fit(name, width: 20, ellipsis: "...") == "j.u.c.Co...ap$Node[]")
        #expect(ClassNames.fit("class java.util.HashMap", width: 18, ellipsis: "…") == "class j.u.HashMap")
        #expect(ClassNames.fit("(concatenated string)", width: 12, ellipsis: "…") == "(conc…tring)")
        // HANA allocator paths keep their end.
        #expect(ClassNames.fit("Pool/PersistenceManager/PersistentSpace(0)", width: 20, ellipsis: "…")
                == "…/PersistentSpace(0)")
    }

    @Test func clipMiddleKeepsBothEnds() {
        #expect(Format.clipMiddle("abcdefghij", width: 10, ellipsis: "…") == "abcdefghij")
        #expect(Format.clipMiddle("abcdefghij", width: 7, ellipsis: "…") == "abc…hij")
        #expect(Format.clipMiddle("abcdefghij", width: 6, ellipsis: "…") == "ab…hij")
    }

    @Test func breadcrumbKeepsTheFirstAndTheLastParts() {
        let parts = ["Dominators", "a.B 0x1", "c.D 0x2", "e.F 0x3"]  // 10 + 3·(3 + 7) = 40 columns
        #expect(Breadcrumb.fit(parts, width: 40, separator: " › ", ellipsis: "…") == "Dominators › a.B 0x1 › c.D 0x2 › e.F 0x3")
        #expect(Breadcrumb.fit(parts, width: 39, separator: " › ", ellipsis: "…") == "Dominators › … › c.D 0x2 › e.F 0x3")
        #expect(Breadcrumb.fit(parts, width: 24, separator: " › ", ellipsis: "…") == "Dominators › … › e.F 0x3")
        #expect(Breadcrumb.fit(parts, width: 5, separator: " › ", ellipsis: "…") == "e.…x3")
    }

    @Test func linesCutAtTheRightEdgeEndWithAnEllipsis() {
        let g = Grid(width: 10, height: 3, asciiOnly: false)
        g.put("0123456789AB", x: 0, y: 0, role: .normal)
        g.put("0123456789   ", x: 0, y: 1, role: .normal)             // only blanks cut: nothing to mark
        g.put("0123456789AB", x: 0, y: 2, role: .normal, limit: 5)   // a column limit is no edge
        #expect(g.rowText(0) == "012345678…")
        #expect(g.rowText(1) == "0123456789")
        #expect(g.rowText(2) == "01234")
        let a = Grid(width: 10, height: 1, asciiOnly: true)
        a.put("0123456789AB", x: 0, y: 0, role: .normal)
        #expect(a.rowText(0) == "012345678>")
    }

    @Test func percentHeadingsSayOfWhat() {
        let a = ExplorerApp(model: LeakDemo.model())
        a.handle(.char("3"))
        #expect(a.render(width: 80, height: 24).rowText(3).hasPrefix("  Retained      % of parent    Shallow  Object"))
        a.handle(.char("2"))
        #expect(a.render(width: 80, height: 24).rowText(3).contains("Retained % heap"))
    }
}
