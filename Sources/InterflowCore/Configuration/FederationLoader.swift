import Foundation
import Yams

/// Reads and validates a federation's configuration: `federation.yaml` and one YAML file per site.
///
/// Every problem in every file is collected and thrown at once as `ConfigurationErrors`, each
/// naming the file, the key path, what was found and what is accepted. The format is described
/// in `docs/configuration.md`.
public enum FederationLoader {
    /// The name of the federation-wide settings file in a configuration directory.
    public static let federationFileName = "federation.yaml"

    /// Loads a whole federation from `directory`: `federation.yaml` plus every other `*.yaml` or
    /// `*.yml` file in it (not in subdirectories), one site per file, in file-name order.
    ///
    /// Besides each file on its own, checks the sites together: ids and agent URLs are unique,
    /// every skill is taken by some site, and each skill's contract share bounds can sum to 100 %.
    /// - Parameter directory: the configuration directory, e.g. `sites`; file names in issues start with it.
    /// - Returns: the federation, with `directory` as given.
    /// - Throws: `ConfigurationErrors` with every problem found.
    public static func load(directory: String) throws -> Federation {
        let directory = trimmed(directory)
        let log = IssueLog()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            log.report(
                file: directory, keyPath: "", found: "no such directory",
                accepted: "a directory holding \(federationFileName) and one YAML file per site")
            throw ConfigurationErrors(issues: log.issues)
        }
        let federationFile = join(directory, federationFileName)
        let (config, skillIDs) = readFederationFile(federationFile, log: log)
        let siteFiles = siteFileNames(in: directory).map { join(directory, $0) }
        if siteFiles.isEmpty {
            log.report(
                file: directory, keyPath: "", found: "no site files",
                accepted: "one YAML file per site (such as austin.yaml) beside \(federationFileName)")
        }
        let drafts = siteFiles.compactMap { readSiteFile($0, federation: config, skillIDs: skillIDs, log: log) }
        checkSites(drafts, skillIDs: skillIDs, federationFile: federationFile, log: log)
        log.sortByFileAndLine()
        try log.throwIfAny()
        guard let config else { throw ConfigurationErrors(issues: log.issues) }
        return Federation(config: config, sites: drafts.compactMap(\.site), directory: directory)
    }

    /// Loads one site file and the `federation.yaml` of its directory, validating both
    /// (but not the other sites): what a site's agent needs (`interflow agent --site sites/austin.yaml`).
    /// - Parameter path: the site file.
    /// - Throws: `ConfigurationErrors` with every problem found in the two files.
    public static func loadSite(path: String) throws -> (site: SiteConfig, federation: FederationConfig) {
        let log = IssueLog()
        let directory = (path as NSString).deletingLastPathComponent
        let federationFile = join(directory.isEmpty ? "." : directory, federationFileName)
        let (config, skillIDs) = readFederationFile(federationFile, log: log)
        let draft = readSiteFile(path, federation: config, skillIDs: skillIDs, log: log)
        log.sortByFileAndLine()
        try log.throwIfAny()
        guard let config, let site = draft?.site else { throw ConfigurationErrors(issues: log.issues) }
        return (site, config)
    }

    /// Loads only `federation.yaml` (the file itself, not its directory).
    /// - Throws: `ConfigurationErrors` with every problem found.
    public static func loadFederationConfig(path: String) throws -> FederationConfig {
        let log = IssueLog()
        let config = readFederationFile(path, log: log).config
        log.sortByFileAndLine()
        try log.throwIfAny()
        guard let config else { throw ConfigurationErrors(issues: log.issues) }
        return config
    }

    /// The site files of `directory`: every `*.yaml` and `*.yml` file except `federation.yaml`, sorted.
    public static func siteFileNames(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && name != federationFileName && name != "federation.yml"
                && !name.hasPrefix(".")
        }.sorted()
    }

    // MARK: Files

    static func readFederationFile(_ file: String, log: IssueLog) -> (config: FederationConfig?, skillIDs: [String]?) {
        guard let root = document(file, log: log, missing: "the federation-wide settings (name, skills, segments, coordinator, value)")
        else { return (nil, nil) }
        return readFederation(root)
    }

    static func readSiteFile(_ file: String, federation: FederationConfig?, skillIDs: [String]?, log: IssueLog) -> SiteDraft? {
        guard let root = document(file, log: log, missing: "a site file") else { return nil }
        return readSite(root, federation: federation, skillIDs: skillIDs)
    }

    /// Parses a YAML file into its root value, recording an unreadable file or a YAML syntax error.
    static func document(_ file: String, log: IssueLog, missing: String) -> ConfigValue? {
        guard let data = FileManager.default.contents(atPath: file) else {
            log.report(file: file, keyPath: "", found: "no readable file", accepted: missing)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            log.report(file: file, keyPath: "", found: "text that is not UTF-8", accepted: "a UTF-8 YAML file")
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                log.report(file: file, keyPath: "", found: "an empty file", accepted: missing)
                return nil
            }
            return ConfigValue(node: node, file: file, path: "", log: log)
        } catch let error as YamlError {
            log.add(issue(for: error, in: file))
            return nil
        } catch {
            log.report(file: file, keyPath: "", found: "YAML that cannot be read (\(error))", accepted: "valid YAML")
            return nil
        }
    }

    static func issue(for error: YamlError, in file: String) -> ConfigurationIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let found = "a YAML syntax error: " + (context.map { "\($0.text), " } ?? "") + problem
            return ConfigurationIssue(file: file, keyPath: "", found: found, accepted: "valid YAML", line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigurationIssue(
                file: file, keyPath: "", found: "the key \(keys) more than once in one mapping",
                accepted: "each key at most once per mapping", line: context.mark.line)
        default:
            return ConfigurationIssue(file: file, keyPath: "", found: "YAML that cannot be read (\(error))", accepted: "valid YAML")
        }
    }

    private static func trimmed(_ directory: String) -> String {
        var directory = directory.isEmpty ? "." : directory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        return directory
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
