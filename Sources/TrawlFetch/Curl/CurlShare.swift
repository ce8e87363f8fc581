internal import CCurl

/// A libcurl share handle (`CURLSH*`) that holds one cookie jar, owned here and cleaned up in `deinit`.
///
/// Every easy handle of a connector attaches to it (CURLOPT_SHARE), so that a cookie one response sets is
/// sent by any later transfer that matches it, whichever easy handle that transfer runs on
/// (`curl_share_setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE)`).
///
/// No lock callbacks (CURLSHOPT_LOCKFUNC / UNLOCKFUNC) are installed, on purpose: curl needs them only when
/// handles sharing data run on several threads at once, and it skips locking when none is set
/// (`Curl_share_lock`). Every transfer of a connector runs on its one loop thread (`curl_multi_perform`), the
/// jar is filled before that thread starts and read after it has been joined (`pthread_join` orders both).
///
/// `curl_share_cleanup` refuses (CURLSHE_IN_USE) while an easy handle is still attached: the owner releases
/// every easy handle first, as `TransferLoop` does.
final class CurlShare {
    let handle: UnsafeMutableRawPointer

    init?() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_share_init() else { return nil }
        guard trawl_share_setopt_long(handle, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_COOKIE.rawValue)) == CURLSHE_OK
        else {
            curl_share_cleanup(handle)
            return nil
        }
        self.handle = handle
    }

    deinit { curl_share_cleanup(handle) }
}
