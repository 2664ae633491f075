// swift-tools-version:6.2
import PackageDescription

// Dependencies are pinned to exact versions so that every build of a commit is the same build
// (Package.resolved is not committed). docs/architecture.md says why each one is here.
// Warnings are errors in every target of Readout (not in its dependencies): `swift build` and
// `swift test` fail on a warning, locally and in CI.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Readout",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ReadoutCore", targets: ["ReadoutCore"]),
        .library(name: "ReadoutData", targets: ["ReadoutData"]),
        .library(name: "ReadoutResponse", targets: ["ReadoutResponse"]),
        .library(name: "ReadoutStatistics", targets: ["ReadoutStatistics"]),
        .library(name: "ReadoutFigures", targets: ["ReadoutFigures"]),
        .library(name: "ReadoutAnalysis", targets: ["ReadoutAnalysis"]),
        .library(name: "ReadoutEscalation", targets: ["ReadoutEscalation"]),
        .library(name: "ReadoutDisclosure", targets: ["ReadoutDisclosure"]),
        .library(name: "ReadoutStore", targets: ["ReadoutStore"]),
        .library(name: "ReadoutServer", targets: ["ReadoutServer"]),
        .executable(name: "readout", targets: ["readout"]),
        .executable(name: "readout-bench", targets: ["ReadoutBench"]),
        .executable(name: "readout-fuzz", targets: ["ReadoutFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "5.0.1"),
        // SQLite for the server's store, embedded (no system library); on SwiftNIO, as the server is.
        .package(url: "https://github.com/vapor/sqlite-nio", exact: "1.13.2"),
        // PostgreSQL for a shared store (several servers on one database).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // The server (`readout serve`): Hummingbird 2 and its testing library; multipart forms for
        // the dashboard's upload (the one form a browser cannot send as a plain body).
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
        // Password hashing (bcrypt) for accounts; sessions and tokens are the store's (docs/security.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // Named for their products (structured logs, graceful shutdown); Hummingbird brings them.
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        // TLS for `readout serve --tls-certificate --tls-key` (postgres-nio brings it too).
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        // SHA-256 for provenance and the store (hardware-accelerated; postgres-nio brings it too).
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        // What every module shares: problems and the one error type, the number formatter, text
        // tables, markup escaping, random streams, parallel slots, unknown YAML keys, the version.
        .target(name: "ReadoutCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // zlib from the system, for DEFLATE (compressed Dataset-JSON, zip and gzip archives).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Readers, validation, dates, data cut-off, the study and its data rules.
        .target(
            name: "ReadoutData",
            dependencies: ["ReadoutCore", "CZlib", .product(name: "Crypto", package: "swift-crypto")]),
        // Response criteria (RECIST 1.1), best overall response, confirmation, durations.
        .target(name: "ReadoutResponse", dependencies: ["ReadoutCore", "ReadoutData"]),
        // Special functions, proportions and their intervals, Kaplan–Meier, summaries.
        .target(name: "ReadoutStatistics", dependencies: ["ReadoutCore"]),
        // Charts as self-contained SVG, from plain values (no study types).
        .target(name: "ReadoutFigures", dependencies: ["ReadoutCore"]),
        // Populations, subject-level variables, expressions, the analysis spec and the report.
        .target(
            name: "ReadoutAnalysis",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutStatistics", "ReadoutFigures",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Phase I dose escalation: designs, conduct from data, simulation and its file format.
        .target(
            name: "ReadoutEscalation",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutStatistics", "ReadoutFigures",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Checks a written disclosure against itself and against the data.
        .target(
            name: "ReadoutDisclosure",
            dependencies: ["ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutEscalation"]
        ),
        // The store of a team's data cuts, runs and jobs (the server's), content-addressed; SQLite or PostgreSQL.
        .target(
            name: "ReadoutStore",
            dependencies: [
                "ReadoutCore", "ReadoutData", .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The server: REST API, dashboard, background jobs, on a store; `readout serve` starts it.
        .target(
            name: "ReadoutServer",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutEscalation",
                "ReadoutDisclosure", "ReadoutStore", "ReadoutExamples",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The bundled example studies, spec and simulation files, for `readout demo`.
        .target(name: "ReadoutExamples", resources: [.copy("examples")]),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "readout",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutEscalation",
                "ReadoutDisclosure", "ReadoutExamples", "ReadoutStore", "ReadoutServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Throughput benchmarks (run with -c release); see docs/benchmarks.md.
        .executableTarget(
            name: "ReadoutBench",
            dependencies: ["ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutEscalation"]
        ),
        // The fuzz targets (the readers, the archive reader, the expression parser) and the executable
        // libFuzzer drives (scripts/fuzz.sh) or that replays inputs.
        .target(name: "ReadoutFuzzTargets", dependencies: ["ReadoutCore", "ReadoutData", "ReadoutAnalysis"]),
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "ReadoutFuzz", dependencies: ["ReadoutFuzzTargets", "CFuzzerDriver"]),
        // What the tests share: fixtures, temporary folders removed after each test, golden files,
        // running the built tool.
        .target(
            name: "ReadoutTestSupport", dependencies: ["ReadoutCore", "ReadoutData"], path: "Tests/ReadoutTestSupport"),
        .testTarget(name: "ReadoutCoreTests", dependencies: ["ReadoutCore", "ReadoutTestSupport"]),
        .testTarget(name: "ReadoutDataTests", dependencies: ["ReadoutCore", "ReadoutData", "ReadoutTestSupport"]),
        .testTarget(
            name: "ReadoutResponseTests",
            dependencies: ["ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutTestSupport"]
        ),
        .testTarget(
            name: "ReadoutStatisticsTests", dependencies: ["ReadoutCore", "ReadoutStatistics", "ReadoutTestSupport"]),
        .testTarget(
            name: "ReadoutFiguresTests",
            dependencies: ["ReadoutCore", "ReadoutStatistics", "ReadoutFigures", "ReadoutTestSupport"]
        ),
        .testTarget(
            name: "ReadoutAnalysisTests",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutStatistics", "ReadoutAnalysis",
                "ReadoutTestSupport",
            ]
        ),
        .testTarget(
            name: "ReadoutEscalationTests",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutStatistics", "ReadoutEscalation",
                "ReadoutTestSupport",
            ]
        ),
        .testTarget(
            name: "ReadoutDisclosureTests",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutAnalysis", "ReadoutEscalation", "ReadoutDisclosure",
                "ReadoutTestSupport",
            ]
        ),
        .testTarget(
            name: "ReadoutStoreTests",
            dependencies: ["ReadoutCore", "ReadoutData", "ReadoutAnalysis", "ReadoutStore", "ReadoutTestSupport"]
        ),
        .testTarget(
            name: "ReadoutServerTests",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutEscalation", "ReadoutStore",
                "ReadoutServer", "ReadoutTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The executable as a user runs it, and end-to-end checks that cross every module.
        .testTarget(
            name: "ReadoutCommandLineTests",
            dependencies: [
                "ReadoutCore", "ReadoutData", "ReadoutResponse", "ReadoutStatistics", "ReadoutAnalysis",
                "ReadoutEscalation",
                "ReadoutDisclosure", "ReadoutStore", "ReadoutTestSupport", "ReadoutFuzzTargets", "readout",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strict
}
