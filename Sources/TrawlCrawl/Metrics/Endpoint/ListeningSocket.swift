import Glibc
import TrawlFetch

/// Every raw libc call of the metrics server, each wrapped once: a listening TCP socket bound to a
/// `MetricsAddress`, non-blocking reads and writes bounded by a deadline (`poll(2)`), so that no client can
/// hold the server longer than its timeouts, and the pipe that wakes the server to stop.
enum ListeningSocket {
    /// A socket bound to `address` and listening; returns its descriptor and the port it got (the kernel's
    /// choice for port 0).
    static func open(_ address: MetricsAddress) throws(MetricsServerError) -> (descriptor: Int32, port: UInt16) {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .cannotListen(address, errno: errno) }
        var one: Int32 = 1
        // SO_REUSEADDR lets a restarted crawl listen at once past the old sockets' TIME_WAIT; on Linux it
        // never lets two processes listen on one port.
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if address.isIPv6 {
            // `[::]` means IPv6 only, as written: no IPv4-mapped addresses behind the user's back.
            setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        var storage = sockaddr_storage()
        let length = fill(&storage, address)
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let code = errno
            close(descriptor)
            throw .cannotListen(address, errno: code)
        }
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &actualLength) }
        }
        let port = withUnsafePointer(to: &actual) { pointer -> UInt16 in
            address.isIPv6
                ? pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
                : pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        return (descriptor, port)
    }

    private static func fill(_ storage: inout sockaddr_storage, _ address: MetricsAddress) -> socklen_t {
        withUnsafeMutablePointer(to: &storage) { pointer in
            if address.isIPv6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    v6.pointee.sin6_family = sa_family_t(AF_INET6)
                    v6.pointee.sin6_port = address.port.bigEndian
                    inet_pton(AF_INET6, address.host, &v6.pointee.sin6_addr)
                    return socklen_t(MemoryLayout<sockaddr_in6>.size)
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                v4.pointee.sin_family = sa_family_t(AF_INET)
                v4.pointee.sin_port = address.port.bigEndian
                inet_pton(AF_INET, address.host, &v4.pointee.sin_addr)
                return socklen_t(MemoryLayout<sockaddr_in>.size)
            }
        }
    }

    /// A pipe whose read end wakes the server's `poll(2)` when a byte is written to its other end (`wake`).
    static func wakePipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    static func wake(_ writeEnd: Int32) {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    static func close(_ descriptors: Int32...) {
        for descriptor in descriptors { _ = Glibc.close(descriptor) }
    }

    /// Ends an answered connection: the client may have sent more than the head, and closing with unread
    /// bytes would reset the connection and could lose the response in its buffers, so the write side is
    /// shut and the client given `seconds` to read and close first.
    static func finish(_ client: Int32, seconds: Double) {
        shutdown(client, Int32(SHUT_WR))
        _ = readHead(client, limit: 65536, deadline: MonotonicClock.now() + seconds) { _ in false }
        close(client)
    }

    /// Waits until one of `descriptors` is readable (or `milliseconds` pass: -1 for ever); the index of the
    /// first readable one, nil on timeout.
    static func waitReadable(_ descriptors: [Int32], milliseconds: Int32) -> Int? {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&entries, nfds_t(entries.count), milliseconds) > 0 else { return nil }
        return entries.firstIndex { $0.revents != 0 }
    }

    /// The next connection, non-blocking; nil when none is waiting or the client left. Out of descriptors
    /// (EMFILE), the listener stays readable: it pauses 100 ms then, so that the server's loop does not spin.
    static func accept(_ listener: Int32) -> Int32? {
        // accept4(2) is a GNU extension Swift's Glibc module does not show: accept(2), then fcntl(2).
        let client = Glibc.accept(listener, nil, nil)
        guard client >= 0 else {
            if errno != EAGAIN && errno != EINTR && errno != ECONNABORTED { _ = poll(nil, 0, 100) }
            return nil
        }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        return client
    }

    /// Reads until `isComplete` says the bytes hold a whole request head, `limit` bytes came, the peer
    /// closed, or `deadline` (monotonic seconds) passed. A slow client gets no more than the deadline.
    static func readHead(_ descriptor: Int32, limit: Int, deadline: Double, isComplete: ([UInt8]) -> Bool) -> [UInt8] {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while received.count < limit, !isComplete(received) {
            let remaining = deadline - MonotonicClock.now()
            guard remaining > 0, waitReadable([descriptor], milliseconds: Int32(remaining * 1000) + 1) != nil else { break }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        return received
    }

    /// Writes all of `bytes` unless the client stops reading until `deadline`; whether all went.
    @discardableResult
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], deadline: Double) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 { offset += sent; continue }
            guard sent < 0, errno == EAGAIN || errno == EINTR else { return false }
            let remaining = deadline - MonotonicClock.now()
            var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            guard remaining > 0, poll(&entry, 1, Int32(remaining * 1000) + 1) > 0 else { return false }
        }
        return true
    }
}
