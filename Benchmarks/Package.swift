// swift-tools-version:6.1
import PackageDescription

// Benchmarks for Interflow: package-benchmark suites under Benchmarks/<Suite>/ and the
// side-by-side runners the scripts in ../scripts compare with peer implementations.
//   swift package --package-path Benchmarks benchmark
//   python3 scripts/bench_queueing_vs_pyworkforce.py
let package = Package(
    name: "interflow-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "interflow", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        // Erlang B/C/A, staffing and EWT timings.
        .executableTarget(
            name: "QueueingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Queueing", package: "interflow"),
            ],
            path: "Benchmarks/Queueing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Overflow planning and value allocation at 1,000 sites per skill.
        .executableTarget(
            name: "PlanningBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Planning", package: "interflow"),
                .product(name: "InterflowCore", package: "interflow"),
            ],
            path: "Benchmarks/Planning",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The simulator: its event heap, the engine on a queue, a scenario with the coordinator.
        .executableTarget(
            name: "SimulationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Simulation", package: "interflow"),
                .product(name: "InterflowCore", package: "interflow"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            path: "Benchmarks/Simulation",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Times Erlang C on a file of cases, for scripts/bench_queueing_vs_pyworkforce.py.
        .executableTarget(
            name: "QueueingSideBySide",
            dependencies: [.product(name: "Queueing", package: "interflow")]
        ),
    ]
)
