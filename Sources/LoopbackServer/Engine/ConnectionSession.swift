/// Serves the requests of one TCP connection, in order, on the connection's own thread.
///
/// Every wait is bounded: by the client closing, by the idle timeout, or by the server's stop signal.
struct ConnectionSession {
    let id: Int
    let socket: Socket
    let core: ServerCore
    /// Bytes received and not yet consumed: a pipelined next request may already be here.
    private var buffer: [UInt8] = []

    init(id: Int, socket: Socket, core: ServerCore) {
        self.id = id
        self.socket = socket
        self.core = core
    }

    /// How the connection ends.
    private enum Ending {
        /// The server finished with it: FIN first, then drain what the client still sends.
        case graceful
        /// The peer is gone, the connection idled out, or the server is stopping: close now.
        case immediate
    }

    private enum HeadResult {
        case head(RequestHead)
        case ended
        case rejected(status: Int)
    }

    mutating func run() {
        let ending = serveRequests()
        core.statistics.connectionEnded(id)
        switch ending {
        case .graceful: lingeringClose()
        case .immediate: socket.close()
        }
    }

    private mutating func serveRequests() -> Ending {
        let writer = ResponseWriter(socket: socket, stop: core.stopSignal)
        while true {
            let head: RequestHead
            switch readHead() {
            case .head(let parsed): head = parsed
            case .ended: return .immediate
            case .rejected(let status):
                let response = ServerResponse.text("\(ResponseHead.reasonPhrase(status))\n", status: status)
                _ = writer.deliver(response, isHead: false, persistent: false)
                return .graceful
            }
            guard let length = try? head.contentLength() else {
                _ = writer.deliver(.text("Bad Content-Length\n", status: 400), isHead: false, persistent: false)
                return .graceful
            }
            if head.expectsContinue, length > 0 {
                guard socket.sendAll(ArraySlice("HTTP/1.1 100 Continue\r\n\r\n".utf8), stop: core.stopSignal) else {
                    return .immediate
                }
            }
            guard skipBody(length: length) else { return .immediate }

            let outcome = handle(head, writer: writer)
            switch outcome {
            case .keepOpen: continue
            case .close: return .graceful
            case .abandon: return .immediate
            }
        }
    }

    /// Logs the request, runs the handler and delivers its response, counting the request in flight
    /// from arrival until its last bytes are handed to the kernel.
    private func handle(_ head: RequestHead, writer: ResponseWriter) -> ResponseWriter.Outcome {
        let headers = head.headers
        core.statistics.requestStarted(LoggedRequest(
            path: head.target, method: head.method, headers: headers,
            connectionID: id, arrivalTime: MonotonicClock.now()
        ))
        let request = ServerRequest(
            method: head.method, path: head.target, version: head.version, headers: headers, connectionID: id
        )
        let response = core.handler(request)
        // A chunked request body cannot be skipped by length, so the connection cannot be reused.
        let persistent = core.options.keepAlive && head.wantsPersistentConnection && !head.hasTransferEncoding
        return writer.deliver(response, isHead: head.isHead, persistent: persistent) {
            core.statistics.requestFinished(connectionID: id)
        }
    }

    /// Reads until a whole head is buffered. A wait for bytes that lasts `idleTimeout` ends the
    /// connection without a response, as real servers close idle keep-alive connections.
    private mutating func readHead() -> HeadResult {
        var searchFrom = 0
        while true {
            // Empty lines before a request line are ignored (RFC 9112 §2.2).
            while searchFrom == 0, let first = buffer.first, first == 0x0D || first == 0x0A {
                buffer.removeFirst()
            }
            if let end = RequestHead.end(in: buffer, searchingFrom: searchFrom) {
                guard end <= RequestHead.sizeLimit else { return .rejected(status: 431) }
                let bytes = buffer[..<end]
                defer { buffer.removeFirst(end) }
                guard let head = try? RequestHead.parse(bytes) else { return .rejected(status: 400) }
                return .head(head)
            }
            guard buffer.count <= RequestHead.sizeLimit else { return .rejected(status: 431) }
            searchFrom = max(0, buffer.count - 3)

            guard socket.wait(stop: core.stopSignal, timeout: core.options.idleTimeout) == .ready else {
                return .ended
            }
            switch socket.receive(appendingTo: &buffer) {
            case .bytes, .wouldBlock: continue
            case .endOfStream, .failed: return .ended
            }
        }
    }

    /// Reads and drops `length` body bytes, using what is already buffered first.
    private mutating func skipBody(length: Int) -> Bool {
        let buffered = min(length, buffer.count)
        buffer.removeFirst(buffered)
        var remaining = length - buffered
        var discard: [UInt8] = []
        while remaining > 0 {
            guard socket.wait(stop: core.stopSignal, timeout: core.options.idleTimeout ?? 30) == .ready else {
                return false
            }
            discard.removeAll(keepingCapacity: true)
            switch socket.receive(appendingTo: &discard, maximum: min(remaining, 64 * 1024)) {
            case .bytes(let count): remaining -= count
            case .wouldBlock: continue
            case .endOfStream, .failed: return false
            }
        }
        return true
    }

    /// Sends FIN, then reads and discards for up to a second before closing, so that request bytes the
    /// client already sent do not make the kernel answer with an RST that could destroy the response
    /// still in flight to the client (the "lingering close" of Apache and nginx).
    private func lingeringClose() {
        socket.shutdownWriting()
        let deadline = MonotonicClock.now() + 1
        var discard: [UInt8] = []
        draining: while true {
            let remaining = deadline - MonotonicClock.now()
            guard remaining > 0, socket.wait(stop: core.stopSignal, timeout: remaining) == .ready else { break }
            discard.removeAll(keepingCapacity: true)
            switch socket.receive(appendingTo: &discard) {
            case .bytes, .wouldBlock: continue
            case .endOfStream, .failed: break draining
            }
        }
        socket.close()
    }
}
