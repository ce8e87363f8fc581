internal import Glibc
import TrawlSync

/// Counters and the request log, updated by the server's threads and read by tests.
///
/// Peaks are what limit tests assert on ("never more than 2 connections to this host"), so they count
/// what the client holds, never more: a connection whose peer has already closed is not counted even if
/// its thread has not noticed yet (see `sweepClosedPeers`), and a request stops counting just before the
/// last byte of its response is handed to the kernel (see `requestFinished`).
final class ServerStatistics: Sendable {
    private struct OpenConnection {
        let socket: Socket
        var handlingRequest = false
    }

    private struct State {
        var nextConnectionID = 1
        var open: [Int: OpenConnection] = [:]
        var totalConnections = 0
        var maxConcurrentConnections = 0
        var maxConcurrentRequests = 0
        var requestLog: [LoggedRequest] = []

        /// A client that drops a connection (idle, or after a timeout) and at once opens another sends FIN
        /// before SYN, but the accept thread may run before the old connection's thread notices the FIN.
        /// Dropping such connections here, before counting, keeps peaks equal to what the client held.
        mutating func sweepClosedPeers() {
            for (id, connection) in open where connection.socket.hasPeerClosed() {
                open[id] = nil
            }
        }
    }

    /// A pthread lock rather than `Synchronization.Mutex`, so that ThreadSanitizer can check it (see
    /// `ThreadLock`).
    private let state = ThreadLock(State())

    /// Registers an accepted connection and returns its ID (1, 2, … in accept order).
    ///
    /// A new peak is looked at twice. On a loaded machine the kernel may deliver a client's FIN on one
    /// connection after the SYN of the connection it opened next (the two can be queued on different
    /// CPUs), so before a peak is raised the server gives a just-closed peer up to 30 ms to show its FIN
    /// (10 ms was not enough with four busy loops on two cores). Only a raised peak waits; this runs on the
    /// accept thread, never on the cooperative pool.
    func connectionOpened(_ socket: Socket) -> Int {
        let id = state.withLock { state in
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            state.open[id] = OpenConnection(socket: socket)
            state.totalConnections += 1
            return id
        }
        func exceedsPeak() -> Bool {
            state.withLock { state in
                state.sweepClosedPeers()
                return state.open.count > state.maxConcurrentConnections
            }
        }
        var waits = 0
        while waits < 15, exceedsPeak() {
            usleep(2_000)
            waits += 1
        }
        state.withLock { state in
            state.sweepClosedPeers()
            state.maxConcurrentConnections = max(state.maxConcurrentConnections, state.open.count)
        }
        return id
    }

    /// The server has decided to close, or the peer has closed; idempotent.
    func connectionEnded(_ id: Int) {
        state.withLock { _ = $0.open.removeValue(forKey: id) }
    }

    /// A request head arrived: log it and count it in flight until `requestFinished`.
    func requestStarted(_ request: LoggedRequest) {
        state.withLock { state in
            state.sweepClosedPeers()
            state.requestLog.append(request)
            state.open[request.connectionID]?.handlingRequest = true
            let inFlight = state.open.values.lazy.filter(\.handlingRequest).count
            state.maxConcurrentRequests = max(state.maxConcurrentRequests, inFlight)
        }
    }

    /// Called just before the response's last bytes are sent (or when it is abandoned), so that the
    /// client, once it has the response, can never see this request still counted; idempotent.
    func requestFinished(connectionID: Int) {
        state.withLock { $0.open[connectionID]?.handlingRequest = false }
    }

    var openConnections: Int { state.withLock { $0.open.count } }
    var totalConnections: Int { state.withLock { $0.totalConnections } }
    var maxConcurrentConnections: Int { state.withLock { $0.maxConcurrentConnections } }
    var maxConcurrentRequests: Int { state.withLock { $0.maxConcurrentRequests } }
    var requestLog: [LoggedRequest] { state.withLock { $0.requestLog } }

    func requestCount(path: String) -> Int {
        state.withLock { $0.requestLog.lazy.filter { $0.path == path }.count }
    }
}
