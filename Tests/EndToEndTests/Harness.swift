import Foundation
import InterflowCore
import Polling
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the real `interflow` binary: agents and a coordinator as separate processes on loopback.
final class Harness: @unchecked Sendable {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary: `INTERFLOW_BIN`, else `.build/debug/interflow`.
    static var binary: String {
        ProcessInfo.processInfo.environment["INTERFLOW_BIN"] ?? repoRoot.appendingPathComponent(".build/debug/interflow").path
    }

    let directory: URL
    var environment: [String: String]
    private var processes: [String: Process] = [:]
    private let lock = NSLock()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        environment = ProcessInfo.processInfo.environment
    }

    deinit {
        stopAll()
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Starts `interflow <arguments>` as process `name`; output goes to a log file in the directory.
    @discardableResult
    func start(_ name: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let log = directory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        lock.withLock { processes[name] = process }
        return process
    }

    /// Sends `signal` to process `name` and waits (at most 20 s, then SIGKILL) for it to exit;
    /// returns its termination status.
    @discardableResult
    func stop(_ name: String, signal: Int32 = SIGTERM) async -> Int32? {
        guard let process = lock.withLock({ processes.removeValue(forKey: name) }) else { return nil }
        if process.isRunning { kill(process.processIdentifier, signal) }
        if !(await Self.exited(process, within: 20)) {
            kill(process.processIdentifier, SIGKILL)
            _ = await Self.exited(process, within: 5)
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Waits for `process` to end without blocking a thread of the cooperative pool.
    static func exited(_ process: Process, within seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !process.isRunning
    }

    /// Kills every process still running (a failed test's leftovers).
    func stopAll() {
        for process in lock.withLock({ Array(processes.values) }) where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        lock.withLock { processes.removeAll() }
    }

    func log(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
    }

    /// The first of `count` consecutive TCP ports that can all be bound now, chosen below the
    /// kernel's ephemeral range (`ip_local_port_range`), where no outgoing connection (the
    /// coordinator's own polls, other tests' clients) can take one of them before the program
    /// under test listens on it. For a program that listens on a block of ports (the demo's agents).
    static func freePortBlock(_ count: Int) -> Int {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let ephemeral = range.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
        let upper = max(ephemeral - count, 10_001)
        for _ in 0..<200 {
            let base = Int.random(in: 10_000..<upper)
            if (base..<base + count).allSatisfy(canBind) { return base }
        }
        return freePort()
    }

    /// Whether a listener could bind `port` on the loopback address now.
    static func canBind(_ port: Int) -> Bool { bindLoopback(port: port) != nil }

    /// A TCP port nothing listens on now.
    static func freePort() -> Int { bindLoopback(port: 0) ?? 0 }

    /// Binds a TCP socket to `port` on the loopback address (0: any free port) and closes it: the
    /// port it was bound to, nil when it could not be.
    static func bindLoopback(port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { return nil }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls `probe` every 100 ms until it returns a value or `timeout` passes.
    static func eventually<T>(timeout: Double, _ probe: () async throws -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if let value = try? await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
