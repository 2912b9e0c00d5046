import Foundation
import Yams

/// A YAML node with the file and key path it was found at, read into typed values.
///
/// Every reader returns `nil` on a value it does not accept and records an issue naming the file,
/// the key path, what was found and what is accepted; callers read every key before giving up so
/// that one pass reports every problem.
struct ConfigValue {
    let node: Node
    let file: String
    let path: String
    let log: IssueLog

    /// The 1-based line of the node.
    var line: Int? { node.mark?.line }

    func child(_ key: String, _ node: Node) -> ConfigValue {
        ConfigValue(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)", log: log)
    }

    func element(_ index: Int, _ node: Node) -> ConfigValue {
        ConfigValue(node: node, file: file, path: "\(path)[\(index)]", log: log)
    }

    /// Records an issue at this value.
    func report(found: String? = nil, accepted: String) {
        log.report(file: file, keyPath: path, found: found ?? self.found, accepted: accepted, line: line)
    }

    /// Whether the node is an empty value (`key:`, `~`, `null`).
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The node's text if it is a scalar (quoted or not), without recording anything.
    var scalarText: String? {
        guard case .scalar(let scalar) = node, !isNull else { return nil }
        return scalar.string
    }

    /// What the node is, for an issue: the quoted text of a scalar, or the kind of a collection.
    var found: String {
        switch node {
        case .scalar(let scalar):
            if isNull { return "nothing" }
            if ConfigValue.looksLikeSecret(scalar.string) { return "a value that looks like a secret (not shown)" }
            return "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    /// Non-empty text.
    func text(accepted: String = "text") -> String? {
        guard let text = scalarText, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(accepted: accepted)
            return nil
        }
        return text
    }

    static let acceptedIdentifier = "an id of lower-case letters, digits and dashes starting with a letter, such as north-1"

    /// An id: lower-case ASCII letters, digits and dashes, starting with a letter, at most 40 characters.
    func identifier() -> String? {
        guard let text = scalarText, ConfigValue.isIdentifier(text) else {
            report(accepted: ConfigValue.acceptedIdentifier)
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 40 else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A whole number in `range`.
    func integer(_ range: ClosedRange<Int>, accepted: String? = nil) -> Int? {
        let accepted = accepted ?? "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let text = scalarText, let value = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(value) else {
            report(accepted: accepted)
            return nil
        }
        return value
    }

    /// A number in `range`.
    func number(_ range: ClosedRange<Double>, accepted: String) -> Double? {
        guard let text = scalarText, let value = Double(text), value.isFinite, range.contains(value) else {
            report(accepted: accepted)
            return nil
        }
        return value
    }

    /// A duration in seconds within `range` (see `Units.seconds`).
    func duration(_ range: ClosedRange<Double>) -> Double? {
        guard let text = scalarText, let seconds = Units.seconds(text) else {
            report(accepted: Units.acceptedDuration)
            return nil
        }
        guard range.contains(seconds) else {
            report(
                accepted: "a duration from \(ConfigValue.format(seconds: range.lowerBound)) to "
                    + "\(ConfigValue.format(seconds: range.upperBound))"
            )
            return nil
        }
        return seconds
    }

    /// A fraction from 0 to 1 (see `Units.fraction`), optionally within a narrower range.
    func fraction(_ range: ClosedRange<Double> = 0...1) -> Double? {
        guard let text = scalarText, let value = Units.fraction(text) else {
            report(accepted: Units.acceptedFraction)
            return nil
        }
        guard range.contains(value) else {
            report(
                accepted: "a percentage from \(ConfigValue.format(fraction: range.lowerBound)) to \(ConfigValue.format(fraction: range.upperBound))")
            return nil
        }
        return value
    }

    /// A rate, returned per hour (see `Units.perSecond`).
    func ratePerHour(_ range: ClosedRange<Double> = 0...1_000_000) -> Double? {
        guard let text = scalarText, let perSecond = Units.perSecond(text) else {
            report(accepted: Units.acceptedRate)
            return nil
        }
        let perHour = perSecond * 3600
        guard range.contains(perHour) else {
            report(accepted: "a rate from \(ConfigValue.format(range.lowerBound))/h to \(ConfigValue.format(range.upperBound))/h")
            return nil
        }
        return perHour
    }

    /// A local time as minutes after midnight (see `Units.clockMinutes`).
    func clockMinutes() -> Int? {
        guard let text = scalarText, let minutes = Units.clockMinutes(text) else {
            report(accepted: Units.acceptedClockTime)
            return nil
        }
        return minutes
    }

    /// One of `options`, exactly as written.
    func choice(_ options: [String]) -> String? {
        guard let text = scalarText, options.contains(text) else {
            report(accepted: ConfigValue.oneOf(options))
            return nil
        }
        return text
    }

    // MARK: Collections

    /// The elements of a list.
    func list(accepted: String) -> [ConfigValue]? {
        guard case .sequence(let sequence) = node else {
            report(accepted: accepted)
            return nil
        }
        return sequence.enumerated().map { element($0.offset, $0.element) }
    }

    /// A mapping whose keys must be among `keys` (any key when `keys` is `nil`).
    func mapping(keys: [String]?, accepted: String = "a mapping of keys to values") -> ConfigMapping? {
        guard case .mapping(let mapping) = node else {
            report(accepted: accepted)
            return nil
        }
        var entries: [(key: String, value: ConfigValue)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string else {
                log.report(file: file, keyPath: path, found: "a key that is not text", accepted: "text keys", line: keyNode.mark?.line)
                continue
            }
            let value = child(key, valueNode)
            if let keys, !keys.contains(key) {
                value.reportUnknownKey(key, accepted: keys)
                continue
            }
            entries.append((key, value))
        }
        return ConfigMapping(value: self, entries: entries)
    }

    private func reportUnknownKey(_ key: String, accepted keys: [String]) {
        let listed = "one of the keys " + keys.joined(separator: ", ")
        if ConfigValue.secretKeyWords.contains(where: { key.lowercased().contains($0) }) {
            report(
                found: "a secret-looking key \"\(key)\" (value not shown)",
                accepted: listed + "; secrets belong in agent.token as {env: VARIABLE} or {file: path}"
            )
            return
        }
        var found = "unknown key \"\(key)\""
        if let suggestion = ConfigValue.closest(to: key, in: keys) { found += " (did you mean \(suggestion)?)" }
        report(found: found, accepted: listed)
    }

    // MARK: Helpers

    static let secretKeyWords = ["token", "secret", "password", "passwd", "api_key", "apikey", "credential", "bearer", "private_key"]

    /// Whether `text` looks like a credential rather than a name, a path or a number: a bearer header,
    /// a well-known token prefix, a JWT, or a long run of mixed letters and digits with no spaces.
    static func looksLikeSecret(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        if lower.hasPrefix("bearer ") || lower.hasPrefix("basic ") { return true }
        for prefix in ["sk-", "sk_live_", "ghp_", "gho_", "github_pat_", "xoxb-", "xoxp-", "akia", "eyj"] where lower.hasPrefix(prefix) {
            return trimmed.count >= 16 && !trimmed.contains(" ")
        }
        guard trimmed.count >= 24, !trimmed.contains(" "), !trimmed.contains("/"), !trimmed.contains(".") else { return false }
        let tokenCharacters = trimmed.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "-_+=".unicodeScalars.contains($0)
        }
        let hasDigit = trimmed.contains(where: \.isNumber)
        let hasUpper = trimmed.contains(where: \.isUppercase)
        let hasLower = trimmed.contains(where: \.isLowercase)
        return tokenCharacters && hasDigit && hasUpper && hasLower
    }

    /// The accepted key closest to `key` (same letters ignoring case and separators, or at most two edits).
    static func closest(to key: String, in keys: [String]) -> String? {
        func normal(_ s: String) -> String { s.lowercased().filter { $0.isLetter || $0.isNumber } }
        if let same = keys.first(where: { normal($0) == normal(key) }) { return same }
        let scored = keys.map { ($0, editDistance($0, key)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func oneOf(_ options: [String]) -> String {
        options.count == 1 ? options[0] : "one of " + options.joined(separator: ", ")
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    static func format(fraction: Double) -> String { format((fraction * 10_000).rounded() / 100) + "%" }

    static func format(seconds: Double) -> String {
        if seconds < 1 && seconds > 0 { return format(seconds * 1000) + "ms" }
        if seconds >= 3600 && seconds.truncatingRemainder(dividingBy: 3600) == 0 { return format(seconds / 3600) + "h" }
        if seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 { return format(seconds / 60) + "m" }
        return format(seconds) + "s"
    }
}
