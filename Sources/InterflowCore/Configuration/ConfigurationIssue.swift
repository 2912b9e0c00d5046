/// One problem found in a federation's configuration: where it is, what was there and what is accepted.
///
/// Its description reads like a compiler diagnostic, so editors and terminals can jump to it:
/// `sites/manila.yaml:41: contract.shares.sales.max: found "140%", accepted a percentage such as 80% or …`.
public struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file the problem is in, as the directory was given plus the file name (e.g. `sites/manila.yaml`).
    /// Problems that span sites (share bounds of a skill) name every file involved, comma-separated.
    public var file: String
    /// Dotted key path to the value, list positions in brackets from 0 (e.g. `skills[1].sl_target`);
    /// empty for the file as a whole.
    public var keyPath: String
    /// What was found, ready to print: a quoted value (`"140%"`), or a description (`a list`, `nothing`).
    /// Secrets are never echoed.
    public var found: String
    /// What is accepted there, in words.
    public var accepted: String
    /// 1-based line of the value in `file`, where known.
    public var line: Int?

    public init(file: String, keyPath: String, found: String, accepted: String, line: Int? = nil) {
        self.file = file
        self.keyPath = keyPath
        self.found = found
        self.accepted = accepted
        self.line = line
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        let path = keyPath.isEmpty ? "" : " \(keyPath):"
        return "\(place):\(path) found \(found), accepted \(accepted)"
    }
}
