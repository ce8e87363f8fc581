internal import CCurl

/// One request's life inside the connector: waiting, then running on an easy handle, then answered.
///
/// Created by `Connector.fetch` and from then on touched only by the connector's loop thread (including
/// curl's write callback, which runs inside `curl_multi_perform` on that thread); that confinement is
/// what makes `@unchecked Sendable` sound.
final class Transfer: @unchecked Sendable {
    let id: UInt64
    let request: FetchRequest
    let maxBytes: Int
    let keepsBody: @Sendable (String?) -> Bool
    private var continuation: CheckedContinuation<FetchResponse, Never>?
    var easy: CurlEasy?
    var body: [UInt8] = []
    var bytes = 0
    /// Set once the first body bytes arrive: whether this content type's body is kept.
    var keepBody: Bool?
    var exceededMaxBytes = false

    init(id: UInt64, request: FetchRequest, options: ConnectorOptions,
         continuation: CheckedContinuation<FetchResponse, Never>) {
        self.id = id
        self.request = request
        self.maxBytes = options.maxBytes
        self.keepsBody = options.keepsBody
        self.continuation = continuation
    }

    /// Answers the caller, exactly once.
    func complete(_ response: FetchResponse) {
        continuation?.resume(returning: response)
        continuation = nil
    }

    /// Takes body bytes from curl's write callback. Counting here, after decoding, is what bounds a
    /// gzip bomb: CURLOPT_MAXFILESIZE only checks Content-Length in this libcurl.
    /// Returns false to make curl abort the transfer (CURLE_WRITE_ERROR).
    func receive(_ data: UnsafeRawBufferPointer) -> Bool {
        if keepBody == nil {
            keepBody = keepsBody(easy?.string(CURLINFO_CONTENT_TYPE))
        }
        bytes += data.count
        if bytes > maxBytes {
            exceededMaxBytes = true
            return false
        }
        if keepBody == true { body.append(contentsOf: data) }
        return true
    }

    /// curl's CURLOPT_WRITEFUNCTION: `userdata` is the unretained `Transfer`.
    static let writeCallback: trawl_data_callback = { data, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        let buffer = UnsafeRawBufferPointer(start: data, count: length)
        return transfer.receive(buffer) ? length : 0
    }
}

/// One URL to fetch. `hostKey` is the lower-case host[:port] the per-host limits and rate apply to.
public struct FetchRequest: Sendable, Hashable {
    public var url: String
    public var hostKey: String

    public init(url: String, hostKey: String) {
        self.url = url
        self.hostKey = hostKey
    }
}
