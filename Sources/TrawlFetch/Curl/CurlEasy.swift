internal import CCurl

/// One libcurl easy handle (`CURL*`), owned here and cleaned up in `deinit`.
///
/// In curl 7.88 `CURL` and `CURLM` are both `void`, so both import as raw pointers: this type and
/// `CurlMulti` keep them apart. Handles are reused across requests (`curl_easy_reset`), which keeps
/// curl's per-handle caches warm and saves an allocation per page.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// CURLOPT_ERRORBUFFER: curl writes a detailed message here when a transfer fails.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init?() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Forgets every option of the previous request (`curl_easy_reset`), keeping connections and caches.
    func reset() {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
    }

    func set(_ option: CURLoption, _ value: Int) { _ = trawl_easy_setopt_long(handle, option, value) }
    func set(_ option: CURLoption, _ value: Bool) { set(option, value ? 1 : 0) }
    /// curl copies string options (since 7.17), so the Swift string need not outlive the call.
    func set(_ option: CURLoption, _ value: String) { _ = trawl_easy_setopt_string(handle, option, value) }
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) {
        _ = trawl_easy_setopt_pointer(handle, option, pointer)
    }
    func set(_ option: CURLoption, callback: trawl_data_callback) {
        _ = trawl_easy_setopt_data_callback(handle, option, callback)
    }

    /// A list option (CURLOPT_HTTPHEADER): curl keeps the pointer, so `list` must outlive the transfer.
    func set(_ option: CURLoption, list: CurlStringList) {
        _ = trawl_easy_setopt_slist(handle, option, list.pointer)
    }

    /// Attaches the handle to `share`'s cookie jar (CURLOPT_SHARE), which turns curl's cookie engine on.
    /// `curl_easy_reset` keeps the attachment; setting it again is harmless.
    func set(share: CurlShare) { set(CURLOPT_SHARE, pointer: share.handle) }

    /// Every cookie of the handle's jar, one Netscape cookie-file line each (CURLINFO_COOKIELIST).
    func cookieLines() -> [String] {
        var list: UnsafeMutablePointer<curl_slist>?
        guard trawl_easy_getinfo_slist(handle, CURLINFO_COOKIELIST, &list) == CURLE_OK else { return [] }
        return CurlStringList.takeStrings(list)
    }

    /// CURLOPT_OPENSOCKETFUNCTION and its CURLOPT_OPENSOCKETDATA.
    func setOpenSocket(_ callback: trawl_opensocket_callback, context: UnsafeMutableRawPointer) {
        _ = trawl_easy_setopt_opensocket_callback(handle, callback)
        set(CURLOPT_OPENSOCKETDATA, pointer: context)
    }

    /// CURLOPT_PREREQFUNCTION and its CURLOPT_PREREQDATA (proxied transfers: `ProxiedTargetGuard`).
    func setPrerequest(_ callback: trawl_prereq_callback, context: UnsafeMutableRawPointer) {
        _ = trawl_easy_setopt_prereq_callback(handle, callback)
        set(CURLOPT_PREREQDATA, pointer: context)
    }

    func long(_ info: CURLINFO) -> Int {
        var value = 0
        return trawl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    func offset(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return trawl_easy_getinfo_off(handle, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard trawl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// Every value of the response header `name` (ASCII case-insensitive) of the final response, after
    /// redirects, in order (`curl_easy_header` with request -1 and origin CURLH_HEADER, curl 7.83+);
    /// `request` 0 is the first response of the transfer (a redirect, or a 401 challenge curl answered).
    func headerValues(_ name: String, request: Int32 = -1) -> [String] {
        let plainHeader: UInt32 = 1  // CURLH_HEADER
        var header: UnsafeMutablePointer<curl_header>?
        guard curl_easy_header(handle, name, 0, plainHeader, request, &header) == CURLHE_OK, let first = header else {
            return []
        }
        var values: [String] = []
        for index in 0..<first.pointee.amount {
            guard curl_easy_header(handle, name, index, plainHeader, request, &header) == CURLHE_OK,
                  let value = header?.pointee.value else { continue }
            values.append(String(cString: value))
        }
        return values
    }

    /// The detailed message of the last failure, or curl's generic text for `code`.
    func errorMessage(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }
}
