internal import CCurl

/// A `curl_slist` of strings, owned here and freed in `deinit` (`curl_slist_free_all`).
///
/// curl copies each string into the list (`curl_slist_append`), but an easy handle given a list
/// (CURLOPT_HTTPHEADER) keeps only the pointer: the list must outlive every transfer that uses it, so the
/// connector builds the crawl's header list once and keeps it until its loop thread has ended, and a request
/// with header lines of its own (a conditional re-fetch) has its own list, kept by its `Transfer`. curl keeps
/// only the last CURLOPT_HTTPHEADER list set, so that one holds the crawl's lines too
/// (`RequestSession.setHeaders(_:adding:)`).
final class CurlStringList {
    let pointer: UnsafeMutablePointer<curl_slist>

    /// nil for an empty list, or when curl cannot allocate.
    init?(_ items: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for item in items {
            guard let longer = curl_slist_append(list, item) else {
                curl_slist_free_all(list)
                return nil
            }
            list = longer
        }
        guard let list else { return nil }
        pointer = list
    }

    deinit { curl_slist_free_all(pointer) }

    /// The strings of a list curl returned (CURLINFO_COOKIELIST), which the caller must free: copied, then
    /// freed here.
    static func takeStrings(_ list: UnsafeMutablePointer<curl_slist>?) -> [String] {
        var strings: [String] = []
        var node = list
        while let current = node {
            if let data = current.pointee.data { strings.append(String(cString: data)) }
            node = current.pointee.next
        }
        curl_slist_free_all(list)
        return strings
    }
}
