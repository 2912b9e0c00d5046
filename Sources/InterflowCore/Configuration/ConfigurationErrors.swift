/// Every problem found while loading a federation's configuration, thrown at once.
///
/// The loader never stops at the first problem: fix them all from one report.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order and, within a file, in the order the keys appear.
    public var issues: [ConfigurationIssue]

    public init(issues: [ConfigurationIssue]) {
        self.issues = issues
    }

    /// One issue per line, then a count.
    public var description: String {
        let count = issues.count == 1 ? "1 configuration error" : "\(issues.count) configuration errors"
        return (issues.map(\.description) + [count]).joined(separator: "\n")
    }
}
