internal import CCurl

/// Owns one `CURLU *` of curl's URL API: created by `curl_url()` or `curl_url_dup()`, freed by
/// `curl_url_cleanup()` in `deinit`, so it is freed on every path, errors included.
///
/// Non-copyable so that exactly one value owns the pointer; the pointer never leaves this type. A handle
/// is used by one thread at a time (curl's URL API keeps no shared state between handles).
struct CurlURLHandle: ~Copyable {
    private let pointer: OpaquePointer

    /// A new, empty handle (`curl_url`); nil only when curl cannot allocate.
    init?() {
        guard let pointer = curl_url() else { return nil }
        self.pointer = pointer
    }

    private init(adopting pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        curl_url_cleanup(pointer)
    }

    /// A copy with every part already parsed (`curl_url_dup`), so a page's base URL is parsed once and
    /// each of its links starts from a copy.
    func duplicate() -> CurlURLHandle? {
        guard let copy = curl_url_dup(pointer) else { return nil }
        return CurlURLHandle(adopting: copy)
    }

    /// Sets the whole URL (`curl_url_set` with `CURLUPART_URL`). When the handle already holds a URL and
    /// `cString` is a relative reference, curl resolves it against that URL (RFC 3986 §5.2) and removes
    /// dot segments (§5.2.4). Flags stay 0: no `CURLU_NON_SUPPORT_SCHEME` (the scheme was checked before),
    /// no `CURLU_URLENCODE` (it would turn a space in a query into `+`; `PercentEncoding` did the encoding).
    func setURL(_ cString: UnsafePointer<CChar>) -> CurlURLCode {
        CurlURLCode(curl_url_set(pointer, CURLUPART_URL, cString, 0))
    }

    /// Sets the whole URL from NUL-terminated bytes (see `setURL(_:)`).
    func setURL(bytes cString: [UInt8]) -> CurlURLCode {
        cString.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { setURL($0.baseAddress!) }
        }
    }

    /// Sets the whole URL from a Swift string (see `setURL(_:)`).
    func setURL(_ string: String) -> CurlURLCode {
        string.withCString { setURL($0) }
    }

    /// Calls `body` with the whole URL as curl writes it (`curl_url_get` with `CURLUPART_URL` and
    /// `CURLU_NO_DEFAULT_PORT`, which leaves out `:80` for http and `:443` for https), then frees curl's
    /// copy with `curl_free`.
    func withURL<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Swift.Result<Result, CurlURLCode> {
        var text: UnsafeMutablePointer<CChar>?
        let code = CurlURLCode(curl_url_get(pointer, CURLUPART_URL, &text, UInt32(CURLU_NO_DEFAULT_PORT)))
        defer { curl_free(text) }
        guard code.isOK, let text else {
            return .failure(code.isOK ? .outOfMemory : code)
        }
        let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        var count = 0
        while bytes[count] != 0 { count += 1 }
        return .success(body(UnsafeBufferPointer(start: bytes, count: count)))
    }
}

/// A `CURLUcode` from curl's URL API, with curl's own text for it.
struct CurlURLCode: Error, Equatable {
    let rawValue: UInt32

    init(_ code: CURLUcode) {
        rawValue = code.rawValue
    }

    /// `CURLUE_OUT_OF_MEMORY`, also used when `curl_url()` itself returns NULL.
    static let outOfMemory = CurlURLCode(CURLUE_OUT_OF_MEMORY)

    var isOK: Bool { rawValue == CURLUE_OK.rawValue }
    /// `CURLUE_NO_HOST`: `http://`, `https://:80/`.
    var isMissingHost: Bool { rawValue == CURLUE_NO_HOST.rawValue }

    /// curl's description of the code (`curl_url_strerror`, a static string), e.g. "Bad hostname".
    var reason: String {
        guard let text = curl_url_strerror(CURLUcode(rawValue: rawValue)) else { return "curl URL error \(rawValue)" }
        return String(cString: text)
    }
}
