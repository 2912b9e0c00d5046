import Logging

/// A log handler that keeps the metadata set on it aside and gives it to the handler it wraps
/// only with a message, instead of setting it on that handler at once.
///
/// Hummingbird gives every request a logger with its own `hb.request.id`; swift-log's
/// `StreamLogHandler`, the one `interflow serve` logs with, renders all of its metadata into a
/// string each time one key is set, so every request paid for a string no line ever printed
/// (2 % of the coordinator's CPU under `POST /v1/route` load). Here a key set costs a dictionary
/// insert and is rendered only if that request logs something. What is logged is unchanged.
public struct DeferredMetadataLogHandler: LogHandler {
    private var base: any LogHandler
    /// Metadata set on this handler since it wrapped `base`, merged into each message.
    private var added: Logger.Metadata = [:]

    public init(wrapping base: any LogHandler) {
        self.base = base
    }

    public var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    public var metadata: Logger.Metadata {
        get { added.isEmpty ? base.metadata : base.metadata.merging(added) { $1 } }
        set {
            base.metadata = newValue
            added = [:]
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { added[key] ?? base[metadataKey: key] }
        set {
            added[key] = newValue
            if newValue == nil, base[metadataKey: key] != nil { base[metadataKey: key] = nil }
        }
    }

    public func log(event: LogEvent) {
        guard !added.isEmpty else { return base.log(event: event) }
        var event = event
        event.metadata = added.merging(event.metadata ?? [:]) { $1 }
        base.log(event: event)
    }
}
