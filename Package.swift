// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Readout",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ReadoutData", targets: ["ReadoutData"]),
        .library(name: "ReadoutResponse", targets: ["ReadoutResponse"]),
        .library(name: "ReadoutAnalysis", targets: ["ReadoutAnalysis"]),
        .library(name: "ReadoutFigures", targets: ["ReadoutFigures"]),
        .library(name: "ReadoutEscalation", targets: ["ReadoutEscalation"]),
        .executable(name: "readout", targets: ["readout"]),
        .executable(name: "readout-bench", targets: ["ReadoutBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Readers, validation, dates, data cut-off. Depends on nothing but Foundation.
        .target(name: "ReadoutData"),
        // Response criteria (RECIST 1.1), best overall response, confirmation, durations.
        .target(name: "ReadoutResponse", dependencies: ["ReadoutData"]),
        // Phase I dose-escalation designs: decisions, decision tables, MTD selection.
        .target(name: "ReadoutEscalation", dependencies: ["ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutFigures"]),
        // Charts as self-contained SVG, from plain values (no study types): used by the report and
        // the escalation module.
        .target(name: "ReadoutFigures"),
        // Statistics, populations, the analysis spec.
        .target(name: "ReadoutAnalysis", dependencies: ["ReadoutData", "ReadoutResponse", "ReadoutFigures", .product(name: "Yams", package: "Yams")]),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "readout",
            dependencies: [
                "ReadoutData",
                "ReadoutResponse",
                "ReadoutAnalysis",
                "ReadoutEscalation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Throughput benchmarks (run with -c release); see docs/benchmarks.md.
        .executableTarget(name: "ReadoutBench", dependencies: ["ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutEscalation"]),
        .testTarget(
            name: "ReadoutDataTests",
            dependencies: ["ReadoutData", "ReadoutResponse", "ReadoutAnalysis", "ReadoutEscalation", "ReadoutFigures", "readout"],
            exclude: ["Fixtures"]
        ),
    ]
)
