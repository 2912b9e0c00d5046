import Foundation
import InterflowCore
import Testing

/// A small valid federation written to a fresh temporary directory, for tests to break one piece at a time.
struct TemporaryFederation {
    /// File name → YAML text.
    var files: [String: String]

    /// Two skills, one in-house site taking both, one network-delivered outsourcer taking `service`.
    init() {
        files = [
            "federation.yaml": """
            name: Test federation
            skills:
              - {id: sales, name: Sales, sl_target: 80%, threshold: 20s, patience: 2m, peak_arrivals: 100/h}
              - {id: service, name: Service, sl_target: 0.8, threshold: 30s}
            segments:
              - {id: vip, priority: 10, patience: 2m, alternative: callback}
            coordinator: {port: 8080, rebalance_every: 5s}
            value: {currency: EUR}

            """,
            "home.yaml": """
            id: home
            name: Home center
            kind: in-house
            time_zone: America/Chicago
            skills: [sales, service]
            agent:
              url: http://127.0.0.1:9101
              token: {env: INTERFLOW_TOKEN_HOME}
              poll_interval: 2s
            simulation:
              seed: 7
              skills:
                sales: {peak_arrivals: 60/h, handle_time: 5m, fcr: 80%, conversion: 20%, revenue_per_conversion: 100}
                service: {peak_arrivals: 40/h, handle_time: {distribution: lognormal, mean: 4m, cv: 0.7}, fcr: 0.75}
              agents:
                - {name: day, count: 12, skills: [sales, service], shift: "08:00-17:00"}
                - {name: night, count: 2, skills: [service], shift: "22:00-06:00"}

            """,
            "net.yaml": """
            id: net
            name: Net outsourcer
            kind: outsourcer
            outsourcer: Net Co
            mode: network-delivered
            time_zone: Asia/Manila
            skills: [service]
            agent:
              url: https://net.example.com:8443
              token: {file: tokens/net.token}
              interval_poll: 5m
            contract:
              seats:
                pattern:
                  - {days: mon-fri, hours: "08:00-20:00", seats: 20}
                  - {days: sat, hours: "09:00-13:00", seats: 5}
              price: {per_handled_contact: 4.10}
              sl_target: 80%
              max_abandon_rate: 5%
              aht_ceiling: 6m
              fcr_target: 70%
              shares:
                service: {min: 10%, max: 40%}
              change_window: {daily: ["06:00", "14:00"]}
              reporting_delay: 2h

            """,
        ]
    }

    /// Replaces `text` in `file`; the text must be there, so that a test cannot silently break nothing.
    mutating func replace(_ text: String, with replacement: String, in file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let content = files[file], content.contains(text) else {
            Issue.record("\(file) has no \(text)", sourceLocation: sourceLocation)
            return
        }
        files[file] = content.replacingOccurrences(of: text, with: replacement)
    }

    /// Writes the files into a new temporary directory and returns its path.
    func write() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        return directory
    }

    /// Loads the federation.
    func load() throws -> Federation {
        let directory = try write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try FederationLoader.load(directory: directory)
    }

    /// The issues loading reports (empty when the federation is valid), with file names relative to the directory.
    func issues() throws -> [ConfigurationIssue] {
        let directory = try write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try FederationLoader.load(directory: directory)
            return []
        } catch let errors as ConfigurationErrors {
            return errors.issues.map { issue in
                var issue = issue
                issue.file = issue.file.replacingOccurrences(of: directory + "/", with: "")
                return issue
            }
        }
    }
}
