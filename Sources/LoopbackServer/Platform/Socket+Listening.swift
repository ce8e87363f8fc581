internal import Glibc

/// The listening side: `socket(2)`, `bind(2)`, `listen(2)`, `getsockname(2)` and `accept(2)`.
extension Socket {
    /// A non-blocking listening socket bound to `address:port` (port 0: the kernel picks a free one).
    ///
    /// `SO_REUSEADDR` lets a test bind a port whose previous connections are still in TIME_WAIT.
    static func listening(on address: LoopbackAddress, port: UInt16, backlog: Int32) throws(SystemError) -> Socket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("socket") }
        let socket = Socket(adopting: descriptor)
        var on: Int32 = 1
        guard setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SystemError("setsockopt(SO_REUSEADDR)")
        }
        var socketAddress = address.socketAddress(port: port)
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw SystemError("bind") }
        guard listen(descriptor, backlog) == 0 else { throw SystemError("listen") }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        return socket
    }

    /// The port the kernel bound, in host order.
    func localPort() throws(SystemError) -> UInt16 {
        var socketAddress = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = descriptor
        let result = withUnsafeMutablePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SystemError("getsockname") }
        return UInt16(bigEndian: socketAddress.sin_port)
    }

    /// What one `accept(2)` gave.
    enum Accepted {
        case connection(Socket)
        /// Nothing pending (another wake-up took it, or the client reset first): wait again.
        case nothing
        /// Out of descriptors or memory: back off briefly instead of spinning on a readable listener.
        case resourceShortage
        /// The listener itself is unusable (closed or shut down): stop accepting.
        case listenerFailed
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket with Nagle disabled.
    func accept() -> Accepted {
        let fd = descriptor
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else {
            switch errno {
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .resourceShortage
            case EBADF, EINVAL, ENOTSOCK, EOPNOTSUPP: return .listenerFailed
            default: return .nothing
            }
        }
        // Swift's Glibc does not import accept4(2), so the flags are set right after.
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        let socket = Socket(adopting: client)
        socket.disableNagle()
        return .connection(socket)
    }
}
