internal import CCurl

/// Everything the connector's loop thread owns: the scheduler, the running transfers, idle easy handles.
final class LoopState {
    private let multi: CurlMulti
    private let options: ConnectorOptions
    private let routes: ProxyRoutes
    private let trust: TrustStore
    private var scheduler: HostScheduler<Transfer>
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var idleHandles: [CurlEasy] = []
    /// Cancellations that arrived before their transfer (a task cancelled before it submitted).
    private var cancelledEarly = Set<UInt64>()
    /// The host of each waiting transfer, to find it again on cancellation.
    private var waitingHosts: [UInt64: String] = [:]
    /// The hosts this process leases, when it shares its queue with others.
    private var fence = LeaseFence()

    /// Headers, the cookie jar and logins every request carries.
    private let session: RequestSession

    init(multi: CurlMulti, options: ConnectorOptions, session: RequestSession, trust: TrustStore, routes: ProxyRoutes) {
        self.multi = multi
        self.options = options
        self.session = session
        self.trust = trust
        self.routes = routes
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
        transfer.route = routes.route(for: transfer.request.url)
        if let refusal = refusalThroughProxy(transfer) {
            scheduler.finished(host: transfer.request.hostKey, now: MonotonicClock.now())
            transfer.complete(FetchResponse(failure: refusal))
            return
        }
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
        session.configure(easy, for: transfer.request)
        if let lines = transfer.request.conditional?.headerLines, !lines.isEmpty {
            transfer.headers = session.setHeaders(easy, adding: lines)
        }
        configureTLSAndHTTPVersion(easy, https: transfer.request.url.hasPrefix("https:"))
        configureProxy(easy, for: transfer, context: context)
    }

    /// CURLOPT_PROXY is set on every transfer — the route's proxy, or "" for a direct connection — and
    /// CURLOPT_NOPROXY to "", so that curl never decides from the environment by itself: `ProxyRoutes`
    /// already did, and the guard and the run's message rely on that decision. Credentials go through
    /// CURLOPT_PROXYUSERNAME / CURLOPT_PROXYPASSWORD, never in the URL curl logs in its error texts.
    private func configureProxy(_ easy: CurlEasy, for transfer: Transfer, context: UnsafeMutableRawPointer) {
        easy.set(CURLOPT_NOPROXY, "")
        guard let route = transfer.route else {
            easy.set(CURLOPT_PROXY, "")
            return
        }
        easy.set(CURLOPT_PROXY, route.proxy.redacted)
        if route.proxy.scheme == .https { trust.applyToProxy(easy) }
        if let credentials = route.proxy.credentials {
            easy.set(CURLOPT_PROXYUSERNAME, credentials.user)
            easy.set(CURLOPT_PROXYPASSWORD, credentials.password)
        }
        if !transfer.request.allowPrivateAddresses {
            easy.setPrerequest(Transfer.prerequestCallback, context: context)
        }
    }

    /// Through a proxy, a request whose target is private by name is refused before anything is sent
    /// (`ProxiedTargetGuard`); nil when it may go.
    private func refusalThroughProxy(_ transfer: Transfer) -> FetchFailure? {
        guard transfer.route != nil, !transfer.request.allowPrivateAddresses,
              let host = CurlURL(parsing: transfer.request.url)?.host,
              let reason = ProxiedTargetGuard.refusal(host: host) else { return nil }
        return FetchFailure(.privateAddress,
                            ProxiedTargetGuard.message(hostKey: transfer.request.hostKey, reason: reason))
    }

    /// HTTPS trust and the HTTP version (issue 11). Under HTTP/2, CURLOPT_PIPEWAIT makes a request to a
    /// host whose connection is still being set up wait for it (and its ALPN answer) rather than open a
    /// second one, so that requests to one host share one connection. Only for https://: over plain http
    /// curl learns that a connection cannot multiplex from its first response's headers, so a waiting
    /// request would wait for a slow first response.
    private func configureTLSAndHTTPVersion(_ easy: CurlEasy, https: Bool) {
        trust.apply(to: easy)
        switch options.httpVersion {
        case .http2:
            easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
            if https { easy.set(CURLOPT_PIPEWAIT, true) }
        case .http1_1:
            easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
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
            finalURL: easy.string(CURLINFO_EFFECTIVE_URL).map(URLWithoutUserinfo.of),
            contentType: easy.string(CURLINFO_CONTENT_TYPE),
            body: transfer.body,
            bytes: transfer.bytes,
            elapsed: Double(easy.offset(CURLINFO_TOTAL_TIME_T)) / 1_000_000,
            redirects: easy.long(CURLINFO_REDIRECT_COUNT),
            retryAfter: retryAfter > 0 ? Double(retryAfter) : nil
        )
        response.robotsTags = easy.headerValues("X-Robots-Tag")
        session.learn(from: easy, for: transfer.request, status: status, finalURL: response.finalURL)
        if code == CURLE_OK, transfer.route != nil, status == 407 {
            response.failure = CurlFailure.proxyAuthenticationRequired(transfer: transfer, status: status)
            response.body = []
        }
        if status > 0 { response.httpVersion = Self.httpVersionText(easy.long(CURLINFO_HTTP_VERSION)) }
        response.etag = easy.headerValues("ETag").first
        response.lastModified = easy.headerValues("Last-Modified").first
        if code != CURLE_OK && !(code == CURLE_WRITE_ERROR && transfer.truncated) {
            response.failure = CurlFailure.describe(code, easy: easy, transfer: transfer, options: options)
            response.body = []
            if code == CURLE_UNSUPPORTED_PROTOCOL, let previous = easy.string(CURLINFO_REFERER) {
                // A redirect to ftp: (or any scheme but http/https) is not followed: the response stored is
                // the redirect itself, whose URL CURLOPT_AUTOREFERER left as the referer of the refused one
                // (CURLINFO_EFFECTIVE_URL already names the refused target).
                response.finalURL = URLWithoutUserinfo.of(previous)
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

    /// CURLINFO_HTTP_VERSION's CURL_HTTP_VERSION_* value as the protocol's own version number.
    static func httpVersionText(_ value: Int) -> String? {
        switch value {
        case CURL_HTTP_VERSION_1_0: "1.0"
        case CURL_HTTP_VERSION_1_1: "1.1"
        case CURL_HTTP_VERSION_2_0: "2"
        case 30: "3"  // CURL_HTTP_VERSION_3
        default: nil
        }
    }

    static func milliseconds(_ seconds: Double) -> Int { max(1, Int((seconds * 1000).rounded())) }
}
