internal import Glibc
import TrawlSync

/// One non-blocking TCP socket descriptor, owned: closed exactly once, by `close()` or `deinit`.
///
/// Only the connection's own thread receives, sends and closes. The accept thread may peek at an idle
/// connection (`hasPeerClosed()`), so the descriptor sits behind a lock (a `ThreadLock`, which TSan can
/// check): a peek never reaches a number that was closed and reused for another file.
final class Socket: Sendable {
    private let handle: ThreadLock<Int32>

    init(adopting descriptor: Int32) {
        handle = ThreadLock(descriptor)
    }

    deinit { close() }

    /// What a wait ended with.
    enum Readiness: Equatable {
        /// The socket has something for us: data, space to write, end of stream or an error.
        case ready
        case timedOut
        case stopped
    }

    /// What one `recv(2)` gave.
    enum Received: Equatable {
        case bytes(Int)
        case endOfStream
        case wouldBlock
        case failed
    }

    /// The current descriptor, -1 once closed.
    var descriptor: Int32 { handle.withLock { $0 } }

    /// Waits with `poll(2)` until the socket is readable (or writable), the server stops, or `timeout`
    /// seconds pass (`nil`: no timeout; the wait still ends on stop).
    func wait(writable: Bool = false, stop: StopSignal, timeout: Double?) -> Readiness {
        let deadline = timeout.map { MonotonicClock.now() + $0 }
        let events = Int16(writable ? POLLOUT : POLLIN)
        while !stop.isFired {
            let remaining = deadline.map { $0 - MonotonicClock.now() }
            if let remaining, remaining <= 0 { return .timedOut }
            var entries = [
                pollfd(fd: descriptor, events: events, revents: 0),
                pollfd(fd: stop.descriptor, events: Int16(POLLIN), revents: 0),
            ]
            let count = poll(&entries, 2, PollTimeout.milliseconds(remaining))
            if count < 0 && errno != EINTR { return .ready }  // let the next call report the error
            if entries[1].revents != 0 { return .stopped }
            if entries[0].revents != 0 { return .ready }
        }
        return .stopped
    }

    /// One `recv(2)` of at most `maximum` bytes, appended to `buffer`.
    func receive(appendingTo buffer: inout [UInt8], maximum: Int = 16 * 1024) -> Received {
        var chunk = [UInt8](repeating: 0, count: maximum)
        let fd = descriptor
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, maximum, Int32(MSG_DONTWAIT)) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
            return .bytes(count)
        }
        if count == 0 { return .endOfStream }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wouldBlock : .failed
    }

    /// Sends all of `bytes`, waiting for buffer space as needed; false if the peer went away, the server
    /// stopped, or the peer read nothing for `stallTimeout` seconds.
    ///
    /// `MSG_NOSIGNAL`: a client that disconnects mid-response must yield `EPIPE`, not a process-killing
    /// `SIGPIPE` (send(2)).
    func sendAll(_ bytes: ArraySlice<UInt8>, stop: StopSignal, stallTimeout: Double = 10) -> Bool {
        var remaining = bytes
        while !remaining.isEmpty {
            let fd = descriptor
            let sent = remaining.withUnsafeBytes {
                send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if sent > 0 {
                remaining = remaining.dropFirst(sent)
                continue
            }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return false }
            guard wait(writable: true, stop: stop, timeout: stallTimeout) == .ready else { return false }
        }
        return true
    }

    /// True when the peer has sent FIN with nothing left unread (`recv(2)` with `MSG_PEEK` reads 0) or
    /// has reset the connection. Never consumes data.
    func hasPeerClosed() -> Bool {
        handle.withLock { fd in
            guard fd >= 0 else { return true }
            var byte: UInt8 = 0
            let count = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
            return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        }
    }

    /// `shutdown(SHUT_WR)`: sends FIN so the client sees the end of the response at once, while what it
    /// may still send can be read and discarded (a lingering close, as HTTP servers do to avoid an RST).
    func shutdownWriting() {
        handle.withLock { fd in
            if fd >= 0 { _ = shutdown(fd, Int32(SHUT_WR)) }
        }
    }

    /// `TCP_NODELAY`: a trickled byte or a small response must leave now, not after Nagle's delay.
    func disableNagle() {
        var on: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Closes the descriptor; idempotent.
    func close() {
        handle.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }
}
