/// The formats a contract review renders to, for the CLI's `--format` and the API's `format=`.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case html, csv, json

    /// The HTTP Content-Type of a rendered review.
    public var contentType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json"
        }
    }

    /// The file name extension.
    public var fileExtension: String { rawValue }

    /// Renders `review` in this format.
    /// - Throws: `EncodingError` from JSON encoding only (a review holds no value JSON cannot encode).
    public func render(_ review: ContractReview) throws -> String {
        switch self {
        case .html: ContractReviewHTML.render(review)
        case .csv: ContractReviewCSV.render(review)
        case .json: try ContractReviewJSON.render(review)
        }
    }
}
