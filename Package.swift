// swift-tools-version:6.0
// hdx — a terminal explorer for heap dumps (HPROF, V8 .heapsnapshot) and SAP HANA runtime dumps.
//
// Data flows one way: format reader → graph index → analyses → view model → terminal.
//   DumpInput (mapped bytes, errors, gzip)         HeapGraph (format-neutral index + algorithms)
//        └──────────────┬──────────────────────────────┘
//        HprofReader  V8Reader  HanaReader           (bytes → HeapGraph)
//                        HeapAnalysis                (leak suspects, reports, comparisons)
//                        DumpKit                     (format detection, open any dump)
//                        ExplorerCore                (curses-free screens rendered into a cell grid)
//                        TerminalUI ← CNcursesw      (the only code that talks to ncursesw)
//                        hdx                         (swift-argument-parser executable)
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "hdx",
    platforms: [.macOS(.v13)],
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

        .target(name: "DumpInput", dependencies: ["CZlib"], swiftSettings: strict),
        .target(name: "HeapGraph", swiftSettings: strict),
        .target(name: "HprofReader", dependencies: ["DumpInput", "HeapGraph"], swiftSettings: strict),
        .target(name: "V8Reader", dependencies: ["DumpInput", "HeapGraph"], swiftSettings: strict),
        .target(name: "HanaReader", dependencies: ["DumpInput", "HeapGraph"], swiftSettings: strict),
        .target(name: "DumpStrip", dependencies: ["DumpInput", "CZlib"], swiftSettings: strict),
        .target(name: "HeapAnalysis", dependencies: ["HeapGraph"], swiftSettings: strict),
        .target(name: "DumpKit",
                dependencies: ["DumpInput", "HeapGraph", "HprofReader", "V8Reader", "HanaReader", "HeapAnalysis"],
                swiftSettings: strict),
        .target(name: "ExplorerCore", dependencies: ["DumpKit", "HeapAnalysis", "HanaReader", "HprofReader"],
                swiftSettings: strict),
        .target(name: "TerminalUI", dependencies: ["ExplorerCore", "CNcursesw"], swiftSettings: strict),
        .executableTarget(name: "hdx",
                          dependencies: ["DumpKit", "ExplorerCore", "TerminalUI", "DumpStrip",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: strict),

        .testTarget(name: "DumpInputTests", dependencies: ["DumpInput"], swiftSettings: strict),
        .testTarget(name: "HeapGraphTests", dependencies: ["HeapGraph"], swiftSettings: strict),
        .testTarget(name: "HprofReaderTests", dependencies: ["HprofReader", "DumpKit"], swiftSettings: strict),
        .testTarget(name: "V8ReaderTests", dependencies: ["V8Reader", "DumpKit"], swiftSettings: strict),
        .testTarget(name: "HanaReaderTests", dependencies: ["HanaReader", "DumpKit"], swiftSettings: strict),
        .testTarget(name: "ExplorerCoreTests", dependencies: ["ExplorerCore"], exclude: ["Goldens"],
                    swiftSettings: strict),
        .testTarget(name: "HeapAnalysisTests", dependencies: ["HeapAnalysis", "DumpKit"], swiftSettings: strict),
        .testTarget(name: "DumpStripTests", dependencies: ["DumpStrip", "DumpKit"], swiftSettings: strict),
        .testTarget(name: "ReportTests", dependencies: ["DumpKit"], exclude: ["Goldens"], swiftSettings: strict),
        // Inputs the fuzzers (Tests/fuzz/run.sh) failed on, replayed through the code the fuzz targets run.
        .testTarget(name: "FuzzRegressionTests",
                    dependencies: ["DumpInput", "DumpKit", "HeapGraph", "HprofReader", "V8Reader", "HanaReader"],
                    path: "Tests/fuzz",
                    exclude: ["targets", "seeds", "regressions", "build.sh", "run.sh", "ci.sh", "make_seeds.py",
                              "README.md"],
                    sources: ["RegressionTests.swift", "Pipeline.swift"], swiftSettings: strict),
    ]
)
