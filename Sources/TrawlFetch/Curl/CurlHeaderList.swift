internal import CCurl

/// Request headers of one transfer, as the `curl_slist` CURLOPT_HTTPHEADER reads, owned here and freed
/// (`curl_slist_free_all`) in `deinit`. curl does not copy the list: it must outlive the transfer, so the
/// `Transfer` keeps it.
final class CurlHeaderList {
    private(set) var list: UnsafeMutablePointer<curl_slist>?

    /// `lines` are whole header lines ("If-None-Match: \"v1\"").
    init(_ lines: [String]) {
        for line in lines { list = curl_slist_append(list, line) }
    }

    deinit { curl_slist_free_all(list) }
}

extension CurlEasy {
    /// CURLOPT_HTTPHEADER: these headers are sent with the request (and the redirects curl follows).
    func setHeaders(_ headers: CurlHeaderList) {
        _ = trawl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers.list)
    }
}
