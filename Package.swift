// swift-tools-version:6.0
// hdx — a terminal explorer for heap dumps (HPROF, V8 .heapsnapshot) and SAP HANA runtime dumps.
//
// Data flows one way: format reader → graph index → analyses → reports / view model → terminal.
// Every dependency below is imported by the target, and every import is declared (scripts/target-graph.sh checks).
//
//   DumpProgress                progress, cancellation, phase timing, memory, the one lock and shared buffer
//   DumpInput ← CZlib           mapped bytes, one-line errors, gzip, files hdx writes
//     DumpStrip                 sanitized copies of dumps (`hdx strip`), byte-level, no index
//     HeapGraph                 format-neutral index + algorithms; the format seam (DumpFormat, DumpReader)
//       HprofReader  V8Reader  HanaReader      one DumpReader each (bytes → LoadedDump)
//       HeapAnalysis                           leak suspects, diffs, growth, objects matched by id
//         DumpKit                              reader registry, the one loading path, comparisons
//           DumpReports                        report/growth values and their text, HTML, SVG, CSV
//             ExplorerCore                     curses-free screens rendered into a cell grid, loading pipeline,
//                                              no format's own screens: those plug in (ExplorerPlugins)
//               HanaScreens  ← HanaReader      HANA's Processes, Threads, Flame, comparison tabs, Overview verdict
//               TerminalUI ← CNcursesw         the only code that talks to ncursesw
//                 hdx ← ArgumentParser         the executable; registers HanaScreens
//
// Platforms: Linux only (built and tested on Debian 12 with Swift 6). The code calls Glibc directly and uses
// /proc, O_TMPFILE and ncursesw; no Apple platform is declared because none is built or tested.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "hdx",
    products: [
        .executable(name: "hdx", targets: ["hdx"]),
    ],
    dependencies: [
        // The command line: subcommands, --help, usage errors with exit code 2.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CSystemShims"),

        // Process plumbing every layer shares: progress, cancellation, phase timing, memory, the one lock type.
        .target(name: "DumpProgress", swiftSettings: strict),
        .target(name: "DumpInput", dependencies: ["CZlib", "DumpProgress"], swiftSettings: strict),
        .target(name: "HeapGraph", dependencies: ["CSystemShims", "DumpInput", "DumpProgress"], swiftSettings: strict),
        .target(name: "HprofReader", dependencies: ["CSystemShims", "DumpInput", "DumpProgress", "HeapGraph"], swiftSettings: strict),
        .target(name: "V8Reader", dependencies: ["DumpInput", "DumpProgress", "HeapGraph"], swiftSettings: strict),
        .target(name: "HanaReader", dependencies: ["DumpInput", "DumpProgress", "HeapGraph"], swiftSettings: strict),
        .target(name: "DumpStrip", dependencies: ["DumpInput", "CZlib"], swiftSettings: strict),
        .target(name: "HeapAnalysis", dependencies: ["HeapGraph"], swiftSettings: strict),
        .target(name: "DumpKit",
                dependencies: ["DumpInput", "DumpProgress", "HeapGraph", "HeapAnalysis", "HprofReader", "V8Reader", "HanaReader"],
                swiftSettings: strict),
        .target(name: "DumpReports",
                dependencies: ["DumpKit", "DumpInput", "HeapGraph", "HeapAnalysis", "HprofReader", "V8Reader",
                               "HanaReader"],
                swiftSettings: strict),
        .target(name: "ExplorerCore",
                dependencies: ["DumpKit", "DumpReports", "DumpInput", "DumpProgress", "HeapGraph", "HeapAnalysis"],
                swiftSettings: strict),
        // The HANA screens (Processes, Threads, Flame, the HANA comparison tabs, the Overview's verdict), plugged into
        // the explorer through `ExplorerPlugins` by the executable.
        .target(name: "HanaScreens", dependencies: ["ExplorerCore", "HanaReader", "DumpKit", "DumpReports", "HeapGraph"],
                swiftSettings: strict),
        .target(name: "TerminalUI", dependencies: ["ExplorerCore", "CNcursesw", "DumpInput", "DumpProgress", "HeapGraph"],
                swiftSettings: strict),
        .executableTarget(name: "hdx",
                          dependencies: ["DumpKit", "DumpReports", "DumpStrip", "DumpInput", "DumpProgress", "HeapGraph",
                                         "HeapAnalysis", "HprofReader", "V8Reader", "HanaReader", "HanaScreens", "TerminalUI",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: strict),

        .testTarget(name: "DumpInputTests", dependencies: ["DumpInput", "DumpProgress"], swiftSettings: strict),
        .testTarget(name: "HeapGraphTests", dependencies: ["HeapGraph", "DumpProgress"], swiftSettings: strict),
        .testTarget(name: "DumpKitTests", dependencies: ["DumpKit", "DumpInput", "DumpProgress"], swiftSettings: strict),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "ExplorerCore", "CNcursesw"], swiftSettings: strict),
        // The one golden-file helper of the screen and report tests (Foundation only, no Testing).
        .target(name: "GoldenFiles", path: "Tests/GoldenFiles", swiftSettings: strict),
        // Dumps the tests write at test time with the JDK and node, and domination by removal on them.
        .target(name: "GeneratedDumps", dependencies: ["DumpKit", "HeapGraph"], path: "Tests/GeneratedDumps",
                swiftSettings: strict),
        // What the screen tests of ExplorerCore and HanaScreens share: key scripts, the committed samples, looks.
        .target(name: "ScreenTestSupport", dependencies: ["ExplorerCore", "DumpKit", "DumpProgress", "HeapGraph"],
                path: "Tests/ScreenTestSupport", swiftSettings: strict),
        .testTarget(name: "HprofReaderTests",
                    dependencies: ["HprofReader", "DumpKit", "DumpReports", "DumpInput", "DumpProgress", "HeapAnalysis",
                                   "HeapGraph"],
                    swiftSettings: strict),
        .testTarget(name: "V8ReaderTests", dependencies: ["V8Reader", "DumpKit", "DumpInput", "DumpProgress", "HeapGraph"],
                    swiftSettings: strict),
        .testTarget(name: "HanaReaderTests", dependencies: ["HanaReader", "DumpReports", "DumpInput", "DumpProgress", "HeapGraph"],
                    swiftSettings: strict),
        .testTarget(name: "ExplorerCoreTests",
                    dependencies: ["ExplorerCore", "DumpKit", "DumpReports", "HeapAnalysis", "HeapGraph", "HprofReader",
                                   "V8Reader", "GoldenFiles", "ScreenTestSupport", "GeneratedDumps"],
                    exclude: ["Goldens"], swiftSettings: strict),
        .testTarget(name: "HanaScreensTests",
                    dependencies: ["HanaScreens", "ExplorerCore", "DumpKit", "HanaReader", "GoldenFiles",
                                   "ScreenTestSupport", "DumpInput", "HeapGraph"],
                    exclude: ["Goldens"], swiftSettings: strict),
        .testTarget(name: "HeapAnalysisTests", dependencies: ["HeapAnalysis", "DumpKit", "HeapGraph", "GeneratedDumps"],
                    swiftSettings: strict),
        .testTarget(name: "ReportTests",
                    dependencies: ["DumpReports", "DumpKit", "DumpInput", "GoldenFiles", "HeapGraph", "GeneratedDumps"],
                    exclude: ["Goldens"],
                    swiftSettings: strict),
        .testTarget(name: "DumpStripTests", dependencies: ["DumpStrip", "DumpInput"], swiftSettings: strict),
        // Inputs the fuzzers (Tests/fuzz/run.sh) failed on, replayed through the code the fuzz targets run.
        .testTarget(name: "FuzzRegressionTests",
                    dependencies: ["DumpInput", "DumpKit", "DumpReports", "HeapGraph", "HprofReader", "V8Reader",
                                   "HanaReader"],
                    path: "Tests/fuzz",
                    exclude: ["targets", "seeds", "regressions", "build.sh", "run.sh", "ci.sh", "make_seeds.py",
                              "README.md"],
                    sources: ["RegressionTests.swift", "Pipeline.swift"], swiftSettings: strict),
    ]
)
