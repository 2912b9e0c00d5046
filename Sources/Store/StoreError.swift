import Foundation

/// A store that cannot be used, saying which file, what is wrong and what to do.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The file is not an SQLite database, or its content is damaged.
        case corrupted
        /// The file or its directory cannot be written.
        case readOnly
        /// Another process holds the database's write lock.
        case locked
        /// The data directory cannot be created or the file cannot be opened.
        case cannotOpen
        /// The file was written by a newer Interflow (it has migrations this build does not know).
        case newerSchema
        /// Any other SQLite failure.
        case failed
    }

    public var kind: Kind
    /// The database file (or connection) concerned.
    public var location: String
    /// What went wrong and what to do, in full.
    public var message: String

    public var description: String { message }

    public init(kind: Kind, location: String, message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }
}
