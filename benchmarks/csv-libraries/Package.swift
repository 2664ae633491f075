// swift-tools-version:6.0
import PackageDescription

// The mirrored Swift CSV packages timed on the file `readout-bench csv` reads, for the comparison in
// docs/benchmarks.md ("Reading CSV: against the Swift CSV packages"). Built and run by hand, never by
// CI: it is not part of Readout's package. See README.md here.
let package = Package(
    name: "CSVLibraries",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "csv-libraries",
            dependencies: [
                .product(name: "SwiftCSV", package: "SwiftCSV"), .product(name: "CSV", package: "CSV.swift"),
            ])
    ]
)
