/// Delivers a `ServerResponse` on a socket according to its `ResponseBehaviour`.
struct ResponseWriter {
    let socket: Socket
    let stop: StopSignal

    enum Outcome {
        /// Sent in full; the connection may carry another request.
        case keepOpen
        /// Done (or deliberately broken off); close gracefully.
        case close
        /// The peer went away or the server is stopping; close at once.
        case abandon
    }

    /// Sends `response`. `persistent`: whether client and server options allow reuse (a handler's own
    /// `Connection: close` also ends the connection). `handingOver` must be idempotent: it runs just
    /// before the last bytes are sent, and again when delivery ends, however it ends.
    func deliver(
        _ response: ServerResponse, isHead: Bool, persistent: Bool, handingOver: () -> Void = {}
    ) -> Outcome {
        let handlerCloses = response.headers.contains { name, value in
            name.lowercased() == "connection" && value.lowercased().contains("close")
        }
        let keep = persistent && !handlerCloses
        let framed = ResponseHead.allowsBody(response.status)
        let length = framed ? response.body.count : nil
        let body = framed && !isHead ? response.body : []
        let afterSending: Outcome = keep ? .keepOpen : .close
        defer { handingOver() }

        switch response.behaviour {
        case .normal:
            handingOver()
            return send(head(response, length: length, closing: !keep) + body) ? afterSending : .abandon

        case .delay(let seconds):
            guard pause(seconds) else { return .abandon }
            handingOver()
            return send(head(response, length: length, closing: !keep) + body) ? afterSending : .abandon

        case .neverRespond:
            holdSilently()
            return .abandon

        case .trickle(let interval):
            guard send(head(response, length: length, closing: !keep)) else { return .abandon }
            for (index, byte) in body.enumerated() {
                guard pause(interval) else { return .abandon }
                if index == body.count - 1 { handingOver() }
                guard send([byte]) else { return .abandon }
            }
            return afterSending

        case .closeMidBody(let afterBytes):
            handingOver()
            _ = send(head(response, length: length, closing: true) + body.prefix(max(afterBytes, 0)))
            return .close

        case .lyingContentLength(let extra):
            handingOver()
            _ = send(head(response, length: (length ?? 0) + extra, closing: true) + body)
            return .close

        case .closeWithoutResponse:
            return .close
        }
    }

    private func head(_ response: ServerResponse, length: Int?, closing: Bool) -> [UInt8] {
        ResponseHead.bytes(status: response.status, headers: response.headers, contentLength: length, closing: closing)
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        socket.sendAll(bytes[...], stop: stop)
    }

    /// Waits `seconds`; false if the server stops or the client closes first. Watching the client lets a
    /// request the client gave up on (a timeout) end at once instead of counting as in flight.
    private func pause(_ seconds: Double) -> Bool {
        let deadline = MonotonicClock.now() + seconds
        while true {
            let remaining = deadline - MonotonicClock.now()
            guard remaining > 0 else { return true }
            switch socket.wait(stop: stop, timeout: remaining) {
            case .stopped: return false
            case .timedOut: return true
            case .ready:
                if socket.hasPeerClosed() { return false }
                // A pipelined request is waiting: it stays readable, so sleep out the rest instead.
                return stop.sleep(seconds: deadline - MonotonicClock.now())
            }
        }
    }

    /// Reads and discards until the client closes or the server stops: a hung server that still keeps
    /// its receive window open.
    private func holdSilently() {
        var discard: [UInt8] = []
        while socket.wait(stop: stop, timeout: nil) == .ready {
            discard.removeAll(keepingCapacity: true)
            switch socket.receive(appendingTo: &discard) {
            case .bytes, .wouldBlock: continue
            case .endOfStream, .failed: return
            }
        }
    }
}
