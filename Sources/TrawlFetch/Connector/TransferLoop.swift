internal import CCurl
import Synchronization
import TrawlSync
#if canImport(Glibc)
import Glibc
#endif

/// The connector's thread: takes submitted transfers, admits them to curl as the `HostScheduler` allows,
/// drives the multi handle, and answers each finished transfer.
///
/// Other threads only touch `inbox` (under its mutex) and call `curl_multi_wakeup`; all curl state
/// lives in `LoopState`, which exists only on the loop thread.
final class TransferLoop: Sendable {
    private enum Command {
        case submit(Transfer)
        case cancel(UInt64)
        case pause(host: String, until: Double)
        case minimumInterval(host: String, seconds: Double)
        case grant(hosts: [String], until: Double)
        case revoke(hosts: [String])
    }

    private struct Inbox: ~Copyable {
        var commands: [Command] = []
        var stopping = false
        var load = ConnectorLoad(waiting: 0, inFlight: 0)
    }

    private let inbox = ThreadLock(Inbox())
    private let nextID = Atomic<UInt64>(1)
    private let multi: CurlMulti
    private let options: ConnectorOptions
    private let routes: ProxyRoutes
    private let trust: TrustStore
    private let thread = ThreadLock<pthread_t?>(nil)
    /// The loop thread's while it runs; read by `takeCookies()` after it was joined.
    private let session: RequestSession

    /// curl's per-host connection bound (CURLMOPT_MAX_HOST_CONNECTIONS) is only a backstop behind
    /// `HostScheduler`, which counts requests by target host. Through a proxy, curl counts connections by
    /// the proxy's host:port instead (every http:// target through an HTTP proxy shares one bucket), so
    /// the backstop would hold the whole crawl to `limitPerHost` connections: it is turned off (0) whenever a
    /// proxy may be used, and the scheduler alone bounds each target host; `limit` still bounds the total.
    init(options: ConnectorOptions, routes: ProxyRoutes = .direct) throws(ConnectorError) {
        guard let multi = CurlMulti() else { throw .curlUnavailable("curl_multi_init failed") }
        self.multi = multi
        self.options = options
        self.session = try RequestSession(options: options)
        self.routes = routes
        do { self.trust = try TrustStore(options.tls) } catch { throw .caCertificates(error) }
        // HTTP/2: requests to one host share a connection as streams (curl's default since 7.62, said here
        // because the per-host limits rely on it: see `HostScheduler`).
        multi.set(CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        multi.set(CURLMOPT_MAX_TOTAL_CONNECTIONS, options.limit)
        multi.set(CURLMOPT_MAX_HOST_CONNECTIONS, routes.usesProxy ? 0 : options.limitPerHost)
        // The connection cache is part of the total: idle keep-alive connections count against `limit`.
        multi.set(CURLMOPT_MAXCONNECTS, options.limit)
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&handle, nil, { context in
            let loop = Unmanaged<TransferLoop>.fromOpaque(context!).takeRetainedValue()
            trawl_name_current_thread("trawl-curl")
            loop.run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<TransferLoop>.fromOpaque(context).release()
            throw .curlUnavailable("cannot start the connector thread (error \(rc))")
        }
        thread.withLock { $0 = handle }
    }

    func makeTransferID() -> UInt64 { nextID.wrappingAdd(1, ordering: .relaxed).oldValue }

    var load: ConnectorLoad { inbox.withLock { $0.load } }

    func submit(_ transfer: Transfer) {
        let accepted = inbox.withLock { inbox -> Bool in
            guard !inbox.stopping else { return false }
            inbox.commands.append(.submit(transfer))
            return true
        }
        if accepted {
            multi.wakeup()
        } else {
            transfer.complete(FetchResponse(failure: FetchFailure(.cancelled, "cancelled: the crawl is stopping")))
        }
    }

    func cancel(_ id: UInt64) {
        inbox.withLock { $0.commands.append(.cancel(id)) }
        multi.wakeup()
    }

    func pause(host: String, until: Double) {
        inbox.withLock { $0.commands.append(.pause(host: host, until: until)) }
        multi.wakeup()
    }

    func setMinimumInterval(host: String, seconds: Double) {
        inbox.withLock { $0.commands.append(.minimumInterval(host: host, seconds: seconds)) }
        multi.wakeup()
    }

    func grant(hosts: [String], until: Double) {
        inbox.withLock { $0.commands.append(.grant(hosts: hosts, until: until)) }
        multi.wakeup()
    }

    func revoke(hosts: [String]) {
        inbox.withLock { $0.commands.append(.revoke(hosts: hosts)) }
        multi.wakeup()
    }

    func shutdown() {
        inbox.withLock { $0.stopping = true }
        multi.wakeup()
        if let handle = thread.withLock({ value -> pthread_t? in defer { value = nil }; return value }) {
            if pthread_equal(handle, pthread_self()) != 0 { pthread_detach(handle) } else { pthread_join(handle, nil) }
        }
        trust.close()
    }

    /// The cookie jar's content, as Netscape cookie-file lines: shuts the loop down first (the jar is the loop
    /// thread's while it runs, and every easy handle is released when it ends).
    func takeCookies() -> [String] {
        shutdown()
        return session.takeCookies()
    }

    /// The loop thread's body; returns once `shutdown()` was called and every transfer answered.
    private func run() {
        let state = LoopState(multi: multi, options: options, session: session, trust: trust, routes: routes)
        while true {
            let (commands, stopping) = inbox.withLock { inbox in
                defer { inbox.commands.removeAll(keepingCapacity: true) }
                return (inbox.commands, inbox.stopping)
            }
            for command in commands {
                switch command {
                case .submit(let transfer): state.enqueue(transfer)
                case .cancel(let id): state.cancel(id)
                case .pause(let host, let until): state.pause(host: host, until: until)
                case .minimumInterval(let host, let seconds): state.setMinimumInterval(host: host, seconds: seconds)
                case .grant(let hosts, let until): state.grant(hosts: hosts, until: until)
                case .revoke(let hosts): state.revoke(hosts: hosts)
                }
            }
            if stopping { break }
            state.admit()
            // A lease that ran out while this thread slept (a busy machine, SIGSTOP) stops its host's
            // transfers before curl sends anything more, a redirect included.
            state.enforceLeases(now: MonotonicClock.now())
            multi.perform()
            state.collectFinished()
            state.admit()
            let load = state.load
            inbox.withLock { $0.load = load }
            multi.poll(milliseconds: state.pollTimeoutMilliseconds())
        }
        // Answer whatever arrived after the last pass, then everything still waiting or running.
        let late = inbox.withLock { inbox in defer { inbox.commands.removeAll() }; return inbox.commands }
        for case .submit(let transfer) in late { state.enqueue(transfer) }
        state.abortAll()
    }
}
