import Coordinator
import InMemoryLogging
import Logging
import Testing

@Suite("the HTTP server's log handler")
struct DeferredMetadataLogHandlerTests {
    /// The same calls on a logger, with and without the deferring wrapper.
    static func run(_ logger: inout Logger) {
        logger[metadataKey: "site.id"] = "austin"
        logger.info("first")
        var request = logger
        request[metadataKey: "hb.request.id"] = "42"
        request[metadataKey: "site.id"] = "leeds"
        request.warning("overridden by the call", metadata: ["hb.request.id": "call", "poll.duration_ms": "3"])
        request[metadataKey: "site.id"] = nil
        request.error("key removed")
        request.handler.metadata = ["job.name": "retention"]
        request.notice("metadata replaced")
        request.debug("below the level")
        logger.info("the parent logger is unchanged")
    }

    @Test("logs exactly what the wrapped handler would log, metadata included")
    func sameEntries() {
        let plain = InMemoryLogHandler()
        let behind = InMemoryLogHandler()
        var direct = Logger(label: "test") { _ in plain }
        var deferred = Logger(label: "test") { _ in DeferredMetadataLogHandler(wrapping: behind) }
        Self.run(&direct)
        Self.run(&deferred)
        #expect(behind.entries == plain.entries)
        #expect(plain.entries.count == 5)
        #expect(deferred[metadataKey: "site.id"] == "austin")
    }
}
