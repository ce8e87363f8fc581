internal import CCurl

/// Everything the connector's loop thread owns: the scheduler, the running transfers, idle easy handles.
final class LoopState {
    private let multi: CurlMulti
    private let options: ConnectorOptions
    private var scheduler: HostScheduler<Transfer>
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var idleHandles: [CurlEasy] = []
    /// Cancellations that arrived before their transfer (a task cancelled before it submitted).
    private var cancelledEarly = Set<UInt64>()
    /// The host of each waiting transfer, to find it again on cancellation.
    private var waitingHosts: [UInt64: String] = [:]
    /// The hosts this process leases, when it shares its queue with others.
    private var fence = LeaseFence()

    init(multi: CurlMulti, options: ConnectorOptions) {
        self.multi = multi
        self.options = options
        self.scheduler = HostScheduler(
            limit: options.limit, limitPerHost: options.limitPerHost, ratePerHost: options.ratePerHost)
    }

    var load: ConnectorLoad { ConnectorLoad(waiting: scheduler.waiting, inFlight: scheduler.inFlight) }

    func enqueue(_ transfer: Transfer) {
        if cancelledEarly.remove(transfer.id) != nil {
            transfer.complete(Self.cancelled)
        } else if !fence.allows(transfer.request.hostKey, now: MonotonicClock.now()) {
            transfer.complete(Self.leaseEnded)
        } else {
            scheduler.enqueue(transfer, host: transfer.request.hostKey)
            waitingHosts[transfer.id] = transfer.request.hostKey
        }
    }

    func cancel(_ id: UInt64) {
        if let (handle, transfer) = running.first(where: { $0.value.id == id }) {
            running[handle] = nil
            finish(transfer, response: Self.cancelled)
            return
        }
        // Not running: it may be waiting, or not submitted yet.
        if let transfer = findWaiting(id) {
            transfer.complete(Self.cancelled)
        } else {
            cancelledEarly.insert(id)
        }
    }

    private func findWaiting(_ id: UInt64) -> Transfer? {
        guard let host = waitingHosts.removeValue(forKey: id) else { return nil }
        return scheduler.removeWaiting(host: host) { $0.id == id }
    }

    func pause(host: String, until: Double) { scheduler.pause(host: host, until: until) }

    func setMinimumInterval(host: String, seconds: Double) {
        scheduler.setMinimumInterval(host: host, seconds: seconds)
    }

    func grant(hosts: [String], until: Double) { fence.grant(hosts, until: until) }

    func revoke(hosts: [String]) {
        fence.revoke(hosts)
        for host in hosts { stopTransfers(to: host) }
    }

    /// Stops every transfer, waiting or running, to a host whose lease ran out.
    func enforceLeases(now: Double) {
        for host in fence.expire(now: now) { stopTransfers(to: host) }
    }

    private func stopTransfers(to host: String) {
        for transfer in scheduler.removeAllWaiting(host: host) {
            waitingHosts[transfer.id] = nil
            transfer.complete(Self.leaseEnded)
        }
        for (handle, transfer) in running where transfer.request.hostKey == host {
            running[handle] = nil
            finish(transfer, response: Self.leaseEnded)
        }
    }

    /// Hands every request the scheduler allows now to curl.
    func admit() {
        let now = MonotonicClock.now()
        enforceLeases(now: now)
        while let (transfer, _) = scheduler.next(now: now) {
            waitingHosts[transfer.id] = nil
            start(transfer)
        }
    }

    private func start(_ transfer: Transfer) {
        guard let easy = idleHandles.popLast() ?? CurlEasy() else {
            scheduler.finished(host: transfer.request.hostKey, now: MonotonicClock.now())
            transfer.complete(FetchResponse(failure: FetchFailure(.other, "curl_easy_init failed")))
            return
        }
        easy.reset()
        configure(easy, for: transfer)
        transfer.easy = easy
        running[easy.handle] = transfer
        if !multi.add(easy) {
            running[easy.handle] = nil
            finish(transfer, response: FetchResponse(failure: FetchFailure(.other, "curl_multi_add_handle failed")))
        }
    }

    /// Sets every option of one request on a freshly reset handle.
    private func configure(_ easy: CurlEasy, for transfer: Transfer) {
        easy.set(CURLOPT_URL, transfer.request.url)
        easy.set(CURLOPT_NOSIGNAL, true)
        easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        easy.set(CURLOPT_FOLLOWLOCATION, true)
        easy.set(CURLOPT_MAXREDIRS, transfer.request.maxRedirects ?? options.maxRedirects)
        easy.set(CURLOPT_AUTOREFERER, true)
        easy.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeout))
        easy.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(options.timeout))
        easy.set(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit)
        easy.set(CURLOPT_LOW_SPEED_TIME, max(1, Int(options.lowSpeedTime.rounded(.up))))
        easy.set(CURLOPT_ACCEPT_ENCODING, "gzip, deflate")
        easy.set(CURLOPT_USERAGENT, options.userAgent)
        easy.set(CURLOPT_FORBID_REUSE, options.forceClose)
        easy.set(CURLOPT_MAXAGE_CONN, max(1, Int(options.keepaliveTimeout.rounded(.up))))
        easy.set(CURLOPT_WRITEFUNCTION, callback: Transfer.writeCallback)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        easy.set(CURLOPT_WRITEDATA, pointer: context)
        easy.setOpenSocket(Transfer.openSocketCallback, context: context)
        if let lines = transfer.request.conditional?.headerLines, !lines.isEmpty {
            let headers = CurlHeaderList(lines)
            transfer.headers = headers
            easy.setHeaders(headers)
        }
    }

    /// Answers every transfer curl has finished.
    func collectFinished() {
        for (handle, code) in multi.finishedTransfers() {
            guard let transfer = running.removeValue(forKey: handle) else { continue }
            finish(transfer, response: response(of: transfer, code: code))
        }
    }

    /// Detaches the handle, frees the host's slot and answers the caller.
    private func finish(_ transfer: Transfer, response: FetchResponse) {
        defer { transfer.headers = nil }
        if let easy = transfer.easy {
            multi.remove(easy)
            transfer.easy = nil
            if idleHandles.count < options.limit { idleHandles.append(easy) }
        }
        scheduler.finished(host: transfer.request.hostKey, now: MonotonicClock.now())
        transfer.complete(response)
    }

    private func response(of transfer: Transfer, code: CURLcode) -> FetchResponse {
        guard let easy = transfer.easy else { return Self.cancelled }
        let status = easy.long(CURLINFO_RESPONSE_CODE)
        let retryAfter = easy.offset(CURLINFO_RETRY_AFTER)
        var response = FetchResponse(
            status: status > 0 ? status : nil,
            finalURL: easy.string(CURLINFO_EFFECTIVE_URL),
            contentType: easy.string(CURLINFO_CONTENT_TYPE),
            body: transfer.body,
            bytes: transfer.bytes,
            elapsed: Double(easy.offset(CURLINFO_TOTAL_TIME_T)) / 1_000_000,
            redirects: easy.long(CURLINFO_REDIRECT_COUNT),
            retryAfter: retryAfter > 0 ? Double(retryAfter) : nil
        )
        response.robotsTags = easy.headerValues("X-Robots-Tag")
        response.etag = easy.headerValues("ETag").first
        response.lastModified = easy.headerValues("Last-Modified").first
        if code != CURLE_OK && !(code == CURLE_WRITE_ERROR && transfer.truncated) {
            response.failure = CurlFailure.describe(code, easy: easy, transfer: transfer, options: options)
            response.body = []
            if code == CURLE_UNSUPPORTED_PROTOCOL, let previous = easy.string(CURLINFO_REFERER) {
                // A redirect to ftp: (or any scheme but http/https) is not followed: the response stored is
                // the redirect itself, whose URL CURLOPT_AUTOREFERER left as the referer of the refused one
                // (CURLINFO_EFFECTIVE_URL already names the refused target).
                response.finalURL = previous
            }
        }
        transfer.body = []
        return response
    }

    /// How long `curl_multi_poll` may sleep: until curl's next timer or a rate-limited host's next slot.
    func pollTimeoutMilliseconds() -> Int32 {
        var milliseconds = multi.timeoutMilliseconds() ?? 1_000
        let now = MonotonicClock.now()
        if let deadline = scheduler.nextRateDeadline(now: now) {
            milliseconds = min(milliseconds, Int(((deadline - now) * 1000).rounded(.up)))
        }
        return Int32(max(0, min(milliseconds, 1_000)))
    }

    /// Answers everything with `.cancelled` and releases every handle (the connector is shutting down).
    func abortAll() {
        for transfer in scheduler.removeAllWaiting() { transfer.complete(Self.cancelled) }
        waitingHosts.removeAll()
        for (_, transfer) in running { finish(transfer, response: Self.cancelled) }
        running.removeAll()
        idleHandles.removeAll()
    }

    static let cancelled = FetchResponse(failure: FetchFailure(.cancelled, "cancelled"))
    static let leaseEnded = FetchResponse(failure: FetchFailure(
        .cancelled, "cancelled: this crawler's lease of the host ended (not renewed in time, or taken over)"))

    static func milliseconds(_ seconds: Double) -> Int { max(1, Int((seconds * 1000).rounded())) }
}
