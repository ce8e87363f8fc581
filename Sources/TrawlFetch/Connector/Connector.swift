import TrawlSync

/// The one HTTP client of a crawl: a libcurl multi handle shared by every worker, bounding connections in
/// total and per host, spacing request starts per host, reusing keep-alive connections and applying the
/// timeouts of `ConnectorOptions` — the role aiohttp's `TCPConnector` plays for an aiohttp crawler.
///
/// Workers call `fetch` concurrently from Swift tasks; one dedicated thread runs curl
/// (`curl_multi_poll` blocks, so it must never run on the cooperative pool). Call `shutdown()` before
/// the process exits: curl's cleanup must finish before OpenSSL's exit-time cleanup runs.
public final class Connector: Sendable {
    public let options: ConnectorOptions
    private let loop: TransferLoop
    /// Pauses and Crawl-delays set per host, kept here (not only on the loop thread) so that a host's
    /// state can be handed to the next process that serves it.
    private let politeness = ThreadLock<[String: HostPoliteness]>([:])

    public init(options: ConnectorOptions = ConnectorOptions()) throws(ConnectorError) {
        self.options = options
        let routes: ProxyRoutes
        do { routes = try options.proxyRoutes() } catch { throw .invalidProxy(error) }
        self.loop = try TransferLoop(options: options, routes: routes)
    }

    deinit { loop.shutdown() }

    /// Fetches one URL. Waits in trawl's queue while limits or the host's rate say so (that wait never
    /// fails and is not counted in `timeout`). Cancelling the calling task aborts the request, which then
    /// answers with a `.cancelled` failure.
    public func fetch(_ request: FetchRequest) async -> FetchResponse {
        let id = loop.makeTransferID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(Transfer(id: id, request: request, options: options, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
    }

    /// Starts no request to `host` for `seconds` (a 429 or 503 asked to wait): requests to it wait in the
    /// queue, other hosts go on.
    public func pause(host: String, seconds: Double) {
        let until = MonotonicClock.now() + seconds
        politeness.withLock { $0[host, default: HostPoliteness()].pausedUntil = max($0[host]?.pausedUntil ?? 0, until) }
        loop.pause(host: host, until: until)
    }

    /// Spaces request starts to `host` at least `seconds` apart (robots.txt Crawl-delay), when that is
    /// stricter than `ratePerHost`.
    public func setMinimumInterval(_ seconds: Double, forHost host: String) {
        politeness.withLock { $0[host, default: HostPoliteness()].minimumInterval = max(0, seconds) }
        loop.setMinimumInterval(host: host, seconds: seconds)
    }

    /// From now on, requests start only to hosts granted here, each until its deadline (monotonic
    /// seconds); a request to another host fails at once as cancelled, and requests to a host whose
    /// deadline passes are aborted (see `LeaseFence`). Granting again moves the deadline.
    public func grantHosts(_ hosts: [String], until deadline: Double) {
        guard !hosts.isEmpty else { return }
        loop.grant(hosts: hosts, until: deadline)
    }

    /// Stops serving `hosts`: their waiting and running requests are aborted (they answer `.cancelled`).
    public func revokeHosts(_ hosts: [String]) {
        guard !hosts.isEmpty else { return }
        loop.revoke(hosts: hosts)
    }

    /// A host's politeness state to hand on to another process: the seconds left of a pause, and the
    /// seconds between request starts (`ratePerHost`, or a stricter Crawl-delay).
    public func politenessState(of host: String) -> (pauseRemaining: Double, interval: Double) {
        let state = politeness.withLock { $0[host] } ?? HostPoliteness()
        let rateInterval = options.ratePerHost.map { $0 > 0 ? 1 / $0 : 0 } ?? 0
        return (max(0, state.pausedUntil - MonotonicClock.now()), max(rateInterval, state.minimumInterval))
    }

    /// Requests waiting in trawl's queue and running in curl, for progress displays.
    public var load: ConnectorLoad { loop.load }

    /// Aborts every request (they answer `.cancelled`), closes all connections and stops the curl
    /// thread; waits for it. Idempotent.
    public func shutdown() { loop.shutdown() }

    /// The crawl's cookie jar at the end, as Netscape cookie-file lines (what `--save-cookies` writes):
    /// the cookies it started with and every `Set-Cookie` since. Shuts the connector down first.
    public func finalCookies() -> [String] { loop.takeCookies() }
}

/// What `Connector` remembers of a host's politeness.
private struct HostPoliteness {
    var pausedUntil = 0.0
    var minimumInterval = 0.0
}

/// How busy the connector is right now.
public struct ConnectorLoad: Sendable, Equatable {
    public var waiting: Int
    public var inFlight: Int
}

/// The connector could not start.
public enum ConnectorError: Error, CustomStringConvertible {
    case curlUnavailable(String)
    /// A proxy variable of the environment (or a saved --proxy) is not a proxy URL trawl can use.
    case invalidProxy(ProxyURLError)
    /// The `--ca-cert` file cannot be used.
    case caCertificates(CACertificateError)

    public var description: String {
        switch self {
        case .curlUnavailable(let what): "libcurl could not start: \(what)"
        case .invalidProxy(let error): error.description
        case .caCertificates(let error): "\(error)"
        }
    }
}
