import CCurl
import Foundation
import Synchronization

/// An HTTP/1.1 client on libcurl's multi interface: one multi handle, one thread.
///
/// Every easy handle lives on the client's own thread, which runs `curl_multi_poll`. Callers
/// from any task hand requests over through a locked queue and wake the thread with
/// `curl_multi_wakeup`. The multi handle's connection cache keeps connections to agents alive
/// between polls (keep-alive reuse), so a warm poll cycle opens no connections.
///
/// The loop never enters `curl_multi_poll` while it has free transfer slots and queued requests:
/// it starts them first, so a queued request never waits out a poll timeout.
public final class CurlMultiClient: @unchecked Sendable {
    // `@unchecked`: `pending` and `running` are guarded by `lock`; `multi` and every easy handle
    // are used only on `thread`, except `curl_multi_wakeup`, which libcurl allows from any thread.
    private let multi: UnsafeMutableRawPointer
    private let maxConcurrent: Int
    private let lock = Mutex<LockedState>(LockedState())
    private let stopped = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)

    private struct LockedState {
        var pending: [Transfer] = []
        var running = true
    }

    /// Creates the client and starts its thread.
    /// - Parameters:
    ///   - maxConcurrent: transfers in flight at once; more wait in the queue.
    ///   - maxConnections: idle connections kept for reuse (set it at least to the number of agents).
    public init(maxConcurrent: Int = 256, maxConnections: Int = 2048) {
        Self.globalInit
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: libcurl cannot allocate a multi handle") }
        self.multi = multi
        self.maxConcurrent = max(1, maxConcurrent)
        _ = interflow_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConnections)
        let thread = Thread { [self] in self.runLoop() }
        thread.name = "interflow-curl"
        thread.start()
    }

    deinit {
        shutdown()
        curl_multi_cleanup(multi)
    }

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Runs one request and returns its response, or throws a ``TransportError``.
    public func perform(_ request: AgentRequest) async throws -> AgentResponse {
        try await withCheckedThrowingContinuation { continuation in
            let transfer = Transfer(request: request, continuation: continuation)
            let accepted = lock.withLock { state -> Bool in
                guard state.running else { return false }
                state.pending.append(transfer)
                return true
            }
            if accepted {
                curl_multi_wakeup(multi)
            } else {
                continuation.resume(throwing: TransportError.shutDown)
            }
        }
    }

    /// Stops the thread; requests still queued or running fail with ``TransportError/shutDown``.
    public func shutdown() {
        let wasRunning = lock.withLock { state -> Bool in
            defer { state.running = false }
            return state.running
        }
        guard wasRunning else { return }
        stopped.store(true, ordering: .releasing)
        curl_multi_wakeup(multi)
        exited.wait()
    }

    // MARK: - The loop (client thread only)

    private func runLoop() {
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        var idleHandles: [UnsafeMutableRawPointer] = []
        var stillRunning: Int32 = 0

        while !stopped.load(ordering: .acquiring) {
            // Start queued requests while there are free slots.
            let freeSlots = maxConcurrent - active.count
            if freeSlots > 0 {
                let batch = lock.withLock { state -> ArraySlice<Transfer> in
                    let count = min(freeSlots, state.pending.count)
                    let batch = state.pending.prefix(count)
                    state.pending.removeFirst(count)
                    return batch
                }
                for transfer in batch {
                    let easy = idleHandles.popLast() ?? curl_easy_init()
                    guard let easy else {
                        transfer.finish(.failure(TransportError.failed(code: -1, message: "curl_easy_init failed")))
                        continue
                    }
                    transfer.configure(easy)
                    curl_multi_add_handle(multi, easy)
                    active[easy] = transfer
                }
            }

            curl_multi_perform(multi, &stillRunning)

            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                if let transfer = active.removeValue(forKey: easy) {
                    transfer.complete(easy: easy, code: code)
                }
                curl_easy_reset(easy)
                idleHandles.append(easy)
            }

            let hasQueued = lock.withLock { !$0.pending.isEmpty }
            if hasQueued && active.count < maxConcurrent { continue }
            var fds: Int32 = 0
            curl_multi_poll(multi, nil, 0, 1000, &fds)
        }

        // Shutting down: fail everything still here.
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            transfer.finish(.failure(TransportError.shutDown))
            curl_easy_cleanup(easy)
        }
        for easy in idleHandles { curl_easy_cleanup(easy) }
        let leftover = lock.withLock { state -> [Transfer] in
            defer { state.pending.removeAll() }
            return state.pending
        }
        for transfer in leftover { transfer.finish(.failure(TransportError.shutDown)) }
        exited.signal()
    }
}

/// One request in flight: its options, its growing body, and the caller waiting for it.
private final class Transfer: @unchecked Sendable {
    // `@unchecked`: after it is queued, a transfer is touched only by the client thread.
    let request: AgentRequest
    private var continuation: CheckedContinuation<AgentResponse, any Error>?
    var body: [UInt8] = []
    var exceededLimit = false
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var started = DispatchTime.now()

    init(request: AgentRequest, continuation: CheckedContinuation<AgentResponse, any Error>) {
        self.request = request
        self.continuation = continuation
    }

    func configure(_ easy: UnsafeMutableRawPointer) {
        started = DispatchTime.now()
        _ = interflow_easy_setopt_string(easy, CURLOPT_URL, request.url)
        _ = interflow_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = interflow_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000))
        _ = interflow_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(request.totalTimeout * 1000))
        _ = interflow_easy_setopt_long(easy, CURLOPT_TCP_NODELAY, 1)
        _ = interflow_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        _ = interflow_easy_setopt_long(easy, CURLOPT_NOPROGRESS, 1)
        _ = interflow_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        var list: UnsafeMutablePointer<curl_slist>?
        for header in request.headers { list = curl_slist_append(list, header) }
        switch request.method {
        case .get:
            _ = interflow_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case .put, .post:
            let body = request.body ?? []
            _ = interflow_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            _ = interflow_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBufferPointer { buffer in
                _ = interflow_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            }
            list = curl_slist_append(list, "Content-Type: application/json")
            list = curl_slist_append(list, "Expect:")
        }
        headerList = list
        if let list { _ = interflow_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list) }
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = interflow_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
        _ = interflow_easy_setopt_write_function(easy, curlWriteBody)
    }

    func complete(easy: UnsafeMutableRawPointer, code: CURLcode) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if code == CURLE_OK {
            var status = 0
            _ = interflow_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            var typePointer: UnsafeMutablePointer<CChar>?
            _ = interflow_easy_getinfo_string(easy, CURLINFO_CONTENT_TYPE, &typePointer)
            let contentType = typePointer.map { String(cString: $0) }
            var connects = 0
            _ = interflow_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
            finish(.success(AgentResponse(status: status, contentType: contentType, body: body, seconds: seconds, newConnections: connects)))
        } else {
            finish(.failure(Self.error(for: code, exceededLimit: exceededLimit, request: request)))
        }
    }

    func finish(_ result: Result<AgentResponse, any Error>) {
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        continuation?.resume(with: result)
        continuation = nil
    }

    private static func error(for code: CURLcode, exceededLimit: Bool, request: AgentRequest) -> TransportError {
        let message = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_WRITE_ERROR where exceededLimit:
            return .responseTooLarge(limit: request.maxResponseBytes)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(seconds: request.totalTimeout)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .connectionFailed(message)
        default:
            return .failed(code: Int(code.rawValue), message: message)
        }
    }
}

/// libcurl's write callback: appends to the transfer's body, aborting past the size bound.
private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context, let data else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    if transfer.body.count + length > transfer.request.maxResponseBytes {
        transfer.exceededLimit = true
        return 0
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        transfer.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}
