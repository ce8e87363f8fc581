import Glibc

/// A deliberately small HTTP/1.1 client on a raw TCP socket, for tests that must see exactly what goes
/// over one connection (reuse, closes, broken framing), which a full client such as libcurl would hide.
///
/// Every read takes a timeout, so a test never hangs on a server that misbehaves.
final class RawHTTPClient {
    enum Failure: Error, Equatable {
        case connectFailed(errno: Int32)
        case sendFailed(errno: Int32)
        case timedOut
        /// The server closed before a complete response; `received` is what came.
        case closedEarly(received: Int)
        case malformedResponse
    }

    struct Response {
        let status: Int
        /// Lower-cased names.
        let headers: [String: String]
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private var descriptor: Int32
    /// Bytes received but not yet consumed by `readResponse`.
    private var pending: [UInt8] = []

    init(address: String = "127.0.0.1", port: UInt16) throws(Failure) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &socketAddress.sin_addr)
        let fd = descriptor
        let result = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close()
            throw .connectFailed(errno: code)
        }
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Sends raw text as is (CRLFs included by the caller).
    func send(_ text: String) throws(Failure) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let fd = descriptor
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw .sendFailed(errno: errno) }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// Sends one request with a Host header and the extra `headers`.
    func sendRequest(
        _ path: String, method: String = "GET", version: String = "HTTP/1.1", headers: [String] = []
    ) throws(Failure) {
        let lines = ["\(method) \(path) \(version)", "Host: loopback"] + headers
        try send(lines.joined(separator: "\r\n") + "\r\n\r\n")
    }

    /// Reads one response framed by Content-Length (no body for HEAD or when the length is absent).
    func readResponse(timeout: Double = 5, isHead: Bool = false) throws(Failure) -> Response {
        let deadline = Self.now() + timeout
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.endOfHead(in: pending)
            if headEnd == nil { try receive(until: deadline) }
        }
        let head = String(decoding: pending[..<headEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw .malformedResponse }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedResponse }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].drop(while: { $0 == " " }))
        }
        let length = isHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while pending.count < headEnd! + length {
            try receive(until: deadline)
        }
        let body = Array(pending[headEnd!..<(headEnd! + length)])
        pending.removeFirst(headEnd! + length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Reads whatever arrives until the server closes; true if it closed within `timeout` seconds.
    func waitForClose(timeout: Double) -> Bool {
        let deadline = Self.now() + timeout
        while true {
            do throws(Failure) {
                try receive(until: deadline)
            } catch .closedEarly {
                return true
            } catch {
                return false
            }
        }
    }

    /// Bytes received and not consumed by `readResponse`, e.g. a truncated body.
    var unconsumed: [UInt8] { pending }

    /// One `recv(2)` after `poll(2)`; throws on timeout or end of stream.
    private func receive(until deadline: Double) throws(Failure) {
        let remaining = deadline - Self.now()
        guard remaining > 0 else { throw .timedOut }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32((remaining * 1000).rounded(.up))) > 0 else { throw .timedOut }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let fd = descriptor
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw .closedEarly(received: pending.count) }
        pending.append(contentsOf: chunk[..<count])
    }

    private static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
