import ArgumentParser
import Foundation
import InterflowCore

/// `interflow check [DIR]`: validates a federation's configuration and reports every problem at once.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a federation's configuration: federation.yaml and one YAML file per site.",
        discussion: """
            Reports every problem at once, one per line on standard error, each with the file, the key path, \
            what was found and what is accepted. Exits 0 when the configuration is valid, 1 otherwise.
            """
    )

    @Argument(help: "The configuration directory.")
    var directory: String = "sites"

    func run() async throws {
        let federation: Federation
        do {
            federation = try FederationLoader.load(directory: directory)
        } catch let errors as ConfigurationErrors {
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            throw ExitCode(1)
        }
        print(Check.summary(of: federation))
    }

    /// A short summary of a valid federation: its name, its sites by mode and its skills.
    static func summary(of federation: Federation) -> String {
        let config = federation.config
        let byMode = SiteMode.allCases.compactMap { mode -> String? in
            let sites = federation.sites.filter { $0.mode == mode }.map(\.id)
            return sites.isEmpty ? nil : "\(sites.count) \(mode.rawValue) (\(sites.joined(separator: ", ")))"
        }
        let skills = config.skills.map { skill in
            "\(skill.id) \(Int((skill.serviceLevelTarget * 100).rounded()))/\(Int(skill.thresholdSeconds.rounded()))"
        }
        return """
            \(federation.directory): \(config.name) is valid
              \(federation.sites.count) sites: \(byMode.joined(separator: ", "))
              \(config.skills.count) skills: \(skills.joined(separator: ", "))
              \(config.segments.count) segments: \(config.segments.map(\.id).joined(separator: ", "))
            """
    }
}
