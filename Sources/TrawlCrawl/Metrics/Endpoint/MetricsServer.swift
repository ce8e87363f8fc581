import Glibc
import Synchronization
import TrawlSync
import TrawlFetch

/// A tiny HTTP server for `GET /metrics` (`trawl crawl --metrics`), on a thread of its own.
///
/// It never runs on Swift's cooperative pool, which the crawl's workers share: a scrape renders the
/// exposition from a synchronous snapshot (short locks, no `await`). It serves one connection at a time,
/// each bounded by `requestTimeout` to read the request and `responseTimeout` to send the answer, so a slow
/// or hostile client delays the next scrape by at most those seconds and the crawl not at all.
public final class MetricsServer: Sendable {
    /// Seconds a client has to send its request head.
    public static let requestTimeout = 2.0
    /// Seconds a client has to take the response.
    public static let responseTimeout = 5.0

    /// Where it listens (the port the kernel chose, when 0 was asked for).
    public let address: MetricsAddress
    private let listener: Int32
    private let wake: (read: Int32, write: Int32)
    private let source = ThreadLock<@Sendable () -> [MetricFamily]>({ [] })
    /// Requests whose exposition was begun / whose response was sent, numbered: see `waitForScrape`.
    private let scrapesBegun = Atomic<Int>(0)
    private let scrapesServed = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// Binds and listens now, so that a bad or busy address is an error before the crawl starts; serving
    /// starts on the server's thread at once (an empty exposition until `serve(_:)` gives a source).
    public init(address: MetricsAddress) throws(MetricsServerError) {
        let (descriptor, port) = try ListeningSocket.open(address)
        guard let wake = ListeningSocket.wakePipe() else {
            let code = errno
            ListeningSocket.close(descriptor)
            throw .cannotStart(errno: code)
        }
        self.listener = descriptor
        self.wake = wake
        self.address = address.with(port: port)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            let server = Unmanaged<MetricsServer>.fromOpaque(context!).takeRetainedValue()
            server.run()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<MetricsServer>.fromOpaque(context).release()
            ListeningSocket.close(descriptor, wake.read, wake.write)
            throw .cannotStart(errno: started)
        }
        pthread_detach(thread)
    }

    /// Serves the families `families` returns from now on (called on the server's thread, once per scrape).
    public func serve(_ families: @escaping @Sendable () -> [MetricFamily]) {
        source.withLock { $0 = families }
    }

    /// Stops serving: the thread closes the socket and ends within moments. Safe to call more than once.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        ListeningSocket.wake(wake.write)
    }

    /// Waits (with `Task.sleep`) until a scrape that began after this call has been answered, or `seconds`
    /// pass; whether one was. For a short crawl whose last values must be read before the process exits.
    public func waitForScrape(seconds: Double) async -> Bool {
        let mark = scrapesBegun.load(ordering: .acquiring)
        let deadline = MonotonicClock.now() + seconds
        while MonotonicClock.now() < deadline {
            if scrapesServed.load(ordering: .acquiring) > mark { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return scrapesServed.load(ordering: .acquiring) > mark
    }

    private func run() {
        defer { ListeningSocket.close(listener, wake.read, wake.write) }
        // It ends only on the wake pipe, so that `stop()` never writes to a descriptor closed (and perhaps
        // reused) meanwhile.
        while true {
            guard let ready = ListeningSocket.waitReadable([listener, wake.read], milliseconds: -1) else { continue }
            if ready == 1 { return }
            guard let client = ListeningSocket.accept(listener) else { continue }
            answer(client)
            ListeningSocket.finish(client, seconds: 0.5)
        }
    }

    /// Reads one request from `client` within the timeouts and answers it.
    private func answer(_ client: Int32) {
        let head = ListeningSocket.readHead(client, limit: MetricsHTTP.maxHeadBytes,
                                            deadline: MonotonicClock.now() + Self.requestTimeout,
                                            isComplete: MetricsHTTP.isComplete)
        guard !head.isEmpty else { return }
        let request = MetricsHTTP.request(head)
        var number = 0
        let response = MetricsHTTP.response(to: request) {
            number = scrapesBegun.add(1, ordering: .acquiringAndReleasing).newValue
            return PrometheusText.render(source.withLock { $0 }())
        }
        let sent = ListeningSocket.writeAll(client, response, deadline: MonotonicClock.now() + Self.responseTimeout)
        if sent && number > 0 {
            // A later scrape may have finished first: the newest number answered.
            var current = scrapesServed.load(ordering: .acquiring)
            while current < number {
                let (exchanged, original) = scrapesServed.compareExchange(
                    expected: current, desired: number, ordering: .acquiringAndReleasing)
                if exchanged { break }
                current = original
            }
        }
    }
}
