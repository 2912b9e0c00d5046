import Foundation

/// One-line descriptions of decoding errors for operators: which key, what was wrong.
public enum DecodingErrorText {
    /// `missing field skills[0].waiting`, `asOf has the wrong type, expected Date`, …; other
    /// errors as they describe themselves.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "missing field \(parent.isEmpty ? "" : parent + ".")\(key.stringValue)"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) has the wrong type, expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null, expected \(type)"
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : at + ": ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
