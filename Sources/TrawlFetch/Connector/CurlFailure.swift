internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// Turns a failed transfer's CURLcode into the short reason stored in `pages.error`, in trawl's words:
/// "<kind>: <what happened>", with curl's own detail kept apart (`FetchFailure.detail`).
///
/// The kind, the text before the first ':' or '(', is what `trawl status`, the end-of-crawl summary and the
/// `error_kinds` view group by (see `ErrorReason` in TrawlStore), so it names the cause a user can act on:
/// "DNS", "connect", "timed out", "stalled", and for TLS the certificate's fault ("TLS certificate expired",
/// "TLS unknown CA": see `TLSFailure`). curl's detail (CURLOPT_ERRORBUFFER) follows in
/// parentheses, for the specifics (the host, the port, the milliseconds), never as the kind.
enum CurlFailure {
    static func describe(
        _ code: CURLcode, easy: CurlEasy, transfer: Transfer, options: ConnectorOptions
    ) -> FetchFailure {
        let curl = easy.errorMessage(for: code)
        if let address = transfer.refusedAddress {
            let host = transfer.request.hostKey
            return FetchFailure(.privateAddress,
                                "refused: \(host) is at private address \(address) (pass --allow-private to crawl it)")
        }
        // Through a proxy (issue 11): a redirect refused by name, and the proxy's own failures.
        if let target = transfer.refusedTarget {
            return FetchFailure(.privateAddress, ProxiedTargetGuard.message(hostKey: target.host, reason: target.reason))
        }
        if let route = transfer.route,
           let failure = ProxyFailure.describe(code, easy: easy, route: route, options: options, curl: curl) {
            return failure
        }
        switch code {
        case CURLE_WRITE_ERROR where transfer.exceededMaxBytes, CURLE_FILESIZE_EXCEEDED:
            return FetchFailure(.tooLarge, "response larger than --max-bytes (\(options.maxBytes) bytes)")
        case CURLE_OPERATION_TIMEDOUT:
            return timeout(easy: easy, options: options, curl: curl)
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchFailure(.redirects,
                                "redirect loop or chain longer than \(options.maxRedirects) redirects")
        case CURLE_UNSUPPORTED_PROTOCOL:
            return FetchFailure(.refusedScheme, "refused: redirect to a scheme other than http/https", detail: curl)
        case CURLE_COULDNT_RESOLVE_HOST:
            return FetchFailure(.resolve, "DNS: could not resolve host", detail: curl)
        case CURLE_COULDNT_CONNECT:
            return FetchFailure(.connect, "connect: " + connectCause(errno: easy.long(CURLINFO_OS_ERRNO)),
                                detail: curl)
        case CURLE_PARTIAL_FILE:
            return FetchFailure(.network, "connection closed before the body was complete", detail: curl)
        case CURLE_GOT_NOTHING:
            return FetchFailure(.network, "empty reply: the server closed the connection without a response")
        case CURLE_RECV_ERROR:
            return FetchFailure(.network, "connection error: receiving failed", detail: curl)
        case CURLE_SEND_ERROR:
            return FetchFailure(.network, "connection error: sending failed", detail: curl)
        case CURLE_BAD_CONTENT_ENCODING:
            return FetchFailure(.other, "undecodable content encoding", detail: curl)
        default:
            if let failure = TLSFailure.describe(code, verifyResult: easy.long(CURLINFO_SSL_VERIFYRESULT), curl: curl) {
                return failure
            }
            return FetchFailure(.network, "network error: curl error \(code.rawValue)", detail: curl)
        }
    }

    /// CURLE_OPERATION_TIMEDOUT covers four limits, told apart by curl's own text: the connect timeout
    /// ("Connection timed out after …", also "Resolving timed out after …" for DNS), the low-speed limit
    /// (CURLOPT_LOW_SPEED_LIMIT/TIME, "Operation too slow"), and the whole request's timeout ("Operation timed
    /// out after …"), which may fire before any connection was made (CURLINFO_CONNECT_TIME_T still 0).
    private static func timeout(easy: CurlEasy, options: ConnectorOptions, curl: String) -> FetchFailure {
        if curl.contains("too slow") {
            return FetchFailure(.timeout, "stalled: less than \(options.lowSpeedLimit) bytes/s for "
                                + "\(seconds(options.lowSpeedTime)) s", detail: curl)
        }
        if curl.hasPrefix("Resolving timed out") {
            return FetchFailure(.timeout, "DNS: no answer within --connect-timeout "
                                + "\(seconds(options.connectTimeout)) s", detail: curl)
        }
        if curl.hasPrefix("Connection timed out") {
            return FetchFailure(.timeout, "connect: no connection within --connect-timeout "
                                + "\(seconds(options.connectTimeout)) s", detail: curl)
        }
        let what = easy.offset(CURLINFO_CONNECT_TIME_T) == 0 ? "no connection" : "no complete response"
        return FetchFailure(.timeout, "timed out: \(what) within --timeout \(seconds(options.timeout)) s",
                            detail: curl)
    }

    /// What the socket said when curl could not connect (CURLINFO_OS_ERRNO).
    static func connectCause(errno: Int) -> String {
        switch Int32(errno) {
        case ECONNREFUSED: "connection refused"
        case ENETUNREACH, EHOSTUNREACH: "host or network unreachable"
        case ETIMEDOUT: "timed out"
        default: "could not connect"
        }
    }

    /// "10", "2.5": whole seconds without a fraction.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension CurlFailure {
    /// A response 407 through a proxy: the proxy, not the target, wants credentials.
    static func proxyAuthenticationRequired(transfer: Transfer, status: Int) -> FetchFailure {
        let proxy = transfer.route?.proxy
        let given = proxy?.credentials == nil ? "none were given" : "the ones given were refused"
        return FetchFailure(.proxy, "proxy: authentication required (the proxy \(proxy?.redacted ?? "") answered "
                            + "\(status); \(given): put them in the proxy URL, scheme://USER:PASSWORD@host:port)")
    }
}
