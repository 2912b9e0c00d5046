/// Collects configuration issues while files are read, so that every problem is reported at once.
///
/// Shared by reference between the values of one load; not thread-safe (a load runs on one task).
final class IssueLog {
    private(set) var issues: [ConfigurationIssue] = []

    var isEmpty: Bool { issues.isEmpty }

    func add(_ issue: ConfigurationIssue) {
        issues.append(issue)
    }

    func report(file: String, keyPath: String, found: String, accepted: String, line: Int? = nil) {
        issues.append(ConfigurationIssue(file: file, keyPath: keyPath, found: found, accepted: accepted, line: line))
    }

    /// Orders the issues by file (in the order files were first reported) and, within a file, by line;
    /// issues without a line stay after those with one, in the order they were found.
    func sortByFileAndLine() {
        var fileOrder: [String: Int] = [:]
        for issue in issues where fileOrder[issue.file] == nil { fileOrder[issue.file] = fileOrder.count }
        issues = issues.enumerated().sorted { a, b in
            let keyA = (fileOrder[a.element.file]!, a.element.line ?? Int.max, a.offset)
            let keyB = (fileOrder[b.element.file]!, b.element.line ?? Int.max, b.offset)
            return keyA < keyB
        }.map(\.element)
    }

    /// Throws every issue collected, if there is any.
    func throwIfAny() throws(ConfigurationErrors) {
        if !issues.isEmpty { throw ConfigurationErrors(issues: issues) }
    }
}
