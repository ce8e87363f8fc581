internal import CCurl

/// Names a failed proxied transfer's cause when it lies with the proxy, so that `status` groups it as
/// "proxy" rather than as a connect failure of the target: the proxy unknown (CURLE_COULDNT_RESOLVE_PROXY),
/// unreachable (CURLE_COULDNT_CONNECT: through a proxy the only connection curl opens is to the proxy),
/// refusing a tunnel (a CONNECT answered non-2xx: CURLINFO_HTTP_CONNECTCODE), or a SOCKS failure
/// (CURLE_PROXY, whose cause CURLINFO_PROXY_ERROR gives, curl 7.73+), or an https:// proxy's certificate
/// refused. nil: not the proxy's doing.
enum ProxyFailure {
    static func describe(
        _ code: CURLcode, easy: CurlEasy, route: ProxyRoutes.Route, options: ConnectorOptions, curl: String
    ) -> FetchFailure? {
        let proxy = route.proxy.redacted
        // An https:// proxy whose own certificate failed verification (CURLINFO_PROXY_SSL_VERIFYRESULT, an
        // OpenSSL X509_V_ERR_* code): curl reports it with the codes a target's certificate gets.
        if route.proxy.scheme == .https, easy.long(CURLINFO_PROXY_SSL_VERIFYRESULT) != 0 {
            return FetchFailure(.proxy, "proxy: the proxy \(proxy) presented a certificate that is not trusted "
                                + "(X509 error \(easy.long(CURLINFO_PROXY_SSL_VERIFYRESULT)); trust its CA with "
                                + "--ca-cert)", detail: curl)
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_PROXY:
            return FetchFailure(.proxy, "proxy: cannot resolve the proxy's host \(route.proxy.host) (from "
                                + "\(route.source))", detail: curl)
        case CURLE_COULDNT_CONNECT:
            let cause = CurlFailure.connectCause(errno: easy.long(CURLINFO_OS_ERRNO))
            return FetchFailure(.proxy, "proxy: cannot connect to the proxy \(proxy): \(cause) (from "
                                + "\(route.source))", detail: curl)
        case CURLE_OPERATION_TIMEDOUT where curl.hasPrefix("Connection timed out") && easy.offset(CURLINFO_CONNECT_TIME_T) == 0:
            return FetchFailure(.proxy, "proxy: no connection to the proxy \(proxy) within --connect-timeout "
                                + "\(CurlFailure.seconds(options.connectTimeout)) s", detail: curl)
        case CURLE_PROXY:
            return FetchFailure(.proxy, "proxy: " + socksCause(easy.long(CURLINFO_PROXY_ERROR), proxy: proxy),
                                detail: curl)
        default:
            let connectCode = easy.long(CURLINFO_HTTP_CONNECTCODE)
            guard connectCode != 0, !(200..<300).contains(connectCode) else { return nil }
            if connectCode == 407 {
                let given = route.proxy.credentials == nil ? "none were given" : "the ones given were refused"
                return FetchFailure(.proxy, "proxy: authentication required (the proxy \(proxy) answered CONNECT "
                                    + "with 407; \(given): put them in the proxy URL)", detail: curl)
            }
            return FetchFailure(.proxy, "proxy: the proxy \(proxy) refused the tunnel (CONNECT answered "
                                + "\(connectCode))", detail: curl)
        }
    }

    /// A SOCKS5 failure (RFC 1928 §6 replies, RFC 1929 authentication) in trawl's words.
    private static func socksCause(_ code: Int, proxy: String) -> String {
        switch UInt32(code) {
        case CURLPX_USER_REJECTED.rawValue, CURLPX_RECV_AUTH.rawValue, CURLPX_SEND_AUTH.rawValue,
             CURLPX_NO_AUTH.rawValue:
            "the SOCKS proxy \(proxy) refused the credentials (or needs some): put them in the proxy URL"
        case CURLPX_REPLY_CONNECTION_REFUSED.rawValue:
            "the SOCKS proxy \(proxy) could not connect to the target: connection refused"
        case CURLPX_REPLY_HOST_UNREACHABLE.rawValue, CURLPX_REPLY_NETWORK_UNREACHABLE.rawValue:
            "the SOCKS proxy \(proxy) cannot reach the target (host or network unreachable)"
        case CURLPX_RESOLVE_HOST.rawValue:
            "cannot resolve the target's name locally for socks5:// (socks5h:// lets the proxy resolve it)"
        case CURLPX_REPLY_NOT_ALLOWED.rawValue:
            "the SOCKS proxy \(proxy) does not allow this target"
        case CURLPX_REPLY_GENERAL_SERVER_FAILURE.rawValue:
            "the SOCKS proxy \(proxy) failed (general server failure; for socks5h://, often a name it cannot resolve)"
        case CURLPX_CLOSED.rawValue:
            "the SOCKS proxy \(proxy) closed the connection"
        default:
            "SOCKS error \(code) from the proxy \(proxy)"
        }
    }
}
