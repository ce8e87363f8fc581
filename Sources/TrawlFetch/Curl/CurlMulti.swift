internal import CCurl

/// The libcurl multi handle (`CURLM*`) that carries every transfer of a connector, owned here.
///
/// Its connection cache is what gives keep-alive reuse across requests and workers.
/// Only `wakeup()` may be called from another thread (`curl_multi_wakeup` is documented thread-safe);
/// everything else belongs to the connector's loop thread.
final class CurlMulti: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    init?() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_multi_init() else { return nil }
        self.handle = handle
    }

    deinit { curl_multi_cleanup(handle) }

    func set(_ option: CURLMoption, _ value: Int) { _ = trawl_multi_setopt_long(handle, option, value) }

    func add(_ easy: CurlEasy) -> Bool { curl_multi_add_handle(handle, easy.handle) == CURLM_OK }
    func remove(_ easy: CurlEasy) { curl_multi_remove_handle(handle, easy.handle) }

    /// Drives every transfer as far as it can go without blocking (`curl_multi_perform`).
    func perform() {
        var running: Int32 = 0
        while curl_multi_perform(handle, &running) == CURLM_CALL_MULTI_PERFORM {}
    }

    /// Sleeps until a socket is ready, `wakeup()` is called, or `milliseconds` pass (`curl_multi_poll`).
    func poll(milliseconds: Int32) {
        var ready: Int32 = 0
        curl_multi_poll(handle, nil, 0, milliseconds, &ready)
    }

    func wakeup() { curl_multi_wakeup(handle) }

    /// How long curl wants to wait at most before it must be called again; nil when it has no timer.
    func timeoutMilliseconds() -> Int? {
        var value = -1
        curl_multi_timeout(handle, &value)
        return value < 0 ? nil : value
    }

    /// Each finished transfer: its easy handle and result code (`curl_multi_info_read`).
    func finishedTransfers() -> [(easy: UnsafeMutableRawPointer, code: CURLcode)] {
        var finished: [(UnsafeMutableRawPointer, CURLcode)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                finished.append((easy, trawl_msg_result(message)))
            }
        }
        return finished
    }
}
