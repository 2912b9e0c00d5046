// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "interflow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "interflow", targets: ["interflow"]),
        .library(name: "InterflowCore", targets: ["InterflowCore"]),
        .library(name: "Queueing", targets: ["Queueing"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Polling", targets: ["Polling"]),
        .library(name: "SiteAgent", targets: ["SiteAgent"]),
        .library(name: "Coordinator", targets: ["Coordinator"]),
        .library(name: "Demo", targets: ["Demo"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Planning", targets: ["Planning"]),
        .library(name: "Store", targets: ["Store"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Domain types, configuration loading and validation, agent protocol v1 types.
        .target(
            name: "InterflowCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Erlang B/C/A, staffing, expected wait, forecasting. Pure.
        .target(name: "Queueing", swiftSettings: swiftSettings),
        // Discrete-event engine, the simulated ACD and the policy simulator. Pure.
        .target(
            name: "Simulation",
            dependencies: [
                "InterflowCore", "Planning", "Queueing",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl through pkg-config (Debian: libcurl4-openssl-dev).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libcurl multi client, response validation, per-site health.
        .target(
            name: "Polling",
            dependencies: [
                "CCurl", "InterflowCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What both HTTP servers share: JSON bodies, protocol errors, bearer auth.
        .target(
            name: "ServerSupport",
            dependencies: [
                "InterflowCore",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Durable state: closed intervals, snapshots, decisions, change orders, job runs (SQLite through GRDB).
        .target(
            name: "Store",
            dependencies: ["InterflowCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Overflow, value-based allocation, per-contact routing, explanations. Pure.
        .target(name: "Planning", dependencies: ["InterflowCore", "Queueing"], swiftSettings: swiftSettings),
        // Contract reviews of outsourcers and their renderers. Pure.
        .target(name: "Reports", dependencies: ["InterflowCore"], swiftSettings: swiftSettings),
        // The site agent: protocol v1 server over a simulated ACD.
        .target(
            name: "SiteAgent",
            dependencies: [
                "InterflowCore", "Simulation", "ServerSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The coordinator: federation state, HTTP API, services.
        .target(
            name: "Coordinator",
            dependencies: [
                "InterflowCore", "Polling", "Queueing", "Planning", "Reports", "ServerSupport", "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The whole federation on loopback: agents, coordinator, traffic source, live table.
        .target(
            name: "Demo",
            dependencies: [
                "Coordinator", "SiteAgent", "Polling", "Planning", "InterflowCore", "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "interflow",
            dependencies: [
                "InterflowCore", "Queueing", "Simulation", "Polling", "SiteAgent", "Coordinator", "Demo", "Reports", "Planning", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Measures poll cycles for scripts/bench_poll_vs_curl.sh and store write load.
        .executableTarget(
            name: "interflow-bench",
            dependencies: [
                "InterflowCore", "Polling", "Store", "Coordinator",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "InterflowCoreTests", dependencies: ["InterflowCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "InterflowCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PlanningTests", dependencies: ["Planning", "InterflowCore", "Queueing"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "InterflowCore"], swiftSettings: swiftSettings),
        .testTarget(name: "QueueingTests", dependencies: ["Queueing"], swiftSettings: swiftSettings),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "InterflowCore", "Queueing", "Planning"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PollingTests",
            dependencies: [
                "Polling", "InterflowCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CoordinatorTests",
            dependencies: [
                "Coordinator", "Demo", "SiteAgent", "InterflowCore", "Polling", "Store", "Planning", "ServerSupport", "Simulation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["InterflowCore", "Polling", "Planning", "Coordinator", "Store"],
            swiftSettings: swiftSettings
        ),
    ]
)
