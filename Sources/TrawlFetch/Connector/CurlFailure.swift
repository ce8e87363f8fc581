internal import CCurl

/// Turns a failed transfer's CURLcode into the short reason stored in `pages.error`.
enum CurlFailure {
    static func describe(
        _ code: CURLcode, easy: CurlEasy, transfer: Transfer, options: ConnectorOptions
    ) -> FetchFailure {
        let detail = easy.errorMessage(for: code)
        if let address = transfer.refusedAddress {
            let host = transfer.request.hostKey
            return FetchFailure(.privateAddress,
                                "refused: \(host) is at private address \(address) (pass --allow-private to crawl it)")
        }
        switch code {
        case CURLE_WRITE_ERROR where transfer.exceededMaxBytes:
            return FetchFailure(.tooLarge, "response larger than --max-bytes (\(options.maxBytes) bytes)")
        case CURLE_FILESIZE_EXCEEDED:
            return FetchFailure(.tooLarge, "response larger than --max-bytes (\(options.maxBytes) bytes)")
        case CURLE_OPERATION_TIMEDOUT:
            let slow = detail.contains("too slow")
            return FetchFailure(.timeout, slow ? "stalled: \(detail)" : "timed out: \(detail)")
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchFailure(.redirects,
                                "redirect loop or chain longer than \(options.maxRedirects) redirects")
        case CURLE_UNSUPPORTED_PROTOCOL:
            return FetchFailure(.refusedScheme, "refused: redirect to a scheme other than http/https (\(detail))")
        case CURLE_COULDNT_RESOLVE_HOST:
            return FetchFailure(.resolve, "could not resolve host: \(detail)")
        case CURLE_COULDNT_CONNECT:
            return FetchFailure(.connect, "could not connect: \(detail)")
        case CURLE_PARTIAL_FILE:
            return FetchFailure(.network, "connection closed before the body was complete: \(detail)")
        case CURLE_GOT_NOTHING:
            return FetchFailure(.network, "empty reply: the server closed the connection without a response")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            return FetchFailure(.network, "connection error: \(detail)")
        case CURLE_BAD_CONTENT_ENCODING:
            return FetchFailure(.other, "undecodable content encoding: \(detail)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION:
            return FetchFailure(.connect, "TLS error: \(detail)")
        default:
            return FetchFailure(.network, "\(detail) (curl error \(code.rawValue))")
        }
    }
}
